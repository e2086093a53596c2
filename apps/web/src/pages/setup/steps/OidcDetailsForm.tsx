import { type ConnectionView, oidcDetailsInputSchema } from '@gatehouse/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { ErrorSummary, Findings, type FindingView, hasErrorFinding } from '../../../components/Findings.tsx';
import { refusedFindings, useSaveOidc } from '../../../lib/details.ts';
import { stepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { SaveAndContinue } from './SaveAndContinue.tsx';
import { SavedWithWarnings, useHoldOnWarnings } from './SavedWithWarnings.tsx';

type OidcForm = z.input<typeof oidcDetailsInputSchema>;

/** Which input a finding belongs beside: discovery and JWKS problems are problems of the issuer. */
function fieldOf(finding: FindingView): 'issuer' | 'clientId' | 'clientSecret' | 'scopes' {
  if (finding.field.startsWith('client_id') || finding.field === 'clientId') return 'clientId';
  if (finding.field.startsWith('client_secret') || finding.field === 'clientSecret') return 'clientSecret';
  if (finding.field.includes('scope')) return 'scopes';
  return 'issuer';
}

export function OidcDetailsForm({ connection }: { connection: ConnectionView }) {
  const saved = connection.oidc;
  const form = useForm<OidcForm>({
    resolver: zodResolver(oidcDetailsInputSchema),
    defaultValues: {
      issuer: saved?.issuer ?? '',
      clientId: saved?.clientId ?? '',
      scopes: saved?.scopes ?? 'openid email profile',
      attributesRequestMethod: saved?.attributesRequestMethod ?? 'GET',
    },
  });
  // A save with warnings stays here until the admin chooses: fix them, or continue anyway.
  const hold = useHoldOnWarnings(stepPath(connection.id, 'mapping'));
  const save = useSaveOidc(connection.id, (saved) => hold.afterSave(saved.findings));
  const ids = {
    issuer: useId(),
    issuerHint: useId(),
    issuerError: useId(),
    clientId: useId(),
    clientIdError: useId(),
    secret: useId(),
    scopes: useId(),
    method: useId(),
    secretHint: useId(),
    findings: { issuer: useId(), clientId: useId(), clientSecret: useId(), scopes: useId() },
  };
  const refused = refusedFindings(save.error);
  const shown = refused.length > 0 ? refused : save.isError ? [] : connection.findings;
  const near = (field: ReturnType<typeof fieldOf>) => shown.filter((f) => fieldOf(f) === field);
  const errorOf = (name: keyof OidcForm) => form.formState.errors[name]?.message;
  /** aria-invalid and aria-describedby of a field: its hint, its own error, and the findings beside it. */
  const described = (field: ReturnType<typeof fieldOf>, hint?: string, errorId?: string) => {
    const findings = near(field);
    const refs = [hint, errorId, findings.length ? ids.findings[field] : undefined].filter(Boolean);
    return {
      'aria-invalid': hasErrorFinding(findings) || !!errorId,
      'aria-describedby': refs.length ? refs.join(' ') : undefined,
    };
  };

  const submit = form.handleSubmit((values) => {
    if (!connection.editable) return;
    const input = { ...values, clientSecret: values.clientSecret ? values.clientSecret : undefined, version: connection.version };
    hold.release();
    save.mutate(input);
  });

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary findings={refused} />
      {save.error && refused.length === 0 ? <ApiErrorMessage error={save.error} /> : null}
      <fieldset className="lockable" disabled={!connection.editable}>
        <div className="field">
          <label htmlFor={ids.issuer}>{t.details.issuerLabel}</label>
          <input
            id={ids.issuer}
            type="url"
            inputMode="url"
            {...form.register('issuer')}
            {...described('issuer', ids.issuerHint, errorOf('issuer') ? ids.issuerError : undefined)}
          />
          <p className="hint" id={ids.issuerHint}>
            {t.details.issuerHint}
          </p>
          {errorOf('issuer') ? (
            <p className="field-error" id={ids.issuerError}>
              {errorOf('issuer')}
            </p>
          ) : null}
          <Findings findings={near('issuer')} id={ids.findings.issuer} />
        </div>
        <div className="field">
          <label htmlFor={ids.clientId}>{t.details.clientIdLabel}</label>
          <input
            id={ids.clientId}
            autoComplete="off"
            {...form.register('clientId')}
            {...described('clientId', undefined, errorOf('clientId') ? ids.clientIdError : undefined)}
          />
          {errorOf('clientId') ? (
            <p className="field-error" id={ids.clientIdError}>
              {errorOf('clientId')}
            </p>
          ) : null}
          <Findings findings={near('clientId')} id={ids.findings.clientId} />
        </div>
        <div className="field">
          <label htmlFor={ids.secret}>{t.details.clientSecretLabel}</label>
          <input
            id={ids.secret}
            type="password"
            autoComplete="new-password"
            {...form.register('clientSecret')}
            {...described('clientSecret', ids.secretHint)}
          />
          <p className="hint" id={ids.secretHint}>
            {saved?.secret ? t.details.clientSecretSet(saved.secret.lastFour) : t.details.clientSecretHint}
          </p>
          <Findings findings={near('clientSecret')} id={ids.findings.clientSecret} />
        </div>
        <div className="field">
          <label htmlFor={ids.scopes}>{t.details.scopesLabel}</label>
          <input id={ids.scopes} {...form.register('scopes')} {...described('scopes')} />
          <Findings findings={near('scopes')} id={ids.findings.scopes} />
        </div>
        <div className="field">
          <label htmlFor={ids.method}>{t.details.methodLabel}</label>
          <select id={ids.method} {...form.register('attributesRequestMethod')}>
            <option value="GET">{t.details.methodGet}</option>
            <option value="POST">{t.details.methodPost}</option>
          </select>
        </div>
      </fieldset>
      {hold.held > 0 ? <SavedWithWarnings count={hold.held} onContinue={hold.next} /> : null}
      <SaveAndContinue connection={connection} pending={save.isPending} />
    </form>
  );
}
