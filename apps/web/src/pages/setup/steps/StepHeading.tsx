/** The step's heading; it takes focus when the step opens so screen readers announce it. */
export function StepHeading({ children }: { children: string }) {
  return (
    <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
      {children}
    </h1>
  );
}
