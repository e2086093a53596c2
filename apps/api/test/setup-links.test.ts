import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/crypto.ts';
import { findUsableSetupLink, issueSetupLink, listSetupLinks, revokeSetupLink } from '../src/services/setup-links.ts';
import { createTenant } from '../src/services/tenants.ts';
import { connectDynamo } from '../src/store/table.ts';
import { cookieFrom, createHarness, type Harness } from './harness.ts';

async function tenantWithLink(h: Harness, name = 'Acme Corp', ttlHours = 72) {
  const tenant = await createTenant(h.deps.tenants, { name }, h.clock.now);
  const issued = await issueSetupLink(h.deps.tenants, {
    tenantId: tenant.id,
    ttlHours,
    createdBy: 'test',
    publicUrl: h.deps.config.publicUrl,
    now: h.clock.now,
  });
  return { tenant, issued };
}

async function exchange(h: Harness, token: string) {
  return h.request('/v1/setup/session', { json: { token } });
}

describe('setup links', () => {
  it('exchanges a fresh link for a session cookie scoped to its tenant', async () => {
    const h = await createHarness();
    const { tenant, issued } = await tenantWithLink(h);
    expect(issued.url).toBe(`${h.deps.config.publicUrl.origin}/setup/${issued.token}`);

    const response = await exchange(h, issued.token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.tenant).toEqual({ id: 'acme-corp', name: 'Acme Corp', status: 'active' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^gh_setup=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=28800/);
    // Plain http on a loopback address cannot carry Secure cookies.
    expect(setCookie).not.toMatch(/Secure/i);

    const session = await h.request('/v1/setup/session', { cookie: cookieFrom(response) });
    expect(session.status).toBe(200);
    expect((await session.json()).tenant.id).toBe(tenant.id);
  });

  it('uses a Secure __Host- cookie when the portal is served over https', async () => {
    const h = await createHarness({ publicUrl: new URL('https://sso.example.com'), secureCookies: true });
    const { issued } = await tenantWithLink(h);
    const response = await exchange(h, issued.token);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-gh_setup=/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('stores only a hash of the token', async () => {
    const h = await createHarness();
    const { issued } = await tenantWithLink(h);
    const secretPart = issued.token.slice(4);
    expect(secretPart).toHaveLength(43); // 32 random bytes: 256 bits
    const dump = await h.tableDump();
    expect(dump).not.toContain(secretPart);
    expect(dump).toContain('tokenHash');
  });

  it('refuses expired, revoked and unknown tokens alike', async () => {
    const h = await createHarness();
    const { tenant, issued: expiring } = await tenantWithLink(h, 'Expiring Inc', 1);
    h.clock.advance(60 * 60 * 1000);
    const expired = await exchange(h, expiring.token);

    const { issued: toRevoke } = await tenantWithLink(h, 'Revoked Ltd');
    await revokeSetupLink(h.deps.tenants, 'revoked-ltd', toRevoke.link.id, h.clock.now);
    const revoked = await exchange(h, toRevoke.token);

    const unknown = await exchange(h, `gsl_${'A'.repeat(43)}`);
    const malformed = await exchange(h, 'not-a-token');

    const answers = await Promise.all(
      [expired, revoked, unknown, malformed].map(async (r) => ({ status: r.status, body: await r.json() })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('SETUP_LINK_INVALID');
    }
    // Same words for all three: the page must not tell which case it was.
    expect(new Set(answers.map((a) => a.body.error.message)).size).toBe(1);
    expect((await listSetupLinks(h.deps.tenants, tenant.id, h.clock.now))[0]?.status).toBe('expired');
  });

  it('revokes the previous link, and its sessions, when a new one is issued', async () => {
    const h = await createHarness();
    const { tenant, issued: first } = await tenantWithLink(h);
    const firstSession = cookieFrom(await exchange(h, first.token));
    h.clock.advance(1000);

    const second = await issueSetupLink(h.deps.tenants, {
      tenantId: tenant.id,
      ttlHours: 72,
      createdBy: 'test',
      publicUrl: h.deps.config.publicUrl,
      now: h.clock.now,
    });
    expect(second.revokedLinkId).toBe(first.link.id);

    // The holder of the old link is told it was replaced, so they ask for the new one.
    const replaced = await exchange(h, first.token);
    expect(replaced.status).toBe(401);
    expect((await replaced.json()).error.code).toBe('SETUP_LINK_REPLACED');
    const stale = await h.request('/v1/setup/session', { cookie: firstSession });
    expect(stale.status).toBe(401);
    expect((await stale.json()).error.code).toBe('SESSION_REQUIRED');
    expect((await exchange(h, second.token)).status).toBe(200);

    const statuses = (await listSetupLinks(h.deps.tenants, tenant.id, h.clock.now)).map((l) => [l.id, l.status]);
    expect(statuses).toEqual([
      [second.link.id, 'active'],
      [first.link.id, 'revoked'],
    ]);
  });

  it('calls a withdrawn link invalid, not replaced, even after a newer link was issued', async () => {
    const h = await createHarness();
    const { tenant, issued: first } = await tenantWithLink(h);
    await revokeSetupLink(h.deps.tenants, tenant.id, first.link.id, h.clock.now);
    h.clock.advance(1000);
    await issueSetupLink(h.deps.tenants, {
      tenantId: tenant.id,
      ttlHours: 72,
      createdBy: 'test',
      publicUrl: h.deps.config.publicUrl,
      now: h.clock.now,
    });
    expect((await (await exchange(h, first.token)).json()).error.code).toBe('SETUP_LINK_INVALID');
  });

  it('ends a session when its link is revoked', async () => {
    const h = await createHarness();
    const { tenant, issued } = await tenantWithLink(h);
    const cookie = cookieFrom(await exchange(h, issued.token));
    await revokeSetupLink(h.deps.tenants, tenant.id, issued.link.id, h.clock.now);
    expect((await h.request('/v1/setup/session', { cookie })).status).toBe(401);
  });

  it('ends a session its revocation could not find, because the index had not caught up yet', async () => {
    const h = await createHarness();
    const { tenant, issued } = await tenantWithLink(h);
    const cookie = cookieFrom(await exchange(h, issued.token));
    // DynamoDB updates a global secondary index eventually: a session opened just before the revocation
    // may not be in the index the revocation queries. Take this one out of the index to be sure.
    const { tableName, dynamoEndpoint } = h.deps.config;
    const dynamo = connectDynamo({ tableName, region: 'us-east-1', endpoint: dynamoEndpoint });
    await dynamo.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `SESSION#${sha256(cookie.split('=')[1] ?? '')}`, SK: 'SESSION' },
        UpdateExpression: 'REMOVE GSI1PK, GSI1SK',
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
    expect((await h.request('/v1/setup/session', { cookie })).status).toBe(200);

    await revokeSetupLink(h.deps.tenants, tenant.id, issued.link.id, h.clock.now);
    // The session item survived the revocation, and is refused anyway.
    expect(await h.tableDump()).toContain(sha256(cookie.split('=')[1] ?? ''));
    const after = await h.request('/v1/setup/session', { cookie });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('SESSION_REQUIRED');
  });

  it('stores no session for a link revoked between its lookup and the session write', async () => {
    const h = await createHarness();
    const { tenant, issued } = await tenantWithLink(h, 'Racing Revocation Ltd');
    const found = await findUsableSetupLink(h.deps.tenants, issued.token, h.clock.now);
    expect(found).toMatchObject({ link: { id: issued.link.id }, tenant: { id: tenant.id } });
    await revokeSetupLink(h.deps.tenants, tenant.id, issued.link.id, h.clock.now);
    const session = {
      idHash: 'a'.repeat(64),
      kind: 'setup' as const,
      tenantId: tenant.id,
      linkId: issued.link.id,
      csrfToken: 'csrf',
      createdAt: h.clock.now.toISOString(),
      expiresAt: new Date(h.clock.now.getTime() + 60_000).toISOString(),
    };
    expect(await h.deps.tenants.createSessionWhileLinkActive(session)).toBe(false);
    expect(await h.deps.tenants.getSession(session.idHash)).toBeNull();
    expect(await findUsableSetupLink(h.deps.tenants, issued.token, h.clock.now)).toBeNull();
  });

  it('ends sessions after their lifetime, and never outlives the link', async () => {
    const h = await createHarness();
    const { issued } = await tenantWithLink(h, 'Short Link Co', 2);
    const response = await exchange(h, issued.token);
    // The link has 2 hours left, less than the 8-hour session lifetime.
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
    const cookie = cookieFrom(response);
    h.clock.advance(2 * 60 * 60 * 1000);
    const after = await h.request('/v1/setup/session', { cookie });
    expect((await after.json()).error.code).toBe('SESSION_REQUIRED');
  });

  it('never writes the token to the logs', async () => {
    const h = await createHarness();
    const { issued } = await tenantWithLink(h);
    await exchange(h, issued.token);
    // A browser that asks the API for the link's own path must not leave the token in a log either.
    await h.request(`/setup/${issued.token}`);
    expect(h.logs.length).toBeGreaterThan(1);
    expect(h.logs.join('\n')).not.toContain(issued.token.slice(4));
  });

  it('refuses a link for a suspended tenant', async () => {
    const h = await createHarness();
    const { tenant, issued } = await tenantWithLink(h);
    await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version + 1);
    expect((await (await exchange(h, issued.token)).json()).error.code).toBe('SETUP_LINK_INVALID');
  });
});

describe('signing out and CSRF', () => {
  async function signedIn(h: Harness) {
    const { issued } = await tenantWithLink(h);
    const response = await exchange(h, issued.token);
    return { cookie: cookieFrom(response), csrf: (await response.json()).csrfToken as string };
  }

  it('refuses a state change without the session’s CSRF token', async () => {
    const h = await createHarness();
    const { cookie } = await signedIn(h);
    const response = await h.request('/v1/setup/session', { method: 'DELETE', cookie, csrf: 'wrong' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('CSRF_FAILED');
    expect((await h.request('/v1/setup/session', { cookie })).status).toBe(200);
  });

  it('refuses a state change from another origin even with the token', async () => {
    const h = await createHarness();
    const { cookie, csrf } = await signedIn(h);
    const response = await h.request('/v1/setup/session', {
      method: 'DELETE',
      cookie,
      csrf,
      headers: { origin: 'https://evil.example' },
    });
    expect((await response.json()).error.code).toBe('CSRF_FAILED');
    const crossSite = await h.request('/v1/setup/session', {
      method: 'DELETE',
      cookie,
      csrf,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect((await crossSite.json()).error.code).toBe('CSRF_FAILED');
    expect((await h.request('/v1/setup/session', { cookie })).status).toBe(200);
  });

  it('refuses a form-encoded exchange (no cross-site form can start a session)', async () => {
    const h = await createHarness();
    const { issued } = await tenantWithLink(h);
    const response = await h.request('/v1/setup/session', {
      method: 'POST',
      body: `token=${issued.token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('signs out with the token, and the session is gone', async () => {
    const h = await createHarness();
    const { cookie, csrf } = await signedIn(h);
    const response = await h.request('/v1/setup/session', { method: 'DELETE', cookie, csrf });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/gh_setup=;/);
    expect((await h.request('/v1/setup/session', { cookie })).status).toBe(401);
  });
});
