import { useId, useState } from 'react';
import { t } from '../messages.ts';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `value` to the clipboard and says how it went: copied, or failed (no permission, no clipboard). */
export function useCopy(value: string): [CopyState, () => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return [state, copy];
}

/** A value to paste elsewhere, shown as text (never as HTML) with a copy button that reports back. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [state, copy] = useCopy(value);
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} value={value} readOnly onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="button button-secondary" onClick={copy} aria-label={t.wizard.copyLabel(label)}>
          {state === 'copied' ? t.wizard.copied : t.wizard.copy}
        </button>
      </div>
      <p className="copy-status" aria-live="polite">
        {state === 'copied' ? t.wizard.copied : state === 'failed' ? t.wizard.copyFailed : ''}
      </p>
    </div>
  );
}
