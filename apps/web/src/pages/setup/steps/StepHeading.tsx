import { useEffect, useRef } from 'react';

/**
 * The step's heading; it takes focus when the step opens so screen readers announce it. Only then: a
 * later re-render of the step (a query refetching, a status changing) must not pull focus away from
 * whatever the admin is using.
 */
export function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id="page-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
