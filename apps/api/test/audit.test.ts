import { describe, expect, it } from 'vitest';
import { audit } from '../src/services/audit.ts';
import { OIDC_SECRET, submittedConnection } from './flows.ts';
import { createHarness, type Loose } from './harness.ts';
import { operatorHarness, operatorSession, user } from './operators.ts';

describe('audit log', () => {
  it('records every change by the IT admin and the operator, per tenant and globally, with the actor', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'oidc', 'Acme');
    const approved = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/approve`, {
      cookie,
      csrf,
      json: { version: connection.version },
    });
    expect(approved.status).toBe(200);

    const page = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie })).json();
    const actions = page.events.map((event: Loose) => event.action);
    // Newest first: the approval, then the submission, the settings and the connection's creation.
    expect(actions).toEqual(['connection.approved', 'connection.submitted', 'connection.oidc-saved', 'connection.created']);
    expect(page.events[0]).toMatchObject({
      tenantId: admin.tenant.id,
      actor: { type: 'operator', id: user('alice').email },
      target: { connectionId: connection.id },
      before: { activeRevision: null },
      after: { activeRevision: 1, status: 'active' },
    });
    expect(page.events[1].actor).toMatchObject({ type: 'admin' });
    expect(page.events[1].actor.id).toContain(admin.tenant.id);

    const global = await (await h.request('/v1/admin/audit', { cookie })).json();
    expect(global.events.map((event: Loose) => event.action)).toEqual(expect.arrayContaining(actions));
  });

  it('never stores a secret: the OIDC client secret is redacted from before and after', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin } = await submittedConnection(h, 'oidc', 'Acme');
    const text = JSON.stringify(await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie })).json());
    expect(text).not.toContain(OIDC_SECRET);
    expect(await h.tableDump()).not.toContain(OIDC_SECRET);
    const direct = createHarness();
    const d = await direct;
    await audit(
      d.deps,
      { type: 'system', id: 'test' },
      {
        tenantId: 't1',
        action: 'branding.changed',
        summary: 'carries secrets',
        after: { clientSecret: 'hunter2-secret', nested: { password: 'pw-123', kept: 'visible' } },
      },
    );
    const stored = (await d.deps.audit.listForTenant('t1', { limit: 10 })).events[0];
    expect(stored?.after).toEqual({ clientSecret: '[redacted]', nested: { password: '[redacted]', kept: 'visible' } });
  });

  it('pages newest first with an opaque cursor, refuses a forged one, and offers no way to edit or delete', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      await audit(h.deps, { type: 'system', id: 'test' }, { tenantId: 'paged', action: 'tenant.created', summary: `step ${i}` });
    }
    const first = await (await h.request('/v1/admin/tenants/paged/audit?limit=3', { cookie })).json();
    expect(first.events.map((e: Loose) => e.summary)).toEqual(['step 4', 'step 3', 'step 2']);
    const second = await (await h.request(`/v1/admin/tenants/paged/audit?limit=3&cursor=${first.nextCursor}`, { cookie })).json();
    expect(second.events.map((e: Loose) => e.summary)).toEqual(['step 1', 'step 0']);
    expect(second.nextCursor).toBeNull();

    const forged = Buffer.from(JSON.stringify({ i: 'table', k: { PK: 'TENANT#other', SK: 'x', extra: 'y' } })).toString(
      'base64url',
    );
    const refused = await h.request(`/v1/admin/tenants/paged/audit?cursor=${forged}`, { cookie });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('VALIDATION_FAILED');

    const eventId = first.events[0].id;
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      const response = await h.request(`/v1/admin/tenants/paged/audit/${eventId}`, { method, cookie, csrf, json: {} });
      expect(response.status).toBe(404);
    }
    const after = await (await h.request('/v1/admin/tenants/paged/audit', { cookie })).json();
    expect(after.events).toHaveLength(5);
  });

  it('is only for operators', async () => {
    const h = await createHarness();
    const anonymous = await h.request('/v1/admin/audit');
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
  });
});
