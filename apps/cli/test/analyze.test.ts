import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'core', 'test', 'fixtures', 'saml', 'generated');
const fixture = (folder: string) => join(fixtures, folder, 'metadata.xml');
/** Fixture certificates are judged at this date (see packages/core/scripts/generate-fixtures.ts). */
const AT = '2026-06-01T00:00:00Z';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let server: Server;
let base: string;
let connections = 0;

beforeAll(async () => {
  // A local IdP: an OIDC discovery document, its JWKS and a SAML metadata document.
  server = createServer((req, res) => {
    const issuer = base;
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          scopes_supported: ['openid', 'email', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/jwks') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [{ kty: 'RSA', kid: 'local-1', n: 'AQAB', e: 'AQAB' }] }));
    } else if (req.url === '/saml/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(readFileSync(fixture('okta')));
    } else {
      res.writeHead(404).end('not here');
    }
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

describe('gatehouse analyze saml-metadata', () => {
  it('exits 0 and prints a report for sound metadata', async () => {
    const result = await run('analyze', 'saml-metadata', fixture('entra'), '--at', AT);
    expect(result.code).toBe(0);
    expect(result.out).toContain('https://sts.windows.net/');
    expect(result.out).toContain('Microsoft Entra ID');
    // Entra sends the UPN as Name ID unless changed, which its metadata cannot show.
    expect(result.out).toContain('METADATA_VENDOR_DEFAULT_NAMEID');
  });

  it('prints { ok, findings, summary } with --json', async () => {
    const result = await run('analyze', 'saml-metadata', fixture('adfs'), '--json', '--at', AT);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out);
    expect(body).toMatchObject({
      ok: true,
      findings: [],
      summary: {
        entityId: 'http://adfs.contoso.example/adfs/services/trust',
        vendor: 'adfs',
        ssoRedirectUrl: 'https://adfs.contoso.example/adfs/ls/',
      },
    });
    expect(body.summary.certificates.map((c: { use: string }) => c.use)).toEqual(['encryption', 'signing']);
  });

  it('exits 1 when there is an error-level finding', async () => {
    const expired = await run('analyze', 'saml-metadata', fixture('bad/expired-certificate'), '--json', '--at', AT);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out).findings.map((f: { code: string }) => f.code)).toEqual(['METADATA_CERTIFICATE_EXPIRED']);
    const doctype = await run('analyze', 'saml-metadata', fixture('bad/external-entity'), '--json', '--at', AT);
    expect(doctype.code).toBe(1);
    expect(JSON.parse(doctype.out).findings.map((f: { code: string }) => f.code)).toEqual(['METADATA_DOCTYPE_FORBIDDEN']);
  });

  it('exits 2 on bad usage or an unreadable file', async () => {
    expect((await run('analyze')).code).toBe(2);
    expect((await run('analyze', 'saml-metadata')).code).toBe(2);
    expect((await run('analyze', 'saml-metadata', fixture('entra'), '--at', 'someday')).code).toBe(2);
    expect((await run('analyze', 'saml-metadata', fixture('entra'), '--bogus')).code).toBe(2);
    expect((await run('analyze', 'saml-metadata', join(fixtures, 'no-such-file.xml'))).code).toBe(2);
  });

  it('fetches a metadata URL on 127.0.0.1 only with --allow-private-network', async () => {
    const before = connections;
    const refused = await run('analyze', 'saml-metadata', `${base}/saml/metadata`, '--json');
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.out).error.code).toBe('FETCH_URL_REFUSED');
    expect(connections).toBe(before);

    // Reached through the setting, but the findings still say what production would refuse.
    const local = await run('analyze', 'saml-metadata', `${base}/saml/metadata`, '--json', '--at', AT, '--allow-private-network');
    expect(local.code).toBe(1);
    const body = JSON.parse(local.out);
    expect(body.summary.vendor).toBe('okta');
    expect(body.findings.map((f: { code: string }) => f.code).sort()).toEqual([
      'METADATA_NO_SLO_ENDPOINT',
      'METADATA_URL_NOT_HTTPS',
      'METADATA_URL_PORT',
      'METADATA_VENDOR_DEFAULT_NAMEID',
    ]);
    expect(connections).toBeGreaterThan(before);
  });
});

describe('gatehouse analyze oidc', () => {
  it('is refused without --allow-private-network and never connects', async () => {
    const before = connections;
    const result = await run('analyze', 'oidc', base, '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out).error.code).toBe('FETCH_URL_REFUSED');
    expect(connections).toBe(before);
  });

  it('reads a local discovery document and still reports what production would refuse', async () => {
    const result = await run('analyze', 'oidc', base, '--json', '--allow-private-network', '--client-id', 'local-client');
    expect(result.code).toBe(1);
    const body = JSON.parse(result.out);
    expect(body.ok).toBe(false);
    expect(body.findings.map((f: { code: string }) => f.code).sort()).toEqual([
      'OIDC_CLIENT_SECRET_POST_MISSING',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ISSUER_NOT_HTTPS',
      'OIDC_ISSUER_PORT',
    ]);
    expect(body.summary).toMatchObject({ issuer: base, tokenEndpoint: `${base}/token`, keyIds: ['local-1'] });
  });

  it('prints a readable report', async () => {
    const result = await run('analyze', 'oidc', base, '--allow-private-network');
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Token:              ${base}/token`);
    expect(result.out).toContain('OIDC_CLIENT_SECRET_POST_MISSING');
  });

  it('judges what needs no fetch before fetching, so an unreachable issuer still gets its findings', async () => {
    const before = connections;
    const issuer = 'http://login.microsoftonline.com:8080/common/v2.0';
    const result = await run('analyze', 'oidc', issuer, '--json');
    expect(result.code).toBe(2);
    const body = JSON.parse(result.out);
    expect(body.error.code).toBe('FETCH_URL_REFUSED');
    expect(body.findings.map((f: { code: string }) => f.code).sort()).toEqual([
      'OIDC_ISSUER_MULTI_TENANT',
      'OIDC_ISSUER_NOT_HTTPS',
      'OIDC_ISSUER_PORT',
    ]);
    const text = await run('analyze', 'oidc', issuer);
    expect(text.out).toContain('OIDC_ISSUER_MULTI_TENANT');
    expect(connections).toBe(before);
  });

  it('exits 2 when the discovery document cannot be fetched', async () => {
    const result = await run('analyze', 'oidc', `${base}/missing`, '--allow-private-network');
    expect(result.code).toBe(2);
    expect(result.err).toContain('FETCH_HTTP_ERROR');
  });
});
