import { OPERATORS_IDP_NAME } from '@gatehouse/dev-pool';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/crypto.ts';
import { createTenant } from '../src/services/tenants.ts';
import { adminOf, createHarness, type Harness } from './harness.ts';
import { operatorHarness, operatorSession, user } from './operators.ts';

describe('operator sign-in', () => {
  it('signs a member of gatehouse-operators in through managed login and the OIDC IdP, and out again', async () => {
    const { h, walk, signIn } = await operatorHarness();
    const { authorize } = await walk('alice');
    expect(authorize.origin + authorize.pathname).toBe(`${h.deps.config.cognito.domainUrl}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const done = await signIn('alice');
    expect(done.response.status).toBe(302);
    expect(done.location).toBe('/admin');
    expect(done.sessionCookie).toMatch(/HttpOnly/i);
    expect(done.sessionCookie).toMatch(/SameSite=Lax/i);
    const { session, cookie, csrf } = await operatorSession(h, done.cookie ?? '');
    expect(session.operator.email).toBe(user('alice').email);
    expect(session.operator.username).toBe(`${OPERATORS_IDP_NAME}_${user('alice').id}`);

    const list = await h.request('/v1/admin/tenants', { cookie });
    expect(list.status, h.logs.filter((l) => l.includes('error')).join('\n')).toBe(200);
    expect((await h.request('/v1/admin/session', { method: 'DELETE', cookie, csrf })).status).toBe(204);
    expect((await h.request('/v1/admin/session', { cookie })).status).toBe(401);
  });

  it('refuses a user outside the group, even when the IdP claims the group', async () => {
    const claimsGroup = { ...user('bob'), groups: ['gatehouse-operators'] };
    const { h, signIn } = await operatorHarness({ users: [user('alice'), claimsGroup] });
    const done = await signIn('bob', false);
    expect(done.location).toBe('/admin/sign-in?error=NOT_AN_OPERATOR');
    expect(done.sessionCookie).toBeUndefined();
    expect(h.logs.join('\n')).toContain('NOT_AN_OPERATOR');
  });

  it('refuses a replayed callback, a callback from another browser, and a code from another attempt', async () => {
    const { walk, finish, signIn } = await operatorHarness();
    await signIn('alice'); // makes alice an operator

    const first = await walk('alice');
    expect((await finish(first.callbackPath, first.loginCookie)).location).toBe('/admin');
    // The same state and code again: the attempt was consumed.
    expect((await finish(first.callbackPath, first.loginCookie)).location).toBe('/admin/sign-in?error=SIGN_IN_FAILED');

    // Without the browser cookie of the attempt (login CSRF), the callback is refused.
    const second = await walk('alice');
    expect((await finish(second.callbackPath, 'gh_operator_login=someone-elses')).location).toBe(
      '/admin/sign-in?error=SIGN_IN_FAILED',
    );

    // A code issued to one attempt (its PKCE challenge and nonce) with the state of another.
    const a = await walk('alice');
    const b = await walk('alice');
    const mixed = `${a.back.pathname}?code=${a.back.searchParams.get('code')}&state=${b.back.searchParams.get('state')}`;
    expect((await finish(mixed, b.loginCookie)).location).toBe('/admin/sign-in?error=SIGN_IN_FAILED');
    // An unknown state.
    const forged = `${a.back.pathname}?code=${a.back.searchParams.get('code')}&state=${'x'.repeat(43)}`;
    expect((await finish(forged, a.loginCookie)).location).toBe('/admin/sign-in?error=SIGN_IN_FAILED');
  });

  it('leaves the attempt usable when a callback with its state comes from another browser', async () => {
    const { walk, finish, signIn } = await operatorHarness();
    await signIn('alice'); // makes alice an operator

    // Someone who learnt the victim's state (a log, a shoulder) replays it without the victim's cookie.
    const victim = await walk('alice');
    for (const cookie of ['gh_operator_login=someone-elses', '']) {
      expect((await finish(victim.callbackPath, cookie)).location).toBe('/admin/sign-in?error=SIGN_IN_FAILED');
    }
    // The victim's own callback still completes.
    const done = await finish(victim.callbackPath, victim.loginCookie);
    expect(done.location).toBe('/admin');
    expect(done.sessionCookie).toBeDefined();
  });
});

describe('admin routes refuse anyone but an operator', () => {
  it('answers anonymous callers and IT-admin sessions with SESSION_REQUIRED on every admin route, and checks CSRF', async () => {
    const { h, signIn } = await operatorHarness();
    const itAdmin = await adminOf(h, 'Globex');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v1/admin/session'],
      ['DELETE', '/v1/admin/session'],
      ['GET', '/v1/admin/tenants'],
      ['POST', '/v1/admin/tenants', { name: 'Initech' }],
      ['GET', `/v1/admin/tenants/${itAdmin.tenant.id}`],
      ['GET', `/v1/admin/tenants/${itAdmin.tenant.id}/setup-links`],
      ['POST', `/v1/admin/tenants/${itAdmin.tenant.id}/setup-links`, {}],
      ['DELETE', `/v1/admin/tenants/${itAdmin.tenant.id}/setup-links/0000000000abc`],
    ];
    const done = await signIn('alice');
    const operator = await operatorSession(h, done.cookie ?? '');
    for (const [method, path, json] of routes) {
      for (const cookie of [undefined, itAdmin.cookie]) {
        const response = await h.request(path, { method, cookie, csrf: 'x', json });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect((await response.json()).error.code).toBe('SESSION_REQUIRED');
      }
      if (method !== 'GET') {
        // An operator's cookie without the session's CSRF token.
        const response = await h.request(path, { method, cookie: operator.cookie, json });
        expect((await response.json()).error.code, `${method} ${path}`).toBe('CSRF_FAILED');
        const crossSite = await h.request(path, {
          method,
          cookie: operator.cookie,
          csrf: operator.csrf,
          json,
          headers: { origin: 'https://evil.example' },
        });
        expect((await crossSite.json()).error.code).toBe('CSRF_FAILED');
      }
    }
    expect(await h.deps.tenants.getTenant('initech')).toBeNull();
  });
});

describe('the console’s tenants and setup links', () => {
  it('creates a tenant, issues, lists and revokes setup links, and shows connections', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const send = (method: string, path: string, json?: unknown) => h.request(path, { method, cookie, csrf, json });

    const created = await send('POST', '/v1/admin/tenants', { name: 'Umbrella Corp' });
    expect(created.status).toBe(201);
    expect((await created.json()).id).toBe('umbrella-corp');
    expect((await (await send('POST', '/v1/admin/tenants', { name: 'Umbrella Corp' })).json()).error.code).toBe(
      'TENANT_ALREADY_EXISTS',
    );

    const issued = await (await send('POST', '/v1/admin/tenants/umbrella-corp/setup-links', {})).json();
    expect(issued.url).toBe(`${h.deps.config.publicUrl.origin}/setup/${issued.token}`);
    expect(h.logs.join('\n')).not.toContain(issued.token);

    // The link works for the IT admin, who then starts a connection the operator sees.
    const exchange = await h.request('/v1/setup/session', { json: { token: issued.token } });
    expect(exchange.status).toBe(200);
    const admin = { cookie: (exchange.headers.get('set-cookie') ?? '').split(';')[0], csrf: (await exchange.json()).csrfToken };
    const connection = await h.request('/v1/setup/connections', {
      json: { protocol: 'oidc', vendor: 'okta', displayName: 'Okta' },
      ...admin,
    });
    expect(connection.status).toBe(201);

    const detail = await (await h.request('/v1/admin/tenants/umbrella-corp', { cookie })).json();
    expect(detail.tenant.id).toBe('umbrella-corp');
    expect(detail.setupLinks).toEqual([expect.objectContaining({ id: issued.link.id, status: 'active' })]);
    expect(detail.setupLinks[0].token).toBeUndefined();
    expect(detail.connections).toEqual([
      expect.objectContaining({ protocol: 'oidc', vendor: 'okta', status: 'draft', submittedAt: null }),
    ]);

    expect((await send('DELETE', `/v1/admin/tenants/umbrella-corp/setup-links/${issued.link.id}`)).status).toBe(204);
    const links = await (await h.request('/v1/admin/tenants/umbrella-corp/setup-links', { cookie })).json();
    expect(links.setupLinks[0].status).toBe('revoked');
    // Revocation ended the IT admin's session and the link no longer opens one.
    expect((await h.request('/v1/setup/session', { cookie: admin.cookie })).status).toBe(401);
    expect((await (await h.request('/v1/setup/session', { json: { token: issued.token } })).json()).error.code).toBe(
      'SETUP_LINK_INVALID',
    );
    expect((await (await h.request('/v1/admin/tenants/nobody-here', { cookie })).json()).error.code).toBe('TENANT_NOT_FOUND');

    // The operator's and the IT admin's changes are in the tenant's audit log; the setup token never is.
    const logged = await (await h.request('/v1/admin/tenants/umbrella-corp/audit', { cookie })).json();
    const actions = logged.events.map((event: { action: string }) => event.action);
    expect(actions[0]).toBe('setup-link.revoked');
    expect(actions).toEqual(expect.arrayContaining(['tenant.created', 'setup-link.issued', 'connection.created']));
    expect(logged.events.find((e: { action: string }) => e.action === 'tenant.created').actor.type).toBe('operator');
    expect(JSON.stringify(logged)).not.toContain(issued.token);
  });
});

describe('tenant listing at scale', () => {
  let h: Harness;
  let send: (
    path: string,
  ) => Promise<{ tenants: Array<{ id: string; name: string; status: string; createdAt: string }>; nextCursor: string | null }>;
  const TOTAL = 300;

  beforeAll(async () => {
    // Sign-in is covered above; here the session is written to the store as the callback would.
    h = await createHarness();
    const cookie = `gh_operator=${'o'.repeat(43)}`;
    await h.deps.operators.createSession({
      idHash: sha256('o'.repeat(43)),
      kind: 'operator',
      sub: 'op',
      username: 'op',
      email: null,
      csrfToken: 'csrf',
      createdAt: h.clock.now.toISOString(),
      expiresAt: new Date(h.clock.now.getTime() + 3_600_000).toISOString(),
    });
    send = async (path) => {
      const response = await h.request(path, { cookie });
      expect(response.status).toBe(200);
      return response.json();
    };
    const base = h.clock.now.getTime();
    const names = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'];
    for (let start = 0; start < TOTAL; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, j) => {
          const i = start + j;
          const tenant = await createTenant(
            h.deps.tenants,
            { name: `${names[i % names.length]} ${String(i).padStart(3, '0')}`, id: `t-${String(i).padStart(3, '0')}` },
            new Date(base + i * 1000),
          );
          if (i % 3 === 0) await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version);
        }),
      );
    }
  }, 120_000);

  async function all(query: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await send(`/v1/admin/tenants?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      pages++;
      expect(page.tenants.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor) expect(page.tenants).toHaveLength(limit);
      seen.push(...page.tenants.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    return { seen, pages };
  }

  it('pages through every tenant newest first, neither skipping nor repeating', async () => {
    const { seen, pages } = await all('', 40);
    const expected = Array.from({ length: TOTAL }, (_, i) => `t-${String(TOTAL - 1 - i).padStart(3, '0')}`);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(TOTAL / 40));
  });

  it('filters by status through its own index, newest first', async () => {
    const { seen } = await all('status=suspended', 30);
    const expected = Array.from({ length: TOTAL }, (_, i) => TOTAL - 1 - i)
      .filter((i) => i % 3 === 0)
      .map((i) => `t-${String(i).padStart(3, '0')}`);
    expect(seen).toEqual(expected);
    const active = await all('status=active', 50);
    expect(active.seen).toHaveLength(TOTAL - expected.length);
    expect(new Set([...active.seen, ...seen]).size).toBe(TOTAL);
  });

  it('searches by name prefix in name order, case-insensitively, with and without a status', async () => {
    const { seen } = await all('q=gLoBeX', 7);
    const expected = Array.from({ length: TOTAL }, (_, i) => i)
      .filter((i) => i % 5 === 1)
      .map((i) => `t-${String(i).padStart(3, '0')}`);
    expect(seen).toEqual(expected);
    const narrowed = await all(`q=${encodeURIComponent('Globex 1')}&status=suspended`, 4);
    expect(narrowed.seen).toEqual(expected.filter((id) => id.startsWith('t-1') && Number(id.slice(2)) % 3 === 0));
  });

  it('refuses a cursor from another listing or one that was tampered with', async () => {
    const first = await send('/v1/admin/tenants?limit=5');
    const tampered = Buffer.from(JSON.stringify({ i: 'GSI1', k: { PK: { S: 'x' } } })).toString('base64url');
    await expect(h.deps.tenants.listTenants({ limit: 5, cursor: tampered })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      h.deps.tenants.listTenants({ limit: 5, status: 'active', cursor: first.nextCursor ?? '' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
