import { describe, expect, it } from 'vitest';
import { OIDC_SECRET } from './flows.ts';
import type { Harness } from './harness.ts';
import { appClient, liveConnection, twoRevisions, verifiedDomain } from './lifecycle-flows.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const discover = async (h: Harness, email: string) =>
  (await h.request('/v1/discovery', { json: { email }, headers: { origin: 'https://app.saas.example' } })).json();

async function signedIn() {
  const { h, signIn } = await operatorHarness();
  const operator = await operatorSession(h, (await signIn('alice')).cookie ?? '');
  const act = (tenantId: string, connectionId: string, action: string, version: number) =>
    h.request(`/v1/admin/tenants/${tenantId}/connections/${connectionId}/${action}`, {
      cookie: operator.cookie,
      csrf: operator.csrf,
      json: { version },
    });
  const auditOf = async (tenantId: string) =>
    (await (await h.request(`/v1/admin/tenants/${tenantId}/audit`, { cookie: operator.cookie })).json()).events as Array<{
      action: string;
      actor: { type: string; id: string };
      target: { connectionId?: string };
    }>;
  return { h, operator, act, auditOf };
}

describe('operator lifecycle routes', () => {
  it('suspends and resumes a connection: discovery stops routing, then routes again, and both are audited', async () => {
    const { h, act, auditOf } = await signedIn();
    const { admin, connection } = await liveConnection(h);
    await verifiedDomain(h, connection, 'acme-life.example.com');
    expect(await discover(h, 'jane@acme-life.example.com')).toEqual({
      providerName: connection.providerName,
      idpIdentifier: 'acme-life.example.com',
    });

    const suspended = await act(admin.tenant.id, connection.id, 'suspend', connection.version);
    expect(suspended.status).toBe(200);
    const summary = await suspended.json();
    expect(summary).toMatchObject({ status: 'suspended', suspended: true, version: connection.version + 1 });
    expect((await appClient(h)).SupportedIdentityProviders).not.toContain(connection.providerName);
    // Past the discovery cache: a suspended connection routes nobody.
    h.clock.advance((h.deps.config.discovery.cacheSeconds + 1) * 1000);
    expect(await discover(h, 'jane@acme-life.example.com')).toEqual({ providerName: null });

    const resumed = await act(admin.tenant.id, connection.id, 'resume', summary.version);
    expect(await resumed.json()).toMatchObject({ status: 'active', suspended: false });
    h.clock.advance((h.deps.config.discovery.cacheSeconds + 1) * 1000);
    expect(await discover(h, 'jane@acme-life.example.com')).toMatchObject({ providerName: connection.providerName });

    const entries = await auditOf(admin.tenant.id);
    const actions = entries.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['connection.resumed', 'connection.suspended']);
    expect(entries[0]).toMatchObject({ actor: { type: 'operator' }, target: { connectionId: connection.id } });
  });

  it('rolls back through the API, shows what a roll back would restore, and audits it', async () => {
    const { h, operator, act, auditOf } = await signedIn();
    const { admin, connection } = await twoRevisions(h);
    const detail = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie: operator.cookie })).json();
    expect(detail.connections[0]).toMatchObject({ activeRevision: 2, rollbackRevision: 1, suspended: false });

    const stale = await act(admin.tenant.id, connection.id, 'rollback', connection.version - 1);
    expect((await stale.json()).error.code).toBe('VERSION_CONFLICT');
    const rolled = await act(admin.tenant.id, connection.id, 'rollback', connection.version);
    expect(rolled.status).toBe(200);
    expect(await rolled.json()).toMatchObject({ status: 'active', activeRevision: 1, rollbackRevision: null });
    const again = await act(admin.tenant.id, connection.id, 'rollback', connection.version + 1);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('NO_PREVIOUS_REVISION');

    const entries = await auditOf(admin.tenant.id);
    expect(entries[0]).toMatchObject({ action: 'connection.rolled-back', after: { activeRevision: 1, rolledBack: 2 } });
  });

  it('rolls back an OIDC connection without the secret reaching the answer, the log or the audit log', async () => {
    const { h, operator, act } = await signedIn();
    const { admin, connection } = await twoRevisions(h, 'oidc');
    const rolled = await act(admin.tenant.id, connection.id, 'rollback', connection.version);
    expect(rolled.status).toBe(200);
    expect(await rolled.text()).not.toContain(OIDC_SECRET);
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.details.client_secret).toBe(OIDC_SECRET);
    const audit = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie: operator.cookie })).text();
    expect(audit).toContain('connection.rolled-back');
    expect(audit).not.toContain(OIDC_SECRET);
    expect(h.logs.join('\n')).not.toContain(OIDC_SECRET);
    expect(await h.tableDump()).not.toContain(OIDC_SECRET);
  });

  it('answers the wrong state with INVALID_STATE and changes nothing', async () => {
    const { h, act } = await signedIn();
    const { admin, connection } = await liveConnection(h);
    const resume = await act(admin.tenant.id, connection.id, 'resume', connection.version);
    expect(resume.status).toBe(409);
    expect((await resume.json()).error.code).toBe('INVALID_STATE');
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
  });

  it('refuses IT-admin sessions and anonymous callers on every lifecycle route', async () => {
    const { h } = await signedIn();
    const { admin, connection } = await liveConnection(h);
    const base = `/v1/admin/tenants/${admin.tenant.id}`;
    for (const action of ['suspend', 'resume', 'rollback']) {
      const path = `${base}/connections/${connection.id}/${action}`;
      for (const cookie of [admin.cookie, undefined]) {
        const response = await h.request(path, { cookie, json: { version: connection.version } });
        expect(response.status).toBe(401);
        expect((await response.json()).error.code).toBe('SESSION_REQUIRED');
      }
    }
    for (const cookie of [admin.cookie, undefined]) {
      const response = await h.request(base, { method: 'DELETE', cookie, json: { confirm: admin.tenant.id } });
      expect((await response.json()).error.code).toBe('SESSION_REQUIRED');
    }
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'active' });
    expect(await h.deps.connections.get(admin.tenant.id, connection.id)).toMatchObject({
      suspended: false,
      version: connection.version,
    });
  });
});
