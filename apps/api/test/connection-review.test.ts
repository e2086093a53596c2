import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordTest, submittedConnection } from './flows.ts';
import type { Harness, Loose } from './harness.ts';
import { useTestDns } from './harness.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const testDns = useTestDns();

type Admin = Awaited<ReturnType<typeof submittedConnection>>['admin'];

/** Adds a domain to the connection and verifies it through the test DNS server, as the wizard does. */
async function verifiedDomain(admin: Admin, connectionId: string, domain: string) {
  const claim = await (await admin.send('POST', '/domains', { domain, connectionId })).json();
  testDns.server.setTxt(claim.record.name, [claim.record.value]);
  expect((await (await admin.send('POST', `/domains/${domain}/verify`)).json()).status).toBe('verified');
}

async function reviewer() {
  const { h, signIn } = await operatorHarness({ config: { dns: testDns.config().dns } });
  const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
  return {
    h,
    cookie,
    csrf,
    review: (tenantId: string, connectionId: string) =>
      h.request(`/v1/admin/tenants/${tenantId}/connections/${connectionId}/review`, { cookie }),
    approve: (tenantId: string, connectionId: string, version: number) =>
      h.request(`/v1/admin/tenants/${tenantId}/connections/${connectionId}/approve`, { cookie, csrf, json: { version } }),
  };
}

/** The SHA-256 fingerprint of the metadata's signing certificate, computed independently of the API. */
function metadataFingerprint(xml: string): string {
  const body = /<(?:ds:)?X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '';
  return new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64')).fingerprint256;
}

async function storedXml(h: Harness, tenantId: string, connectionId: string): Promise<string> {
  const stored = await h.deps.connections.get(tenantId, connectionId);
  const revision = await h.deps.connections.getRevision(tenantId, connectionId, stored?.draftRevision ?? 0);
  return revision?.settings.saml?.metadataXml ?? '';
}

describe('GET /v1/admin/tenants/{id}/connections/{connectionId}/review', () => {
  it('shows a first submission against nothing active: every setting new, the mapping added, domains to route', async () => {
    const { h, review } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    await verifiedDomain(admin, connection.id, 'acme-review.example.com');
    await admin.send('POST', '/domains', { domain: 'acme-pending.example.com', connectionId: connection.id });
    const before = await h.tableDump();

    const response = await review(admin.tenant.id, connection.id);
    expect(response.status).toBe(200);
    const body = await response.json();
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect(body).toMatchObject({
      connection: { id: connection.id, status: 'submitted', providerName: connection.providerName, activeRevision: null },
      submitted: { revision: 1, protocol: 'saml', oidc: null },
      active: null,
      version: stored?.version,
    });

    const rows = Object.fromEntries(body.settings.map((row: Loose) => [row.key, row]));
    expect(Object.keys(rows)).toEqual(
      expect.arrayContaining(['metadataSource', 'entityId', 'certificates', 'certificateExpiry', 'signRequests']),
    );
    expect(rows.issuer).toBeUndefined();
    for (const row of body.settings) expect(row).toMatchObject({ active: null, changed: row.submitted !== null });
    expect(rows.metadataSource.submitted).toBe('file');
    expect(rows.signRequests.submitted).toBe('off');
    expect(rows.entityId.submitted).toBe(body.submitted.saml.entityId);

    // The certificate is named by the fingerprint an IdP console shows, with its expiry.
    const fingerprint = metadataFingerprint(await storedXml(h, admin.tenant.id, connection.id));
    expect(body.submitted.saml.certificates).toEqual([expect.objectContaining({ sha256: fingerprint })]);
    expect(rows.certificates.submitted).toBe(fingerprint);
    expect(Date.parse(rows.certificateExpiry.submitted)).toBeGreaterThan(h.clock.now.getTime());

    expect(body.mapping.length).toBeGreaterThan(0);
    expect(body.mapping.every((row: Loose) => row.change === 'added' && row.active === null)).toBe(true);
    expect(body.mapping.map((row: Loose) => row.attribute)).toContain('email');

    // Only the verified domain will route; there is no live IdP yet.
    expect(body.domains).toEqual({
      claims: expect.arrayContaining([
        { domain: 'acme-review.example.com', status: 'verified' },
        { domain: 'acme-pending.example.com', status: 'pending' },
      ]),
      willRoute: ['acme-review.example.com'],
      live: null,
      liveUnknown: false,
      added: ['acme-review.example.com'],
      removed: [],
    });
    expect(body.test).toMatchObject({ passed: true, report: { attributes: [] } });
    expect(Array.isArray(body.findings)).toBe(true);

    // Reading a review changes nothing stored.
    expect(await h.tableDump()).toBe(before);
  });

  it('shows a second revision of an active connection: the changed mapping and the new domain against the live IdP', async () => {
    const { h, review, approve } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    await verifiedDomain(admin, connection.id, 'acme-one.example.com');
    const first = await (await review(admin.tenant.id, connection.id)).json();
    expect((await approve(admin.tenant.id, connection.id, first.version)).status).toBe(200);

    // The IT admin starts revision 2, remaps given_name, adds a mapping, adds a domain, tests and submits.
    const active = await (await admin.get(`/connections/${connection.id}`)).json();
    const started = await (
      await admin.send('POST', `/connections/${connection.id}/revisions`, { version: active.version })
    ).json();
    const mapping = { ...started.attributeMapping, given_name: 'firstName', 'custom:department': 'department' };
    const oldGivenName = started.attributeMapping.given_name ?? null;
    const remapped = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: mapping,
      version: started.version,
    });
    expect(remapped.status).toBe(200);
    await verifiedDomain(admin, connection.id, 'acme-two.example.com');
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    expect((await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version })).status).toBe(200);

    const body = await (await review(admin.tenant.id, connection.id)).json();
    expect(body).toMatchObject({
      connection: { status: 'submitted', activeRevision: 1 },
      submitted: { revision: 2 },
      active: { revision: 1 },
    });
    // Nothing of the IdP's settings changed: every row is the same on both sides.
    expect(body.settings.length).toBeGreaterThan(0);
    expect(body.settings.filter((row: Loose) => row.changed)).toEqual([]);

    const rows = Object.fromEntries(body.mapping.map((row: Loose) => [row.attribute, row]));
    expect(rows['custom:department']).toEqual({
      attribute: 'custom:department',
      active: null,
      submitted: 'department',
      change: 'added',
    });
    expect(rows.given_name).toMatchObject({
      active: oldGivenName,
      submitted: 'firstName',
      change: oldGivenName ? 'changed' : 'added',
    });
    expect(rows.email.change).toBe('unchanged');

    expect(body.domains).toMatchObject({
      willRoute: ['acme-one.example.com', 'acme-two.example.com'],
      live: ['acme-one.example.com'],
      added: ['acme-two.example.com'],
      removed: [],
    });
  });

  it('says whether an OIDC client secret changed, from its hint alone, and never shows it', async () => {
    const { h, review } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'oidc', 'Acme');
    const body = await (await review(admin.tenant.id, connection.id)).json();
    const rows = Object.fromEntries(body.settings.map((row: Loose) => [row.key, row]));
    expect(rows.clientSecret).toMatchObject({ active: null, changed: true });
    expect(rows.clientSecret.submitted).toMatch(/^set /);
    expect(rows.issuer.submitted).toBe(body.submitted.oidc.issuer);
    expect(rows.entityId).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('a-very-secret-value');
  });

  it('still answers when Cognito fails, saying the live identifiers are unknown rather than empty', async () => {
    const { h, review } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    // More failures than the SDK's own attempts.
    h.cognitoFaults?.add({ operation: 'DescribeIdentityProvider', exception: 'InternalErrorException', count: 5 });
    const response = await review(admin.tenant.id, connection.id);
    expect(h.cognitoFaults?.raised.some((f) => f.operation === 'DescribeIdentityProvider')).toBe(true);
    h.cognitoFaults?.clear();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.domains).toMatchObject({ live: null, liveUnknown: true });
    expect(body.submitted.revision).toBe(1);
  });

  it('answers a connection with nothing waiting with no submitted revision', async () => {
    const { h, review } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    await admin.send('POST', `/connections/${connection.id}/withdraw`, { version: connection.version });
    const body = await (await review(admin.tenant.id, connection.id)).json();
    expect(body).toMatchObject({ submitted: null, active: null, settings: [], mapping: [], findings: [], test: null });
    expect(body.connection.status).toBe('draft');
  });

  it('is refused to IT admins and anonymous callers, and another tenant’s id finds nothing', async () => {
    const { h, review } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    const path = `/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/review`;
    expect((await (await h.request(path, { cookie: admin.cookie })).json()).error.code).toBe('SESSION_REQUIRED');
    expect((await (await h.request(path)).json()).error.code).toBe('SESSION_REQUIRED');
    const other = await submittedConnection(h, 'saml', 'Globex');
    const crossed = await review(other.admin.tenant.id, connection.id);
    expect(crossed.status).toBe(404);
    expect((await crossed.json()).error.code).toBe('NOT_FOUND');
  });
});

describe('the tenant page’s connection overview', () => {
  it('shows each connection’s domains with status, its findings by severity and the certificate expiry', async () => {
    const { h, cookie } = await reviewer();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    await verifiedDomain(admin, connection.id, 'acme-overview.example.com');
    await admin.send('POST', '/domains', { domain: 'acme-later.example.com', connectionId: connection.id });

    const detail = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie })).json();
    const row = detail.connections.find((c: Loose) => c.id === connection.id);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const findings = [...(stored?.draft?.findings ?? []), ...(stored?.draft?.mappingFindings ?? [])];
    expect(row).toMatchObject({
      status: 'submitted',
      lastTest: { passed: true },
      overview: {
        domains: expect.arrayContaining([
          { domain: 'acme-overview.example.com', status: 'verified' },
          { domain: 'acme-later.example.com', status: 'pending' },
        ]),
        findings: {
          error: findings.filter((f) => f.severity === 'error').length,
          warning: findings.filter((f) => f.severity === 'warning').length,
          info: findings.filter((f) => f.severity === 'info').length,
        },
      },
    });
    expect(Date.parse(row.overview.certificateExpiry)).toBeGreaterThan(h.clock.now.getTime());
  });
});
