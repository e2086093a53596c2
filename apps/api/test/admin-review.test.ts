import { describe, expect, it } from 'vitest';
import { submittedConnection } from './flows.ts';
import { operatorHarness, operatorSession } from './operators.ts';

describe('operator review', () => {
  it('approves a submitted connection: the live IdP serves and the IT admin sees it active', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');

    const detail = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie })).json();
    const summary = detail.connections.find((c: { id: string }) => c.id === connection.id);
    expect(summary).toMatchObject({ status: 'submitted', draftRevision: 1 });

    const approved = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/approve`, {
      cookie,
      csrf,
      json: { version: summary.version },
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'active', activeRevision: 1 });
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toMatchObject({ type: 'SAML' });
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).status).toBe('active');
  });

  it('sends a revision back with a reason the IT admin sees, and the draft becomes editable', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');

    const empty = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/reject`, {
      cookie,
      csrf,
      json: { version: connection.version, reason: '  ' },
    });
    expect((await empty.json()).error.code).toBe('VALIDATION_FAILED');

    const rejected = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/reject`, {
      cookie,
      csrf,
      json: { version: connection.version, reason: 'Use the persistent NameID (user.objectid), not the email.' },
    });
    expect(await rejected.json()).toMatchObject({ status: 'rejected' });
    const seen = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(seen).toMatchObject({
      status: 'rejected',
      editable: true,
      rejection: { reason: 'Use the persistent NameID (user.objectid), not the email.' },
    });
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
  });

  it('refuses decisions from an IT admin session or a stale view (cases 46, 50)', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    const path = `/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/approve`;
    const asAdmin = await h.request(path, { cookie: admin.cookie, json: { version: connection.version } });
    expect((await asAdmin.json()).error.code).toBe('SESSION_REQUIRED');
    const stale = await h.request(path, { cookie, csrf, json: { version: connection.version - 1 } });
    expect((await stale.json()).error.code).toBe('VERSION_CONFLICT');
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
  });
});
