import type { ConnectionView } from '@gatehouse/core';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Loading } from '../../../components/Loading.tsx';
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
  const listHeading = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const onRemoved = (domain: string) => {
    setAnnouncement(t.domains.removed(domain));
    listHeading.current?.focus();
  };
  return (
    <>
      <StepHeading>{t.domains.title}</StepHeading>
      <p>{t.domains.intro}</p>
      <AddDomainForm connectionId={connection.id} />
      <h2 ref={listHeading} tabIndex={-1}>
        {t.domains.listTitle}
      </h2>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {domains.isPending ? (
        <Loading />
      ) : domains.isError ? (
        <p role="alert">{domains.error.message}</p>
      ) : domains.data.length === 0 ? (
        <p className="muted">{t.domains.none}</p>
      ) : (
        <div className="domain-list">
          {domains.data.map((claim) => (
            <DomainCard key={claim.domain} claim={claim} connectionId={connection.id} onRemoved={onRemoved} />
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
