import type { ConnectionView, SetupSession } from '@gatehouse/core';
import { VENDOR_GUIDES } from '@gatehouse/core/guides';
import { Link } from 'react-router';
import { Loading } from '../../components/Loading.tsx';
import { useProductName } from '../../lib/branding.ts';
import { useConnections } from '../../lib/connections.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSignOut } from '../../lib/setup-session.ts';
import { stepName, stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';
import { SsoEnforcementSetting } from './SsoEnforcementSetting.tsx';

/** /setup: the tenant's welcome page and its connections, each resuming where the admin left off. */
export function SetupHome({ session }: { session: SetupSession }) {
  const connections = useConnections();
  const signOut = useSignOut();
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.setup.welcomeTitle(session.tenant.name)}
      </h1>
      <p>{t.setup.welcomeIntro}</p>
      <ol className="steps">
        {t.setup.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>

      <h2 id="connections-title">{t.wizard.connectionsTitle}</h2>
      {connections.isPending ? (
        <Loading />
      ) : connections.isError ? (
        <p role="alert">{connections.error.message}</p>
      ) : connections.data.length === 0 ? (
        <p>{t.wizard.noConnections}</p>
      ) : (
        <ul className="connection-list" aria-labelledby="connections-title">
          {connections.data.map((c) => (
            <li key={c.id}>
              <span className="connection-name">{VENDOR_GUIDES[c.vendor].label}</span>
              <span className="muted"> {c.protocol === 'saml' ? t.wizard.protocolSaml : t.wizard.protocolOidc}</span>
              <span className={`badge badge-${c.status}`}>{t.wizard.status[c.status]}</span>
              <NextAction connection={c} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="button" to="/setup/connections/new">
          {t.wizard.newConnection}
        </Link>
      </p>
      <SsoEnforcementSetting />
      <p className="muted">{t.setup.sessionEnds(formatDateTime(session.expiresAt))}</p>
      <button type="button" className="button button-secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {t.setup.signOut}
      </button>
    </section>
  );
}

/**
 * A connection's progress and what to do next, as the server judges it: the first step not done (or
 * needing attention) while a draft is worked on; nothing to do while it is reviewed or when it is live.
 */
function NextAction({ connection: c }: { connection: ConnectionView }) {
  const label = VENDOR_GUIDES[c.vendor].label;
  const product = useProductName();
  const { progress } = c;
  if (c.draftState === 'submitted' || c.draftState === null) {
    // A suspended connection says so in its badge; it is not live.
    const note = c.draftState === 'submitted' ? t.wizard.inReview : c.status === 'active' ? t.wizard.live : null;
    return (
      <>
        {note ? <span className="connection-progress">{note}</span> : null}
        <Link to={stepPath(c.id, 'submit')} aria-label={`${t.wizard.view}: ${label}`}>
          {t.wizard.view}
        </Link>
      </>
    );
  }
  const next = progress.next ?? 'submit';
  const name = stepName(next, product);
  return (
    <>
      <span className="connection-progress">
        {t.wizard.progress(progress.done, progress.total)}.{' '}
        {progress.steps[next] === 'needs-attention' ? t.wizard.nextAttention(name) : t.wizard.nextStep(name)}
      </span>
      <Link to={stepPath(c.id, next)} aria-label={`${t.wizard.continueSetup}: ${label}`}>
        {t.wizard.continueSetup}
      </Link>
    </>
  );
}
