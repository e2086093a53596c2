import { type AppDeps, activateRevision, type ConnectionStore, createConnection } from '@gatehouse/api';

const samlSettings = (metadataXml: string, attributeMapping: Record<string, string>) => ({
  saml: { metadataSource: 'file' as const, metadataXml, signRequests: false, idpInitiated: false, idpSignout: false },
  attributeMapping,
  findings: [],
});

/**
 * A new SAML connection whose revision `revision` is submitted after a passing test, as the wizard's
 * submit step leaves it; `earlier` revisions are stored before it, superseded.
 */
async function submittedSaml(
  connections: ConnectionStore,
  tenantId: string,
  metadataXml: string,
  options: { displayName: string; revision: number; attributeMapping: Record<string, string>; earlier?: Record<string, string> },
) {
  const now = new Date().toISOString();
  const created = await createConnection(
    connections,
    tenantId,
    { vendor: 'generic', protocol: 'saml', displayName: options.displayName },
    new Date(),
  );
  const revision = {
    connectionId: created.id,
    tenantId,
    vendor: created.vendor,
    protocol: created.protocol,
    submittedAt: now,
    test: { at: now, passed: true, changeSeq: 0, report: {} },
  };
  if (options.earlier) {
    await connections.putRevision({
      ...revision,
      revision: 1,
      settings: samlSettings(metadataXml, options.earlier),
      state: 'superseded',
    });
  }
  const settings = samlSettings(metadataXml, options.attributeMapping);
  return connections.saveWithRevision(
    { ...created, draft: settings, draftState: 'submitted', draftRevision: options.revision, submittedAt: now },
    created.version,
    { ...revision, revision: options.revision, settings, state: 'submitted' },
  );
}

/**
 * A live SAML connection whose revision 2 serves and whose revision 1 was superseded, as two approvals
 * leave it: what the lifecycle journey suspends, resumes and rolls back. Revision 2 goes live through the
 * real activation saga, so the IdP is in the local Cognito and on the app client.
 */
export async function seedLiveConnection(deps: AppDeps, tenantId: string, metadataXml: string): Promise<void> {
  const submitted = await submittedSaml(deps.connections, tenantId, metadataXml, {
    displayName: 'Lifecycle SAML',
    revision: 2,
    attributeMapping: { email: 'email', name: 'name' },
    earlier: { email: 'email' },
  });
  await activateRevision(deps, submitted, { version: submitted.version, approvedBy: 'e2e' });
}

/** A SAML connection's first revision, tested and waiting for an operator's review. */
export async function seedSubmittedConnection(connections: ConnectionStore, tenantId: string, metadataXml: string) {
  return submittedSaml(connections, tenantId, metadataXml, {
    displayName: 'Pending SAML',
    revision: 1,
    attributeMapping: { email: 'email', name: 'name' },
  });
}
