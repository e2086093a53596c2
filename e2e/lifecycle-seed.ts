import { type AppDeps, activateRevision, createConnection } from '@gatehouse/api';

/**
 * A live SAML connection whose revision 2 serves and whose revision 1 was superseded, as two approvals
 * leave it: what the lifecycle journey suspends, resumes and rolls back. Revision 2 goes live through the
 * real activation saga, so the IdP is in the local Cognito and on the app client.
 */
export async function seedLiveConnection(deps: AppDeps, tenantId: string, metadataXml: string): Promise<void> {
  const now = new Date().toISOString();
  const created = await createConnection(
    deps.connections,
    tenantId,
    { vendor: 'generic', protocol: 'saml', displayName: 'Lifecycle SAML' },
    new Date(),
  );
  const settings = (attributeMapping: Record<string, string>) => ({
    saml: { metadataSource: 'file' as const, metadataXml, signRequests: false, idpInitiated: false, idpSignout: false },
    attributeMapping,
    findings: [],
  });
  const revision = {
    connectionId: created.id,
    tenantId,
    vendor: created.vendor,
    protocol: created.protocol,
    submittedAt: now,
    test: { at: now, passed: true, changeSeq: 0, report: {} },
  };
  await deps.connections.putRevision({ ...revision, revision: 1, settings: settings({ email: 'email' }), state: 'superseded' });
  const second = settings({ email: 'email', name: 'name' });
  const submitted = await deps.connections.saveWithRevision(
    { ...created, draft: second, draftState: 'submitted', draftRevision: 2, submittedAt: now },
    created.version,
    { ...revision, revision: 2, settings: second, state: 'submitted' },
  );
  await activateRevision(deps, submitted, { version: submitted.version, approvedBy: 'e2e' });
}
