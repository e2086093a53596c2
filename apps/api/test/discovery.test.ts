import { describe, expect, it } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { createDiscovery } from '../src/services/discovery.ts';
import type { ItemReader } from '../src/store/item-reader.ts';
import { submittedConnection } from './flows.ts';
import { createHarness, type Harness, useTestDns } from './harness.ts';

const testDns = useTestDns();

const harness = (overrides: Parameters<typeof createHarness>[0] = {}) =>
  createHarness({ allowPrivateNetwork: true, dns: testDns.config().dns, ...overrides }, { cognito: true });

const discover = (h: Harness, email: string, headers: Record<string, string> = {}) =>
  h.request('/v1/discovery', { json: { email }, headers: { origin: 'https://app.saas.example', ...headers } });

/** A tenant whose connection is live with `verified` verified and `pending` only claimed. */
async function liveTenant(h: Harness, name: string, verified: string, pending: string) {
  const { admin, connection } = await submittedConnection(h, 'saml', name);
  for (const domain of [verified, pending]) {
    const claim = await (await admin.send('POST', '/domains', { domain, connectionId: connection.id })).json();
    if (domain === verified) {
      testDns.server.setTxt(claim.record.name, [claim.record.value]);
      await admin.send('POST', `/domains/${domain}/verify`);
    }
  }
  const fresh = await h.deps.connections.get(admin.tenant.id, connection.id);
  if (!fresh) throw new Error('missing');
  const active = await activateRevision(h.deps, fresh, { version: fresh.version, approvedBy: 'op' });
  return { admin, connection: active };
}

describe('POST /v1/discovery', () => {
  it('routes a verified domain of an active connection to its live IdP, from any origin', async () => {
    const h = await harness();
    const { connection } = await liveTenant(h, 'Acme', 'acme-disc.example.com', 'acme-pend.example.com');
    const response = await discover(h, 'Jane.Doe@ACME-DISC.example.com');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ providerName: connection.providerName, idpIdentifier: 'acme-disc.example.com' });
    // Another origin's login page may read the answer, and its preflight is answered.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await h.request('/v1/discovery', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.saas.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers unknown, unverified and not-live domains identically, revealing nothing', async () => {
    const h = await harness();
    await liveTenant(h, 'Acme', 'acme-disc2.example.com', 'acme-pend2.example.com');
    const { admin, connection } = await submittedConnection(h, 'saml', 'Globex');
    const claim = await (
      await admin.send('POST', '/domains', { domain: 'globex-disc.example.com', connectionId: connection.id })
    ).json();
    testDns.server.setTxt(claim.record.name, [claim.record.value]);
    await admin.send('POST', '/domains/globex-disc.example.com/verify');

    const bodies = new Set<string>();
    for (const email of [
      'a@nobody-here.example.com', // unknown
      'a@acme-pend2.example.com', // claimed, never verified
      'a@globex-disc.example.com', // verified, connection not live yet
      'not an email',
      'a@',
    ]) {
      const response = await discover(h, email);
      expect(response.status).toBe(200);
      bodies.add(await response.text());
    }
    expect([...bodies]).toEqual([JSON.stringify({ providerName: null })]);
  });

  it('routes a domain after the same text came without an @, and after invalid spellings of it', async () => {
    const h = await harness({ discovery: { perMinute: 1000, cacheSeconds: 30 } });
    const { connection } = await liveTenant(h, 'Acme', 'acme-disc3.example.com', 'acme-pend3.example.com');
    for (const email of ['acme-disc3.example.com', 'a@acme-disc3..example.com', 'a@-acme-disc3.example.com']) {
      expect(await (await discover(h, email)).json()).toEqual({ providerName: null });
    }
    for (const email of ['jane@acme-disc3.example.com', 'JOHN@Acme-Disc3.Example.com']) {
      expect(await (await discover(h, email)).json()).toEqual({
        providerName: connection.providerName,
        idpIdentifier: 'acme-disc3.example.com',
      });
    }
  });

  it('stops routing when the connection is suspended (after its short cache)', async () => {
    const h = await harness({ discovery: { perMinute: 1000, cacheSeconds: 30 } });
    const { admin, connection } = await liveTenant(h, 'Acme', 'acme-susp.example.com', 'acme-susp2.example.com');
    expect((await (await discover(h, 'x@acme-susp.example.com')).json()).providerName).toBe(connection.providerName);
    await h.deps.connections.save({ ...connection, suspended: true }, connection.version);
    // Cached answers live at most cacheSeconds.
    expect((await (await discover(h, 'x@acme-susp.example.com')).json()).providerName).toBe(connection.providerName);
    h.clock.advance(31_000);
    expect((await (await discover(h, 'x@acme-susp.example.com')).json()).providerName).toBeNull();
    void admin;
  });

  it('limits lookups per client address', async () => {
    const edgeSecret = 'edge-secret-0123456789abcdef';
    const h = await harness({ discovery: { perMinute: 3, cacheSeconds: 0 }, edgeSecret });
    const from = (address: string) => ({ 'cloudfront-viewer-address': `${address}:443`, 'x-gatehouse-edge': edgeSecret });
    for (let i = 0; i < 3; i++) expect((await discover(h, `a${i}@x.example.com`, from('203.0.113.7'))).status).toBe(200);
    const limited = await discover(h, 'a@x.example.com', from('203.0.113.7'));
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back; the window reopens after a minute.
    expect((await discover(h, 'a@x.example.com', from('198.51.100.9'))).status).toBe(200);
    h.clock.advance(60_000);
    expect((await discover(h, 'a@x.example.com', from('203.0.113.7'))).status).toBe(200);
  });

  it('trusts the viewer address only from its own CloudFront, so a caller cannot dodge the limit', async () => {
    const edgeSecret = 'edge-secret-0123456789abcdef';
    const h = await harness({ discovery: { perMinute: 3, cacheSeconds: 0 }, edgeSecret });
    // Reaching the API directly and naming a new address on every request changes nothing: the
    // connection's own address is counted, so the fourth request is limited.
    const spoofed = (i: number, secret?: string) => ({
      'cloudfront-viewer-address': `198.51.100.${i}:443`,
      ...(secret === undefined ? {} : { 'x-gatehouse-edge': secret }),
    });
    for (let i = 0; i < 3; i++) expect((await discover(h, `b${i}@x.example.com`, spoofed(i))).status).toBe(200);
    const withoutSecret = await discover(h, 'b@x.example.com', spoofed(3));
    expect((await withoutSecret.json()).error.code).toBe('RATE_LIMITED');
    const wrongSecret = await discover(h, 'b@x.example.com', spoofed(4, 'edge-secret-0123456789abcdeX'));
    expect((await wrongSecret.json()).error.code).toBe('RATE_LIMITED');
    // With the secret, each viewer address has its own window.
    expect((await discover(h, 'b@x.example.com', spoofed(5, edgeSecret))).status).toBe(200);
  });

  it('refuses a body it cannot read with VALIDATION_FAILED, readable from any origin, and counts it', async () => {
    const h = await createHarness({ discovery: { perMinute: 4, cacheSeconds: 0 } });
    const send = (body: string, type = 'application/json') =>
      h.app.request('https://sso.example.com/v1/discovery', {
        method: 'POST',
        headers: { 'content-type': type, origin: 'https://app.saas.example' },
        body,
      });
    const cases = [
      { body: '{"email": "jane@', field: null },
      { body: '{"mail": "jane@example.com"}', field: 'email' },
      { body: JSON.stringify({ email: `${'a'.repeat(310)}@example.com` }), field: 'email' },
      { body: 'email=jane@example.com', type: 'application/x-www-form-urlencoded', field: 'email' },
    ];
    for (const { body, type, field } of cases) {
      const response = await send(body, type);
      expect(response.status).toBe(400);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const answer = (await response.json()) as { error: { code: string; details?: { problems: Array<{ field: string }> } } };
      expect(answer.error.code).toBe('VALIDATION_FAILED');
      expect(answer.error.details?.problems.map((p) => p.field) ?? null).toEqual(field === null ? null : [field]);
    }
    // The limit counts requests, read or not: the fifth is refused before its body is looked at.
    const limited = await send('{"email": "jane@example.com"}');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
  });
});

/** An ItemReader that records the shape of every read it passes on: what an observer could time. */
function countingReader(inner: ItemReader) {
  const reads: string[] = [];
  const reader: ItemReader = {
    get(key, options) {
      reads.push(`get consistent=${Boolean(options?.consistent)}`);
      return inner.get(key, options);
    },
    getMany(keys, options) {
      reads.push(`getMany keys=${keys.length} consistent=${Boolean(options?.consistent)}`);
      return inner.getMany(keys, options);
    },
  };
  return { reader, reads };
}

describe('discovery answers nothing the same way, and caches by domain', () => {
  /** A domain verified by a tenant whose connection was never approved: routes nowhere. */
  async function verifiedNotLive(h: Harness, domain: string) {
    const at = h.clock.now.toISOString();
    const claim = {
      tenantId: 'acme',
      domain,
      connectionId: 'cnotlive0001',
      status: 'pending' as const,
      challenge: 'gatehouse-verification=v1.not-live-token-padding-padding',
      createdAt: at,
      updatedAt: at,
    };
    await h.deps.domains.add(claim, 50);
    await h.deps.domains.markVerified(claim, at);
  }

  it('reads the same items for an unknown domain as for one verified but not live', async () => {
    const h = await createHarness();
    await verifiedNotLive(h, 'verified-not-live.example.com');
    const { reader, reads } = countingReader(h.deps.items);
    const discover = createDiscovery({ items: reader }, { cacheMs: 0, now: () => h.clock.now });

    expect(await discover('jane@verified-not-live.example.com')).toEqual({ providerName: null });
    const notLive = reads.splice(0);
    expect(await discover('jane@nobody-holds-this.example.com')).toEqual({ providerName: null });
    const unknown = reads.splice(0);
    expect(notLive.length).toBeGreaterThan(0);
    expect(unknown).toEqual(notLive);
  });

  it('caches by the normalised domain, so another spelling does not read again', async () => {
    const h = await createHarness();
    await verifiedNotLive(h, 'cached-domain.example.com');
    const { reader, reads } = countingReader(h.deps.items);
    const discover = createDiscovery({ items: reader }, { cacheMs: 30_000, now: () => h.clock.now });

    await discover('jane@cached-domain.example.com');
    const first = reads.length;
    expect(first).toBeGreaterThan(0);
    for (const email of ['JANE@Cached-Domain.Example.COM', 'john@cached-domain.example.com.', 'x@CACHED-DOMAIN.EXAMPLE.COM']) {
      expect(await discover(email)).toEqual({ providerName: null });
    }
    expect(reads).toHaveLength(first);
    // Unknown domains are cached too, and their spellings with them.
    await discover('a@unknown-cached.example.com');
    const second = reads.length;
    await discover('b@Unknown-Cached.Example.Com');
    expect(reads).toHaveLength(second);
  });
});
