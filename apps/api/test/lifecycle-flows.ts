import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { activateRevision } from '../src/services/activation.ts';
import type { StoredConnection } from '../src/store/connection-store.ts';
import { recordTest, submittedConnection } from './flows.ts';
import type { Harness } from './harness.ts';

/** The production app client as Cognito holds it now. */
export async function appClient(h: Harness) {
  const pool = h.pool;
  if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
  const result = await localCognitoClient(h.cognitoEndpoint).send(
    new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.appClientId }),
  );
  if (!result.UserPoolClient) throw new Error('no app client');
  return result.UserPoolClient;
}

export async function stored(h: Harness, connection: { tenantId: string; id: string }): Promise<StoredConnection> {
  const found = await h.deps.connections.get(connection.tenantId, connection.id);
  if (!found) throw new Error('missing connection');
  return found;
}

/** A verified domain routed to the connection, written through the store (DNS is another suite's subject). */
export async function verifiedDomain(h: Harness, connection: { tenantId: string; id: string }, domain: string) {
  const now = h.clock.now.toISOString();
  const claim = {
    tenantId: connection.tenantId,
    domain,
    connectionId: connection.id,
    status: 'pending' as const,
    challenge: `gatehouse-verification=${domain}`,
    createdAt: now,
    updatedAt: now,
  };
  await h.deps.domains.add(claim, 50);
  await h.deps.domains.markVerified(claim, now);
}

/** A connection approved once: revision 1 serves. */
export async function liveConnection(h: Harness, protocol: 'saml' | 'oidc' = 'saml', tenantName = 'Acme') {
  const { admin, connection } = await submittedConnection(h, protocol, tenantName);
  const active = await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'op@example.com' });
  return { admin, connection: active };
}

/**
 * A live connection (revision 1, email only) with revision 2 waiting for review, which also maps
 * custom:department.
 */
export async function secondRevisionSubmitted(h: Harness, protocol: 'saml' | 'oidc' = 'saml', tenantName = 'Acme') {
  const { admin, connection } = await liveConnection(h, protocol, tenantName);
  const started = await (
    await admin.send('POST', `/connections/${connection.id}/revisions`, { version: connection.version })
  ).json();
  const mapped = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
    attributeMapping: { email: 'email', 'custom:department': 'department' },
    version: started.version,
  });
  if (mapped.status !== 200) throw new Error(`mapping failed: ${await mapped.text()}`);
  const tested = await recordTest(h, admin.tenant.id, connection.id, true);
  const submitted = await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
  if (submitted.status !== 200) throw new Error(`submit failed: ${await submitted.text()}`);
  return { admin, connection: await stored(h, connection) };
}

/**
 * A connection approved twice: revision 1 (email only) is superseded by revision 2, which also maps
 * custom:department. A roll back restores revision 1.
 */
export async function twoRevisions(h: Harness, protocol: 'saml' | 'oidc' = 'saml', tenantName = 'Acme') {
  const { admin, connection } = await secondRevisionSubmitted(h, protocol, tenantName);
  const active = await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'op@example.com' });
  return { admin, connection: active };
}
