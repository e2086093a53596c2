import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { connectDynamo } from '../src/store/table.ts';
import { submittedConnection } from './flows.ts';
import type { Harness } from './harness.ts';
import { useTestDns } from './harness.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const testDns = useTestDns();

async function signedInOperator() {
  const { h, signIn } = await operatorHarness({ config: { dns: testDns.config().dns } });
  const done = await signIn();
  if (!done.cookie) throw new Error('no operator session');
  const operator = await operatorSession(h, done.cookie);
  const lookUp = (email: string) =>
    h.request('/v1/admin/route-lookup', { cookie: operator.cookie, csrf: operator.csrf, json: { email } });
  return { h, operator, lookUp };
}

/** A tenant with a submitted connection, `verified` verified and `pending` only claimed; live when `approve`. */
async function tenantWithDomains(h: Harness, name: string, domains: { verified: string; pending?: string }, approve: boolean) {
  const { admin, connection } = await submittedConnection(h, 'saml', name);
  for (const domain of [domains.verified, domains.pending]) {
    if (!domain) continue;
    const claim = await (await admin.send('POST', '/domains', { domain, connectionId: connection.id })).json();
    if (domain === domains.verified) {
      testDns.server.setTxt(claim.record.name, [claim.record.value]);
      expect((await (await admin.send('POST', `/domains/${domain}/verify`)).json()).status).toBe('verified');
    }
  }
  const fresh = await h.deps.connections.get(admin.tenant.id, connection.id);
  if (!fresh) throw new Error('missing connection');
  const current = approve ? await activateRevision(h.deps, fresh, { version: fresh.version, approvedBy: 'op' }) : fresh;
  return { admin, connection: current };
}

/** What the public discovery answers, from another origin as a login page would ask. */
const publicAnswer = async (h: Harness, email: string) =>
  (await h.request('/v1/discovery', { json: { email }, headers: { origin: 'https://app.saas.example' } })).json();

describe('POST /v1/admin/route-lookup', () => {
  it('says where each address goes, or why it goes nowhere, and what the public discovery answers', async () => {
    const { h, lookUp } = await signedInOperator();
    const acme = await tenantWithDomains(
      h,
      'Acme',
      { verified: 'acme-rl.example.com', pending: 'acme-rl-pend.example.com' },
      true,
    );
    const globex = await tenantWithDomains(h, 'Globex', { verified: 'globex-rl.example.com' }, false);

    const routed = await lookUp('Jane.Doe@ACME-RL.example.com');
    expect(routed.status).toBe(200);
    expect(await routed.json()).toMatchObject({
      domain: 'acme-rl.example.com',
      routed: true,
      reason: null,
      tenant: { id: acme.admin.tenant.id, name: 'Acme', status: 'active' },
      connection: { id: acme.connection.id, providerName: acme.connection.providerName, status: 'active' },
      claims: [{ tenantId: acme.admin.tenant.id, tenantName: 'Acme', status: 'verified' }],
      discovery: { providerName: acme.connection.providerName, idpIdentifier: 'acme-rl.example.com' },
    });

    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['someone@nobody-rl.example.com', 'domain_unknown', { tenant: null, connection: null, claims: [] }],
      [
        'someone@acme-rl-pend.example.com',
        'domain_not_verified',
        { tenant: null, claims: [{ tenantId: acme.admin.tenant.id, tenantName: 'Acme', status: 'pending' }] },
      ],
      [
        'someone@globex-rl.example.com',
        'connection_not_active',
        { tenant: { id: globex.admin.tenant.id }, connection: { id: globex.connection.id, status: 'submitted' } },
      ],
      ['someone@gmail.com', 'free_mail', { domain: 'gmail.com', claims: [] }],
      ['someone@co.uk', 'public_suffix', { domain: 'co.uk' }],
      ['not an email', 'malformed_email', { domain: null }],
      ['someone@', 'malformed_email', { domain: null }],
      ['someone@exa mple.com', 'malformed_email', { domain: null }],
    ];
    for (const [email, reason, rest] of cases) {
      const response = await lookUp(email);
      expect(response.status, email).toBe(200);
      const body = await response.json();
      expect(body, email).toMatchObject({ email, routed: false, reason, discovery: { providerName: null }, ...rest });
      // The operator's answer about the public one is the public one.
      expect(await publicAnswer(h, email), email).toEqual(body.discovery);
    }
    expect(await publicAnswer(h, 'x@acme-rl.example.com')).toEqual(
      (await (await lookUp('x@acme-rl.example.com')).json()).discovery,
    );
  });

  it('names a suspended connection, then a suspended tenant, and changes nothing itself', async () => {
    const { h, lookUp } = await signedInOperator();
    const { admin, connection } = await tenantWithDomains(h, 'Acme', { verified: 'acme-susp-rl.example.com' }, true);
    await h.deps.connections.save({ ...connection, suspended: true }, connection.version);
    const before = await h.tableDump();
    const suspended = await (await lookUp('a@acme-susp-rl.example.com')).json();
    expect(suspended).toMatchObject({ routed: false, reason: 'connection_suspended', connection: { status: 'suspended' } });
    expect(await h.tableDump()).toBe(before);

    const resumed = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!resumed) throw new Error('missing connection');
    await h.deps.connections.save({ ...resumed, suspended: false }, resumed.version);
    const tenant = await h.deps.tenants.getTenant(admin.tenant.id);
    if (!tenant) throw new Error('missing tenant');
    await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version);
    const body = await (await lookUp('a@acme-susp-rl.example.com')).json();
    expect(body).toMatchObject({
      routed: false,
      reason: 'tenant_suspended',
      tenant: { status: 'suspended' },
      discovery: { providerName: null },
    });
  });

  it('lists a claim stored before the claims-by-domain index existed once it is checked again', async () => {
    const { h, lookUp } = await signedInOperator();
    const { admin, connection } = await submittedConnection(h, 'saml', 'Legacy');
    const domain = 'legacy-rl.example.com';
    await admin.send('POST', '/domains', { domain, connectionId: connection.id });
    const db = connectDynamo({ tableName: h.deps.config.tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { PK: `TENANT#${admin.tenant.id}`, SK: `DOMAIN#${domain}` },
        UpdateExpression: 'REMOVE GSI1PK, GSI1SK',
      }),
    );
    expect((await (await lookUp(`a@${domain}`)).json()).reason).toBe('domain_unknown');
    // The admin checks again (no record published): the claim joins the index, still pending.
    await admin.send('POST', `/domains/${domain}/verify`);
    expect(await (await lookUp(`a@${domain}`)).json()).toMatchObject({
      reason: 'domain_not_verified',
      claims: [{ tenantId: admin.tenant.id, status: 'failed', failureReason: 'record_not_found' }],
    });
  });

  it('refuses IT-admin sessions, anonymous callers and requests without the CSRF token', async () => {
    const { h, operator } = await signedInOperator();
    const { admin } = await tenantWithDomains(h, 'Acme', { verified: 'acme-guard-rl.example.com' }, true);
    const json = { email: 'a@acme-guard-rl.example.com' };
    const anonymous = await h.request('/v1/admin/route-lookup', { json });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
    const asItAdmin = await h.request('/v1/admin/route-lookup', { json, cookie: admin.cookie });
    expect(asItAdmin.status).toBe(401);
    expect((await asItAdmin.json()).error.code).toBe('SESSION_REQUIRED');
    const noCsrf = await h.request('/v1/admin/route-lookup', { json, cookie: operator.cookie });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error.code).toBe('CSRF_FAILED');
  });
});
