import type { IacFormat } from '@gatehouse/core';
import { useId, useState } from 'react';
import { useIacExport } from '../lib/admin-tools.ts';
import { t } from '../messages.ts';
import { ApiErrorMessage } from './ApiErrorMessage.tsx';
import { useCopy } from './CopyField.tsx';
import { Loading } from './Loading.tsx';

const FORMATS: IacFormat[] = ['cdk', 'terraform'];

/** A copy button for a block of code, reporting back like CopyField does. */
function CopyCode({ label, value }: { label: string; value: string }) {
  const [state, copy] = useCopy(value);
  return (
    <p>
      <button type="button" className="button button-secondary" onClick={copy} aria-label={t.iacExport.copyLabel(label)}>
        {state === 'copied' ? t.wizard.copied : t.wizard.copy}
      </button>{' '}
      <span className="copy-status" aria-live="polite">
        {state === 'copied' ? t.wizard.copied : state === 'failed' ? t.wizard.copyFailed : ''}
      </span>
    </p>
  );
}

/**
 * "Export as code" for a live connection: its Cognito identity provider as AWS CDK and as Terraform, in
 * tabs, with a copy button. The code is shown as text; the client secret is never in it.
 */
export function IacExport({ tenantId, connectionId }: { tenantId: string; connectionId: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<IacFormat>('cdk');
  const exported = useIacExport(tenantId, connectionId, open);
  const code = exported.data?.[format] ?? '';
  return (
    <details className="iac-export" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t.iacExport.summary}</summary>
      {exported.isPending && open ? <Loading /> : null}
      <ApiErrorMessage error={exported.error} />
      {exported.data ? (
        <div>
          <p className="hint">{t.iacExport.intro}</p>
          {exported.data.secret ? (
            <p className="hint">
              {t.iacExport.secretNote(exported.data.secret.secretName, exported.data.secret.terraformVariable)}
            </p>
          ) : null}
          <div role="tablist" aria-label={t.iacExport.tabsLabel} className="tabs">
            {FORMATS.map((f) => (
              <button
                key={f}
                type="button"
                role="tab"
                id={`${id}-${f}-tab`}
                aria-selected={format === f}
                aria-controls={`${id}-panel`}
                className={format === f ? 'button' : 'button button-secondary'}
                onClick={() => setFormat(f)}
              >
                {t.iacExport.format[f]}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${format}-tab`}>
            <CopyCode label={t.iacExport.format[format]} value={code} />
            {/* Focusable so the code can be scrolled by keyboard. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard. */}
            <pre className="code-block" tabIndex={0}>
              <code>{code}</code>
            </pre>
          </div>
        </div>
      ) : null}
    </details>
  );
}
