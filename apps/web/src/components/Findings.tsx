import type { FindingView } from '@gatehouse/core';
import { t } from '../messages.ts';

export type { FindingView };

/** True when any finding is an error: the field it is on is invalid. */
export function hasErrorFinding(findings: readonly FindingView[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** The warnings among findings: what a save that succeeded still asks the admin to look at. */
export function warningsOf(findings: readonly FindingView[]): FindingView[] {
  return findings.filter((f) => f.severity === 'warning');
}

/** The findings about one field (or all of them), each with what to change; errors first. */
export function Findings({ findings, id }: { findings: readonly FindingView[]; id?: string }) {
  if (findings.length === 0) return null;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <ul className="findings" id={id}>
      {sorted.map((f) => (
        <li key={`${f.code}:${f.field}:${f.message}`} className={`finding finding-${f.severity}`} data-code={f.code}>
          <span className={`finding-badge finding-badge-${f.severity}`}>{t.details.severity[f.severity]}</span>{' '}
          <span>{f.message}</span>
          {f.places?.length ? (
            <ul className="finding-places" aria-label={t.details.places}>
              {f.places.map((place) => (
                <li key={place}>{place}</li>
              ))}
            </ul>
          ) : null}
          {f.fix ? (
            <p className="finding-fix">
              <strong>{t.details.fix}:</strong> {f.fix}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** An error summary at the top of a form: announced on arrival, and counts what blocks going on. */
export function ErrorSummary({ findings }: { findings: readonly FindingView[] }) {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <p>
        <strong>{t.details.errorsTitle(errors.length)}</strong>
      </p>
    </div>
  );
}
