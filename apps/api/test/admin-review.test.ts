import { describe, expect, it } from 'vitest';
import { recordTest, submittedConnection } from './flows.ts';
import type { Loose } from './harness.ts';
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

  it('refuses decisions from an IT admin session or a stale view', async () => {
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

describe('revision history', () => {
  it('lists every revision newest first: the approved one active, the one before superseded', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    const base = `/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}`;
    const first = await h.request(`${base}/approve`, { cookie, csrf, json: { version: connection.version } });
    expect(first.status).toBe(200);

    // A second revision of the live connection, tested and approved: revision 1 stops serving.
    const started = await admin.send('POST', `/connections/${connection.id}/revisions`, {
      version: (await first.json()).version,
    });
    expect(started.status).toBe(200);
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    const submitted = await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
    expect(submitted.status).toBe(200);
    const pending = await (await h.request(`${base}/revisions`, { cookie })).json();
    expect(pending.revisions.map((r: Loose) => [r.revision, r.state, r.active])).toEqual([
      [2, 'submitted', false],
      [1, 'approved', true],
    ]);

    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect((await h.request(`${base}/approve`, { cookie, csrf, json: { version: stored?.version } })).status).toBe(200);
    const history = await (await h.request(`${base}/revisions`, { cookie })).json();
    expect(history.revisions.map((r: Loose) => [r.revision, r.state, r.active])).toEqual([
      [2, 'approved', true],
      [1, 'superseded', false],
    ]);
    expect(history.revisions[0].test.passed).toBe(true);

    const unknown = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/cunknown0000/revisions`, { cookie });
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
  });
});
