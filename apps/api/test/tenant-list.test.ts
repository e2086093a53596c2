import { describe, expect, it } from 'vitest';
import { savedDraft, submittedConnection } from './flows.ts';
import type { Loose } from './harness.ts';
import { operatorHarness, operatorSession } from './operators.ts';

describe('tenant list', () => {
  it('gives each tenant its SSO state, verified domains and last activity, and counts the review queue', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const list = async (query = '') => (await h.request(`/v1/admin/tenants?limit=10${query}`, { cookie })).json();

    const empty = await h.request('/v1/admin/tenants', { cookie, csrf, json: { name: 'Initech' } });
    expect(empty.status).toBe(201);
    h.clock.advance(60_000);
    const drafting = await savedDraft(h, 'oidc', 'Globex');
    h.clock.advance(60_000);
    const { admin, connection } = await submittedConnection(h, 'saml', 'Acme');
    const at = h.clock.now.toISOString();
    const claim = {
      tenantId: admin.tenant.id,
      domain: 'acme-list.example.com',
      connectionId: connection.id,
      status: 'pending' as const,
      challenge: 'gatehouse-verification=v1.tenant-list-token-padding-padding',
      createdAt: at,
      updatedAt: at,
    };
    await h.deps.domains.add(claim, 50);
    await h.deps.domains.markVerified(claim, at);

    const all = await list();
    const byId = new Map(all.tenants.map((tenant: Loose) => [tenant.id, tenant.sso]));
    expect(all.needsReview).toBe(1);
    expect(byId.get('initech')).toMatchObject({ state: 'none', awaitingReview: 0, verifiedDomains: 0 });
    expect(byId.get(drafting.admin.tenant.id)).toMatchObject({ state: 'setup', awaitingReview: 0, verifiedDomains: 0 });
    expect(byId.get(admin.tenant.id)).toMatchObject({
      state: 'review',
      awaitingReview: 1,
      verifiedDomains: 1,
      lastActivityAt: at,
    });

    const queue = await list('&filter=needs-review');
    expect(queue).toMatchObject({ needsReview: 1, nextCursor: null });
    expect(queue.tenants.map((tenant: Loose) => tenant.id)).toEqual([admin.tenant.id]);

    // Approving takes the tenant out of the queue in the same write: it is live and the queue is empty.
    const approved = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/approve`, {
      cookie,
      csrf,
      json: { version: connection.version },
    });
    expect(approved.status).toBe(200);
    const after = await list();
    expect(after.needsReview).toBe(0);
    expect(after.tenants.find((tenant: Loose) => tenant.id === admin.tenant.id).sso).toMatchObject({
      state: 'live',
      awaitingReview: 0,
    });
    expect((await list('&filter=needs-review')).tenants).toEqual([]);
  });

  it('pages the review queue by tenant and refuses a cursor of another listing', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const first = await submittedConnection(h, 'saml', 'Acme');
    const second = await submittedConnection(h, 'oidc', 'Globex');

    const one = await (await h.request('/v1/admin/tenants?filter=needs-review&limit=1', { cookie })).json();
    expect(one.tenants.map((tenant: Loose) => tenant.id)).toEqual([first.admin.tenant.id]);
    expect(one.nextCursor).toBe(first.admin.tenant.id);
    const two = await (
      await h.request(`/v1/admin/tenants?filter=needs-review&limit=1&cursor=${one.nextCursor}`, { cookie })
    ).json();
    expect(two).toMatchObject({ nextCursor: null, needsReview: 2 });
    expect(two.tenants.map((tenant: Loose) => tenant.id)).toEqual([second.admin.tenant.id]);

    const foreign = await h.request('/v1/admin/tenants?filter=needs-review&cursor=not%20a%20tenant%21', { cookie });
    expect((await foreign.json()).error.code).toBe('VALIDATION_FAILED');
  });
});
