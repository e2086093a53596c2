import {
  type AppDeps,
  activateRevision,
  addDomain,
  audit,
  createConnection,
  createTenant,
  jobActor,
  refreshLiveProvider,
  saveSamlDetails,
  startRevision,
  submitForReview,
  verifyDomain,
} from '@gatehouse/api';
import { challengeRecordName } from '@gatehouse/core/domains';

/** A tenant whose SSO is live from the first start, so that discovery answers out of the box. */
export const DEMO_LIVE_TENANT = { id: 'demo-live', name: 'Demo Live Company' } as const;
/**
 * The verified domain of the live demo connection. Separate from DEMO_DOMAIN, which the wizard's demo
 * asks the IT admin to verify for the other demo tenant.
 */
export const DEMO_LIVE_DOMAIN = 'demo-sso.example.com';
const DISPLAY_NAME = 'Demo SAML IdP';
const actor = jobActor('local demo seed');

export interface DemoLiveConnection {
  tenantId: string;
  connectionId: string;
  providerName: string;
  domain: string;
}

type SeedDeps = AppDeps;

/**
 * Makes sure the live demo tenant has an active SAML connection to the demo SAML IdP with DEMO_LIVE_DOMAIN
 * verified, going through the same services as the wizard and the console: create the connection, save
 * the metadata URL, verify the domain through the local DNS server, record a passing test, submit and
 * approve. Safe to run on every start, also on data kept from an earlier run: what is already done is
 * kept, and the live IdP is sent to Cognito again so it re-reads the metadata URL (the demo IdP's keys
 * are new at every start).
 */
export async function seedDemoLiveConnection(
  deps: SeedDeps,
  options: { metadataUrl: string; setTxt: (name: string, values: string[]) => void },
): Promise<DemoLiveConnection> {
  const tenantId = DEMO_LIVE_TENANT.id;
  if (!(await deps.tenants.getTenant(tenantId))) {
    const tenant = await createTenant(deps.tenants, { id: tenantId, name: DEMO_LIVE_TENANT.name }, deps.now());
    await audit(deps, actor, { tenantId, action: 'tenant.created', summary: `Created tenant ${tenant.name}.`, after: tenant });
  }
  let connection = (await deps.connections.list(tenantId)).find((c) => c.displayName === DISPLAY_NAME);
  if (!connection) {
    const input = { vendor: 'generic', protocol: 'saml', displayName: DISPLAY_NAME } as const;
    connection = await createConnection(deps.connections, tenantId, input, deps.now());
    const target = { connectionId: connection.id };
    await audit(deps, actor, { tenantId, action: 'connection.created', target, summary: `Created ${DISPLAY_NAME}.` });
  }

  // The DNS server starts empty at every start: publish the claim's record again before checking it.
  const { claim, created } = await addDomain(deps, tenantId, connection.id, DEMO_LIVE_DOMAIN, deps.now());
  const target = { connectionId: connection.id, domain: claim.domain };
  if (created) await audit(deps, actor, { tenantId, action: 'domain.added', target, summary: `Added ${claim.domain}.` });
  options.setTxt(challengeRecordName(claim.domain), [claim.challenge]);
  if (claim.status !== 'verified') {
    const checked = await verifyDomain(deps, claim, deps.now());
    const action = checked.status === 'verified' ? 'domain.verified' : 'domain.verification-failed';
    await audit(deps, actor, { tenantId, action, target, summary: `Checked ${claim.domain}: ${checked.status}.` });
  }

  const active =
    connection.activeRevision === null
      ? null
      : await deps.connections.getRevision(tenantId, connection.id, connection.activeRevision);
  if (active && connection.draftState === null && active.settings.saml?.metadataUrl === options.metadataUrl) {
    await refreshLiveProvider(deps, connection);
    return summary(connection);
  }

  if (connection.draftState === 'submitted') {
    // Left submitted by an interrupted run: approve what was submitted.
  } else {
    if (connection.draftState === null) connection = await startRevision(deps, connection, connection.version);
    connection = await saveSamlDetails(deps, connection, {
      metadata: { source: 'url', url: options.metadataUrl },
      signRequests: false,
      idpInitiated: false,
      idpSignout: false,
      version: connection.version,
    });
    await deps.testLogins.recordResult(tenantId, connection.id, {
      at: deps.now().toISOString(),
      passed: true,
      changeSeq: connection.changeSeq,
      report: { seeded: true, note: 'Recorded by the local demo seed for the demo SAML IdP.' },
    });
    connection = { ...connection, lastTest: (await deps.connections.get(tenantId, connection.id))?.lastTest };
    connection = await submitForReview(deps, connection, connection.version);
    const summaryText = `Submitted revision ${connection.draftRevision} of ${DISPLAY_NAME} for review.`;
    await audit(deps, actor, {
      tenantId,
      action: 'connection.submitted',
      target: { connectionId: connection.id },
      summary: summaryText,
    });
  }
  const before = connection.activeRevision;
  connection = await activateRevision(deps, connection, { version: connection.version, approvedBy: actor.id });
  await audit(deps, actor, {
    tenantId,
    action: 'connection.approved',
    target: { connectionId: connection.id },
    summary: `Approved revision ${connection.activeRevision} of ${connection.displayName}; it now serves users.`,
    before: { activeRevision: before },
    after: { activeRevision: connection.activeRevision, status: 'active' },
  });
  return summary(connection);
}

function summary(connection: { tenantId: string; id: string; providerName: string }): DemoLiveConnection {
  return {
    tenantId: connection.tenantId,
    connectionId: connection.id,
    providerName: connection.providerName,
    domain: DEMO_LIVE_DOMAIN,
  };
}
