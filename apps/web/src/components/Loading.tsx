import { t } from '../messages.ts';

/** What shows while something loads: announced to screen readers as a status. */
export function Loading({ text = t.app.loading }: { text?: string }) {
  return (
    <p className="loading" role="status">
      {text}
    </p>
  );
}
