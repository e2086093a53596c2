import type { RouteLookupAnswer } from '@gatehouse/core';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useRouteLookup } from '../../lib/admin-tools.ts';
import { t } from '../../messages.ts';

/** The answer in plain words: where the address goes, or why nowhere, and what the login page is told. */
function Answer({ answer }: { answer: RouteLookupAnswer }) {
  const m = t.routeLookup;
  const tenant = answer.tenant;
  const connection = answer.connection;
  return (
    <div className={answer.routed ? 'alert alert-success' : 'alert alert-info'} role="status">
      <p>
        <strong>
          {answer.routed && tenant && connection
            ? m.routed(answer.email, connection.displayName, tenant.name)
            : m.notRouted(answer.email)}
        </strong>
      </p>
      {answer.reason ? (
        <p>{m.reason[answer.reason](answer.domain ?? '', tenant?.name ?? '', connection?.displayName ?? '')}</p>
      ) : null}
      {tenant ? (
        <p>
          <Link to={`/admin/tenants/${encodeURIComponent(tenant.id)}`}>{m.openTenant(tenant.name)}</Link>
        </p>
      ) : null}
      {answer.claims.length > 0 && !tenant ? (
        <ul>
          {answer.claims.map((claim) => (
            <li key={claim.tenantId}>
              <Link to={`/admin/tenants/${encodeURIComponent(claim.tenantId)}`}>{claim.tenantName ?? claim.tenantId}</Link>{' '}
              {m.claimStatus[claim.status]}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">
        {answer.discovery.providerName ? m.discoveryRouted(answer.discovery.providerName) : m.discoveryNull}
      </p>
    </div>
  );
}

/** "Where does this email go?": an operator types an address and sees where it signs in, and why. */
export function RouteLookup() {
  const id = useId();
  const [email, setEmail] = useState('');
  const lookup = useRouteLookup();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (email.trim()) lookup.mutate(email.trim());
  };
  return (
    <section className="route-lookup" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.routeLookup.title}</h2>
      <form onSubmit={submit} className="filters">
        <div className="field">
          <label htmlFor={id}>{t.routeLookup.emailLabel}</label>
          <input
            id={id}
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <p className="hint" id={`${id}-hint`}>
            {t.routeLookup.hint}
          </p>
        </div>
        <p>
          <button type="submit" className="button" disabled={lookup.isPending || !email.trim()}>
            {t.routeLookup.submit}
          </button>
        </p>
      </form>
      <ApiErrorMessage error={lookup.error} />
      {lookup.data ? <Answer answer={lookup.data} /> : null}
    </section>
  );
}
