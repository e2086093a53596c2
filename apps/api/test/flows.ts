import { startOidcIdp, startSamlIdp } from '@gatehouse/test-idps';
import { expect, onTestFinished } from 'vitest';
import { adminOf, type Harness, type Loose } from './harness.ts';

export const OIDC_SECRET = 'a-very-secret-value-0001';

/** A draft with saved IdP details (SAML metadata file, or OIDC settings), as the wizard leaves it. */
export async function savedDraft(h: Harness, protocol: 'saml' | 'oidc' = 'saml', tenantName = 'Acme') {
  const pool = h.pool;
  if (!pool) throw new Error('needs the local Cognito');
  const admin = await adminOf(h, tenantName);
  const created = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol })).json();
  let saved: Loose;
  if (protocol === 'saml') {
    const idp = await startSamlIdp({
      serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
    });
    onTestFinished(() => idp.stop());
    saved = await (
      await admin.send('PUT', `/connections/${created.id}/saml`, {
        metadata: { source: 'file', xml: idp.metadataXml() },
        version: 0,
      })
    ).json();
  } else {
    const idp = await startOidcIdp({
      clients: [{ clientId: 'gatehouse', clientSecret: OIDC_SECRET, redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] }],
    });
    onTestFinished(() => idp.stop());
    saved = await (
      await admin.send('PUT', `/connections/${created.id}/oidc`, {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: OIDC_SECRET,
        version: 0,
      })
    ).json();
  }
  return { admin, connection: saved };
}

/** Records a test-login result for the draft as it is now (the test-login flow writes the same field). */
export async function recordTest(h: Harness, tenantId: string, id: string, passed: boolean) {
  const stored = await h.deps.connections.get(tenantId, id);
  if (!stored) throw new Error('missing connection');
  return h.deps.connections.save(
    { ...stored, lastTest: { at: h.clock.now.toISOString(), passed, changeSeq: stored.changeSeq, report: { attributes: [] } } },
    stored.version,
  );
}

/** A connection submitted for review after a passing test login. */
export async function submittedConnection(h: Harness, protocol: 'saml' | 'oidc' = 'saml', tenantName = 'Acme') {
  const { admin, connection } = await savedDraft(h, protocol, tenantName);
  const tested = await recordTest(h, admin.tenant.id, connection.id, true);
  const submitted = await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
  if (submitted.status !== 200) throw new Error(`submit failed: ${await submitted.text()}`);
  const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
  if (!stored) throw new Error('missing connection');
  return { admin, connection: stored };
}

/**
 * A SAML connection of `admin`'s tenant saved through the wizard API against a running test SAML IdP
 * (its metadata file, then `mapping`), which also sets up the connection's test IdP in the local Cognito.
 */
export async function connectionWithSamlIdp(
  h: Harness,
  admin: Awaited<ReturnType<typeof adminOf>>,
  mapping: Record<string, string> = { email: 'email', given_name: 'given_name', family_name: 'family_name' },
) {
  const pool = h.pool;
  if (!pool) throw new Error('no pool');
  const sp = { entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` };
  const idp = await startSamlIdp({ shape: 'generic', serviceProviders: [sp] });
  onTestFinished(() => idp.stop());
  const view = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' })).json();
  const saved = await admin.send('PUT', `/connections/${view.id}/saml`, {
    metadata: { source: 'file', xml: idp.metadataXml() },
    version: 0,
  });
  expect(saved.status).toBe(200);
  expect((await admin.send('PUT', `/connections/${view.id}/mapping`, { attributeMapping: mapping, version: 1 })).status).toBe(
    200,
  );
  return { id: view.id as string, idp, sp };
}
