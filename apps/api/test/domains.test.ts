import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeTxtResolver } from '../src/dns.ts';
import { loadConfig } from '../src/env.ts';
import { checkChallenge, reverifyDomain } from '../src/services/domains.ts';
import { adminOf, createHarness, type Harness, useTestDns } from './harness.ts';

const testDns = useTestDns();

/** The app over DynamoDB Local, resolving TXT records through node:dns against the test DNS server. */
const harness = () => createHarness({ dns: testDns.config().dns });

/** An IT admin of a new tenant, signed in as the browser is, with one connection. */
async function adminWithConnection(h: Harness, name: string) {
  const signedIn = await adminOf(h, name);
  const admin = {
    ...signedIn,
    add: (domain: string, connectionId = '') =>
      signedIn.send('POST', '/domains', { domain, connectionId: connectionId || connection }),
    verify: (domain: string) => signedIn.send('POST', `/domains/${domain}/verify`),
    list: async () => (await (await signedIn.get('/domains')).json()).domains as Array<{ domain: string; status: string }>,
  };
  const connection: string = (await (await signedIn.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json())
    .id;
  return { ...admin, connection };
}

/** Publishes the TXT record a claim asks for, as the admin would at their DNS host. */
function publish(view: { record: { name: string; value: string } }, ...others: string[]) {
  testDns.server.setTxt(view.record.name, [view.record.value, ...others]);
}

describe('adding and verifying a domain', () => {
  it('gives a TXT record to publish, fails with a reason until it is there, then verifies', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');

    const added = await admin.add('acme-flow.example.com');
    expect(added.status).toBe(201);
    const claim = await added.json();
    expect(claim).toMatchObject({ domain: 'acme-flow.example.com', connectionId: admin.connection, status: 'pending' });
    expect(claim.record).toEqual({
      type: 'TXT',
      name: '_gatehouse-challenge.acme-flow.example.com',
      value: expect.stringMatching(/^gatehouse-verification=v1\.[A-Za-z0-9_-]{32}$/),
    });

    const missing = await admin.verify('acme-flow.example.com');
    expect(missing.status).toBe(200);
    expect(await missing.json()).toMatchObject({ status: 'failed', failure: { reason: 'record_not_found' } });

    h.clock.advance(10_000);
    testDns.server.setTxt(claim.record.name, ['gatehouse-verification=v1.somethingelseentirely00']);
    expect(await (await admin.verify('acme-flow.example.com')).json()).toMatchObject({
      status: 'failed',
      failure: { reason: 'value_mismatch' },
    });

    h.clock.advance(10_000);
    // Other TXT records at the same name (another vendor's, an old token) do not get in the way.
    publish(claim, 'v=spf1 -all');
    const verified = await (await admin.verify('acme-flow.example.com')).json();
    expect(verified).toMatchObject({ status: 'verified', verifiedAt: h.clock.now.toISOString() });
    expect(verified.failure).toBeUndefined();
    expect(await admin.list()).toEqual([expect.objectContaining({ domain: 'acme-flow.example.com', status: 'verified' })]);
    expect(await h.deps.domains.listVerifiedDomains(admin.tenant.id, admin.connection)).toEqual(['acme-flow.example.com']);
    // The log keeps each change of status, not every repeated check.
    const logged = (await h.deps.audit.listForTenant(admin.tenant.id, { limit: 10 })).events;
    expect(logged.map((event) => event.action)).toEqual([
      'domain.verified',
      'domain.verification-failed',
      'domain.added',
      'connection.created',
    ]);
    expect(logged[0]).toMatchObject({ target: { domain: 'acme-flow.example.com', connectionId: admin.connection } });
  });

  it('refuses a second Verify within seconds, so clicking harder never hammers DNS', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    await admin.add('acme-rate.example.com');
    expect((await admin.verify('acme-rate.example.com')).status).toBe(200);
    const again = await admin.verify('acme-rate.example.com');
    expect(again.status).toBe(429);
    expect((await again.json()).error.code).toBe('RATE_LIMITED');
    h.clock.advance(5_000);
    expect((await admin.verify('acme-rate.example.com')).status).toBe(200);
  });

  it('reports a DNS timeout as such when the servers do not answer', async () => {
    const silent: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const h = await createHarness({ dns: { servers: [`127.0.0.1:${port}`], timeoutMs: 400 } });
      const admin = await adminWithConnection(h, 'Acme');
      await admin.add('acme-timeout.example.com');
      expect(await (await admin.verify('acme-timeout.example.com')).json()).toMatchObject({
        status: 'failed',
        failure: { reason: 'dns_timeout' },
      });
    } finally {
      silent.close();
    }
  });

  it('removes a domain and releases it, so another organisation can then prove it', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme');
    const globex = await adminWithConnection(h, 'Globex');
    publish(await (await acme.add('acme-release.example.com')).json());
    expect((await (await acme.verify('acme-release.example.com')).json()).status).toBe('verified');

    const removed = await acme.send('DELETE', '/domains/acme-release.example.com');
    expect(removed.status).toBe(204);
    expect(await acme.list()).toEqual([]);
    expect(await h.deps.domains.ownerOf('acme-release.example.com')).toBeNull();
    const logged = (await h.deps.audit.listForTenant(acme.tenant.id, { limit: 1 })).events[0];
    expect(logged).toMatchObject({ action: 'domain.removed', before: { status: 'verified' } });

    const theirs = await (await globex.add('acme-release.example.com')).json();
    expect(theirs.status).toBe('pending');
    publish(theirs);
    expect((await (await globex.verify('acme-release.example.com')).json()).status).toBe('verified');
    expect(await h.deps.domains.ownerOf('acme-release.example.com')).toBe(globex.tenant.id);
  });

  it('adds the same domain twice as one claim, and not to two of the tenant’s connections', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const first = await (await admin.add('acme-twice.example.com')).json();
    const again = await admin.add('ACME-twice.example.com.');
    expect(again.status).toBe(200);
    expect((await again.json()).record.value).toBe(first.record.value);

    const other = (await (await admin.send('POST', '/connections', { vendor: 'entra', protocol: 'oidc' })).json()).id;
    const elsewhere = await admin.add('acme-twice.example.com', other);
    expect(elsewhere.status).toBe(409);
    expect((await elsewhere.json()).error.code).toBe('DOMAIN_ALREADY_ADDED');
    expect(await admin.list()).toHaveLength(1);
  });

  it('refuses input that is not a domain and stores nothing', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    for (const domain of ['not a domain', 'alice@acme.example.com', 'https://acme.example.com/', '', 'localhost']) {
      const response = await admin.add(domain);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
    }
    const badConnection = await admin.send('POST', '/domains', { domain: 'acme.example.com', connectionId: 'not-a-connection' });
    expect((await badConnection.json()).error.code).toBe('VALIDATION_FAILED');
    expect(await admin.list()).toEqual([]);
  });

  it('keeps each domain within Cognito’s 40 characters and a connection within 50 domains', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const long = `${'a'.repeat(29)}.example.com`; // 41 characters
    const tooLong = await admin.add(long);
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).error.code).toBe('DOMAIN_TOO_LONG');
    expect((await admin.add(`${'a'.repeat(28)}.example.com`)).status).toBe(201);

    for (let i = 1; i < 50; i++) expect((await admin.add(`d${i}.acme-limit.example.com`)).status).toBe(201);
    const over = await admin.add('d50.acme-limit.example.com');
    expect(over.status).toBe(409);
    expect((await over.json()).error.code).toBe('DOMAIN_LIMIT_REACHED');
    expect(await admin.list()).toHaveLength(50);

    // Removing one makes room again.
    expect((await admin.send('DELETE', '/domains/d1.acme-limit.example.com')).status).toBe(204);
    expect((await admin.add('d50.acme-limit.example.com')).status).toBe(201);
  });
});

describe('email domains and routing', () => {
  it.each(['gmail.com', 'Outlook.com', 'GMX.de', 'proton.me.'])(
    'refuses the free-mail domain %s and stores nothing',
    async (domain) => {
      const h = await harness();
      const admin = await adminWithConnection(h, 'Acme');
      const response = await admin.add(domain);
      expect(response.status).toBe(422);
      const body = await response.json();
      expect(body.error.code).toBe('DOMAIN_NOT_ALLOWED');
      expect(body.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['DOMAIN_FREE_MAIL']);
      expect(await admin.list()).toEqual([]);
    },
  );

  it('refuses a domain under an unknown top-level domain as such, not as a public suffix', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const body = await (await admin.add('acme.internal')).json();
    expect(body.error.code).toBe('DOMAIN_NOT_ALLOWED');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['DOMAIN_UNKNOWN_TLD']);
    expect(await admin.list()).toEqual([]);
  });

  it.each(['co.uk', 'github.io', 'COM.AU.'])('refuses the public suffix %s', async (domain) => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const body = await (await admin.add(domain)).json();
    expect(body.error.code).toBe('DOMAIN_NOT_ALLOWED');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['DOMAIN_PUBLIC_SUFFIX']);
    expect(await admin.list()).toEqual([]);
  });

  it('never routes a domain that is pending or failed', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    await admin.add('acme-pending.example.com');
    await admin.add('acme-failed.example.com');
    await admin.verify('acme-failed.example.com');
    publish(await (await admin.add('acme-verified.example.com')).json());
    await admin.verify('acme-verified.example.com');

    expect((await admin.list()).map((d) => [d.domain, d.status]).sort()).toEqual([
      ['acme-failed.example.com', 'failed'],
      ['acme-pending.example.com', 'pending'],
      ['acme-verified.example.com', 'verified'],
    ]);
    expect(await h.deps.domains.listVerifiedDomains(admin.tenant.id, admin.connection)).toEqual(['acme-verified.example.com']);
    expect(await h.deps.domains.ownerOf('acme-pending.example.com')).toBeNull();
    expect(await h.deps.domains.ownerOf('acme-failed.example.com')).toBeNull();
  });

  it('never lets tenant A’s published token verify tenant B’s claim', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme');
    const globex = await adminWithConnection(h, 'Globex');
    const acmeClaim = await (await acme.add('acme-bound.example.com')).json();
    const globexClaim = await (await globex.add('acme-bound.example.com')).json();
    expect(globexClaim.record.name).toBe(acmeClaim.record.name);
    expect(globexClaim.record.value).not.toBe(acmeClaim.record.value);

    publish(acmeClaim);
    expect(await (await globex.verify('acme-bound.example.com')).json()).toMatchObject({
      status: 'failed',
      failure: { reason: 'value_mismatch' },
    });
    expect((await (await acme.verify('acme-bound.example.com')).json()).status).toBe('verified');
    expect(await h.deps.domains.ownerOf('acme-bound.example.com')).toBe(acme.tenant.id);
  });

  it('adds a domain another tenant verified like any other, so adding tells nothing', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme Holdings');
    const globex = await adminWithConnection(h, 'Globex');
    publish(await (await acme.add('acme-held.example.com')).json());
    await acme.verify('acme-held.example.com');

    const held = await globex.add('ACME-held.example.com');
    const unknown = await globex.add('nobody-holds.example.com');
    expect([held.status, unknown.status]).toEqual([201, 201]);
    const shape = (view: Record<string, unknown>) => Object.keys(view).sort();
    const heldView = await held.json();
    expect(heldView).toMatchObject({ domain: 'acme-held.example.com', status: 'pending' });
    expect(shape(heldView)).toEqual(shape(await unknown.json()));
    // Checking it finds Acme's record, not Globex's: the answer any wrong value gets, naming no one.
    expect(await (await globex.verify('acme-held.example.com')).json()).toMatchObject({
      status: 'failed',
      failure: { reason: 'value_mismatch' },
    });
    expect(await h.deps.domains.ownerOf('acme-held.example.com')).toBe(acme.tenant.id);
  });

  it('never verifies a domain another tenant holds, and says so only to whoever proves the DNS', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme Holdings');
    const initech = await adminWithConnection(h, 'Initech Systems');
    const globex = await adminWithConnection(h, 'Globex');
    publish(await (await acme.add('acme-held2.example.com')).json());
    await acme.verify('acme-held2.example.com');
    publish(await (await initech.add('initech-held2.example.com')).json());
    await initech.verify('initech-held2.example.com');

    // Globex publishes its own record: the proof passes, and the domain is still Acme's.
    const claim = await (await globex.add('acme-held2.example.com')).json();
    publish(claim);
    const checked = await globex.verify('acme-held2.example.com');
    expect(checked.status).toBe(200);
    const text = await checked.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'failed', failure: { reason: 'already_claimed' } });
    for (const secret of [acme.tenant.id, 'Acme Holdings', acme.connection]) expect(text).not.toContain(secret);
    expect(await h.deps.domains.ownerOf('acme-held2.example.com')).toBe(acme.tenant.id);
    expect(await h.deps.domains.listVerifiedDomains(globex.tenant.id, globex.connection)).toEqual([]);

    // Whoever holds a domain, the answer is the same.
    const other = await (await globex.add('initech-held2.example.com')).json();
    publish(other);
    const second = await (await globex.verify('initech-held2.example.com')).json();
    expect(second.failure.reason).toBe('already_claimed');
    expect(await h.deps.domains.ownerOf('initech-held2.example.com')).toBe(initech.tenant.id);
  });

  it('normalises case, trailing dot and IDN to one claim and one record name', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const claim = await (await admin.add('  Bücher-Acme.EXAMPLE.Com. ')).json();
    expect(claim.domain).toBe('xn--bcher-acme-9db.example.com');
    expect(claim.record.name).toBe('_gatehouse-challenge.xn--bcher-acme-9db.example.com');
    expect((await admin.add('xn--BCHER-acme-9db.example.com')).status).toBe(200);
    testDns.server.setTxt('_Gatehouse-Challenge.XN--BCHER-ACME-9DB.example.COM.', [claim.record.value]);
    expect((await (await admin.verify('xn--bcher-acme-9db.example.com')).json()).status).toBe('verified');
    expect(await admin.list()).toHaveLength(1);
  });

  it('joins a TXT value DNS sends in several character-strings', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const view = await (await admin.add('acme-chunks.example.com')).json();
    const stored = await h.deps.domains.get(admin.tenant.id, 'acme-chunks.example.com');
    if (!stored) throw new Error('claim not stored');
    // A value longer than 255 bytes cannot travel as one character-string.
    const long = `${view.record.value}${'x'.repeat(400)}`;
    testDns.server.setTxt(view.record.name, [long]);
    const lookup = await nodeTxtResolver(testDns.config().dns).lookupTxt(view.record.name);
    expect(lookup.ok ? lookup.records[0]?.length : 0).toBeGreaterThan(1);
    expect(await checkChallenge(h.deps.dns, { ...stored, challenge: long })).toEqual({ ok: true });
    expect(await checkChallenge(h.deps.dns, stored)).toEqual({ ok: false, reason: 'value_mismatch' });
  });

  it('withdraws a verified domain whose record was removed, after the grace the caller allows', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const view = await (await admin.add('acme-removed.example.com')).json();
    publish(view);
    await admin.verify('acme-removed.example.com');
    const load = async () => {
      const claim = await h.deps.domains.get(admin.tenant.id, 'acme-removed.example.com');
      if (!claim) throw new Error('claim gone');
      return claim;
    };

    // The re-verification job finds every verified domain through the owner items.
    const owned = async () => (await h.deps.domains.listOwned({ limit: 100 })).owned;
    expect(await owned()).toEqual([
      { domain: 'acme-removed.example.com', tenantId: admin.tenant.id, connectionId: admin.connection },
    ]);

    h.clock.advance(60_000);
    expect(await reverifyDomain(h.deps, await load(), h.clock.now)).toMatchObject({
      status: 'verified',
      failingSince: undefined,
    });

    testDns.server.removeTxt(view.record.name);
    h.clock.advance(60_000);
    const firstFailure = h.clock.now.toISOString();
    const graced = await reverifyDomain(h.deps, await load(), h.clock.now, { graceMs: 3_600_000 });
    expect(graced).toMatchObject({ status: 'verified', failingSince: firstFailure });
    expect(await load()).toMatchObject({ status: 'verified', failingSince: firstFailure, lastCheckedAt: firstFailure });

    h.clock.advance(3_600_000);
    await reverifyDomain(h.deps, await load(), h.clock.now, { graceMs: 3_600_000 });
    expect(await load()).toMatchObject({ status: 'failed', failure: { reason: 'record_not_found' } });
    expect(await h.deps.domains.listVerifiedDomains(admin.tenant.id, admin.connection)).toEqual([]);
    expect(await h.deps.domains.ownerOf('acme-removed.example.com')).toBeNull();
    expect(await owned()).toEqual([]);
    expect((await admin.list())[0]).toMatchObject({ status: 'failed' });
  });

  it('lets exactly one of two tenants racing for a domain win', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme');
    const globex = await adminWithConnection(h, 'Globex');
    const a = await (await acme.add('acme-race.example.com')).json();
    const b = await (await globex.add('acme-race.example.com')).json();
    // Both records are published, as if both controlled the zone: only the owner item decides.
    testDns.server.setTxt(a.record.name, [a.record.value, b.record.value]);

    const responses = await Promise.all([acme.verify('acme-race.example.com'), globex.verify('acme-race.example.com')]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const views = await Promise.all(responses.map((r) => r.json()));
    expect(views.map((v) => v.status).sort()).toEqual(['failed', 'verified']);
    const winner = views[0]?.status === 'verified' ? acme : globex;
    const other = winner === acme ? globex : acme;
    expect(await h.deps.domains.ownerOf('acme-race.example.com')).toBe(winner.tenant.id);
    expect((await winner.list())[0]?.status).toBe('verified');
    expect(await other.list()).toEqual([
      expect.objectContaining({ status: 'failed', failure: expect.objectContaining({ reason: 'already_claimed' }) }),
    ]);
  });

  it('gives the owner item to exactly one of many tenants verifying in the same instant', async () => {
    const h = await harness();
    const tenants = ['t-one', 't-two', 't-three', 't-four', 't-five'];
    const at = h.clock.now.toISOString();
    const claims = tenants.map((tenantId, i) => ({
      tenantId,
      domain: 'many-race.example.com',
      connectionId: `cconnection${i}`,
      status: 'pending' as const,
      challenge: `gatehouse-verification=v1.token-of-${tenantId}-padding-padding`,
      createdAt: at,
      updatedAt: at,
    }));
    for (const claim of claims) await h.deps.domains.add(claim, 50);
    const results = await Promise.allSettled(claims.map((claim) => h.deps.domains.markVerified(claim, at)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason.code).toBe('DOMAIN_ALREADY_CLAIMED');
    }
    const winner = tenants[results.findIndex((r) => r.status === 'fulfilled')];
    expect(await h.deps.domains.ownerOf('many-race.example.com')).toBe(winner);
  });
});

describe('tenant isolation for domains', () => {
  it('never shows, checks, removes or adds through another tenant’s domains or connections', async () => {
    const h = await harness();
    const acme = await adminWithConnection(h, 'Acme');
    const globex = await adminWithConnection(h, 'Globex');
    const view = await (await acme.add('acme-iso.example.com')).json();
    publish(view);
    await acme.verify('acme-iso.example.com');
    const before = await h.tableDump();

    expect(await globex.list()).toEqual([]);
    expect((await (await globex.get(`/domains?connectionId=${acme.connection}`)).json()).domains).toEqual([]);
    for (const response of [
      await globex.verify('acme-iso.example.com'),
      await globex.send('DELETE', '/domains/acme-iso.example.com'),
      await globex.add('globex-iso.example.com', acme.connection),
    ]) {
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('NOT_FOUND');
    }
    // Naming the tenant in the request changes nothing: the session decides.
    const smuggled = await globex.send('POST', '/domains', {
      domain: 'globex-iso.example.com',
      connectionId: acme.connection,
      tenantId: acme.tenant.id,
    });
    expect(smuggled.status).toBe(404);
    expect(await h.tableDump()).toBe(before);
    expect(await acme.list()).toEqual([expect.objectContaining({ domain: 'acme-iso.example.com', status: 'verified' })]);
  });

  it('requires a session and its CSRF token', async () => {
    const h = await harness();
    const admin = await adminWithConnection(h, 'Acme');
    const anonymous = await h.request('/v1/setup/domains');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
    const noCsrf = await h.request('/v1/setup/domains', {
      cookie: admin.cookie,
      json: { domain: 'acme-csrf.example.com', connectionId: admin.connection },
    });
    expect((await noCsrf.json()).error.code).toBe('CSRF_FAILED');
    expect(await admin.list()).toEqual([]);
  });
});

describe('DNS_SERVERS', () => {
  const required = {
    COGNITO_USER_POOL_ID: 'us-east-1_TestPool1',
    COGNITO_DOMAIN_URL: 'https://auth.example.com',
    COGNITO_TEST_CLIENT_ID: 'testclient1',
  };

  it('uses the system’s resolvers unless set', () => {
    expect(loadConfig(required).dns.servers).toBeUndefined();
  });

  it('takes IP:port entries separated by commas and refuses anything else', () => {
    expect(loadConfig({ ...required, DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2,[::1]:53' }).dns.servers).toEqual([
      '127.0.0.1:5353',
      '10.0.0.2',
      '[::1]:53',
    ]);
    for (const bad of ['dns.example.com:53', '127.0.0.1:99999', '1.2.3:53', '127.0.0.1;rm']) {
      expect(() => loadConfig({ ...required, DNS_SERVERS: bad })).toThrow(/DNS_SERVERS/);
    }
  });
});
