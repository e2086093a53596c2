import {
  type ChooseProviderInput,
  chooseProviderInputSchema,
  type Protocol,
  VENDOR_GUIDES,
  VENDOR_IDS,
  type VendorId,
} from '@gatehouse/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { t } from '../../messages.ts';

/** Picks the identity provider and protocol. Used to start a connection and to change a draft's choice. */
export function ProviderForm({
  initial,
  protocolLocked = false,
  readOnly = false,
  submitLabel,
  pending,
  onSubmit,
}: {
  initial?: { vendor: VendorId; protocol: Protocol };
  protocolLocked?: boolean;
  /** Under review or live: shown, not changeable. */
  readOnly?: boolean;
  submitLabel: string;
  pending: boolean;
  onSubmit: (input: ChooseProviderInput) => void;
}) {
  const form = useForm<ChooseProviderInput>({
    resolver: zodResolver(chooseProviderInputSchema),
    defaultValues: initial ?? { vendor: 'entra', protocol: 'saml' },
  });
  const vendor = form.watch('vendor');
  const recommended = VENDOR_GUIDES[vendor]?.recommended;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate>
      <fieldset className="choice-grid" disabled={readOnly}>
        <legend>{t.wizard.vendorLegend}</legend>
        {VENDOR_IDS.map((id) => (
          <label key={id} className="choice">
            <input type="radio" value={id} {...form.register('vendor')} />
            <span>{VENDOR_GUIDES[id].label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-row" disabled={protocolLocked || readOnly}>
        <legend>{t.wizard.protocolLegend}</legend>
        {(['saml', 'oidc'] as const).map((protocol) => (
          <label key={protocol} className="choice">
            <input type="radio" value={protocol} {...form.register('protocol')} />
            <span>
              {protocol === 'saml' ? t.wizard.protocolSaml : t.wizard.protocolOidc}
              {recommended === protocol ? <em className="muted"> ({t.wizard.recommended})</em> : null}
            </span>
          </label>
        ))}
        {protocolLocked ? <p className="muted">{t.wizard.protocolLocked}</p> : null}
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className="button" disabled={pending}>
          {pending ? t.wizard.saving : submitLabel}
        </button>
      )}
    </form>
  );
}
