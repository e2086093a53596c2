import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { type FindingView, warningsOf } from '../../../components/Findings.tsx';
import { t } from '../../../messages.ts';

/**
 * A step that moves on after a save, unless the save came back with warnings: then it stays, shows them
 * and waits for "Continue anyway". `afterSave` takes the saved findings; `release` clears the hold when
 * the admin saves again.
 */
export function useHoldOnWarnings(nextPath: string) {
  const navigate = useNavigate();
  const [held, setHeld] = useState(0);
  const next = () => navigate(nextPath);
  return {
    held,
    next,
    release: () => setHeld(0),
    afterSave: (findings: readonly FindingView[] | undefined) => {
      const warnings = warningsOf(findings ?? []).length;
      if (warnings > 0) setHeld(warnings);
      else next();
    },
  };
}

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
