import { ApiRequestError } from '../lib/api.ts';
import { t } from '../messages.ts';

/**
 * Shows why the API refused something, in its own words, as an alert that screen readers announce.
 * A version conflict gets its own explanation and a reload button: nothing was lost on either side.
 */
export function ApiErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiRequestError && error.code === 'VERSION_CONFLICT') {
    return (
      <div className="alert alert-error" role="alert">
        <p>
          <strong>{t.wizard.conflictTitle}</strong>
        </p>
        <p>{t.wizard.conflictBody}</p>
        <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>
          {t.wizard.reload}
        </button>
      </div>
    );
  }
  const message = error instanceof Error ? error.message : t.errors.unexpectedBody;
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
    </div>
  );
}
