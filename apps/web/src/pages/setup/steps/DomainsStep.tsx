import type { ConnectionView } from '@gatehouse/core';
import { Link } from 'react-router';
import { useDomains } from '../../../lib/domains.ts';
import { nextStepPath } from '../../../lib/wizard.ts';
import { t } from '../../../messages.ts';
import { AddDomainForm } from './AddDomainForm.tsx';
import { DomainCard } from './DomainCard.tsx';
import { StepHeading } from './StepHeading.tsx';

/** The domains step: add email domains, publish each one's TXT record, verify it. */
export function DomainsStep({ connection }: { connection: ConnectionView }) {
  const domains = useDomains(connection.id);
  const next = nextStepPath(connection.id, 'domains');
  return (
    <>
      <StepHeading>{t.domains.title}</StepHeading>
      <p>{t.domains.intro}</p>
      <AddDomainForm connectionId={connection.id} />
      <h2>{t.domains.listTitle}</h2>
      {domains.isPending ? (
        <p className="loading" role="status">
          {t.app.loading}
        </p>
      ) : domains.isError ? (
        <p role="alert">{domains.error.message}</p>
      ) : domains.data.length === 0 ? (
        <p className="muted">{t.domains.none}</p>
      ) : (
        <div className="domain-list">
          {domains.data.map((claim) => (
            <DomainCard key={claim.domain} claim={claim} connectionId={connection.id} />
          ))}
        </div>
      )}
      {next ? (
        <Link className="button" to={next}>
          {t.wizard.next}
        </Link>
      ) : null}
    </>
  );
}
