import { useEffect, useRef } from 'react';
import { t } from '../../../messages.ts';

/**
 * Shown instead of moving on when a save succeeded with warnings: the settings are saved, and the admin
 * decides whether to fix the warnings (shown where they apply) or continue anyway. Focus moves here once,
 * when it appears, so the admin hears that the step was not left.
 */
export function SavedWithWarnings({ count, onContinue }: { count: number; onContinue: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="alert alert-warning" role="status" tabIndex={-1} ref={ref} aria-labelledby="saved-warnings">
      <p>
        <strong id="saved-warnings">{t.details.savedWithWarnings(count)}</strong>
      </p>
      <p>{t.details.savedWithWarningsBody}</p>
      <button type="button" className="button" onClick={onContinue}>
        {t.details.continueAnyway}
      </button>
    </div>
  );
}
