import { type AddDomainInput, addDomainInputSchema } from '@gatehouse/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiRequestError } from '../../../lib/api.ts';
import { useAddDomain } from '../../../lib/domains.ts';
import { t } from '../../../messages.ts';

/** Adds a domain; a refusal (free-mail, public suffix, taken, over a limit) appears beside the field. */
export function AddDomainForm({ connectionId }: { connectionId: string }) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const add = useAddDomain(connectionId);
  const [announcement, setAnnouncement] = useState('');
  const form = useForm<AddDomainInput>({ resolver: zodResolver(addDomainInputSchema), defaultValues: { domain: '' } });
  const error = form.formState.errors.domain?.message;

  const onSubmit = form.handleSubmit((input) => {
    setAnnouncement('');
    add.mutate(input.domain, {
      onSuccess: (claim) => {
        form.reset({ domain: '' });
        setAnnouncement(t.domains.added(claim.domain));
      },
      onError: (failure) => {
        const message = failure instanceof ApiRequestError ? failure.message : t.errors.unexpectedBody;
        form.setError('domain', { type: 'server', message }, { shouldFocus: true });
      },
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="add-domain">
      <label htmlFor={inputId}>{t.domains.addLabel}</label>
      <p id={hintId} className="muted field-hint">
        {t.domains.addHint}
      </p>
      <div className="copy-row">
        <input
          id={inputId}
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          {...form.register('domain')}
        />
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? t.domains.adding : t.domains.add}
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </form>
  );
}
