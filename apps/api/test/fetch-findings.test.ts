import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateSigningMaterial } from '@gatehouse/test-idps';
import { describe, expect, it, onTestFinished } from 'vitest';
import { adminOf, createHarness, type Harness } from './harness.ts';

const SAML_METADATA =
  '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>';

/** A real HTTP server on 127.0.0.1 answering each path with a fixed status and body. */
async function serve(routes: Record<string, { status?: number; type: string; body: (origin: string) => string }>) {
  const server: Server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    const origin = `http://${req.headers.host}`;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.type }).end(route.body(origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function started(h: Harness, vendor: string, protocol: 'saml' | 'oidc') {
  const admin = await adminOf(h, 'Acme');
  const connection = await (await admin.send('POST', '/connections', { vendor, protocol })).json();
  return { admin, connection };
}

type Refused = { error: { code: string; details: { findings: Array<{ code: string; field: string; fix: string }> } } };

async function saveMetadataUrl(h: Harness, vendor: string, url: string): Promise<Refused> {
  const { admin, connection } = await started(h, vendor, 'saml');
  const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
    metadata: { source: 'url', url },
    version: 0,
  });
  expect(response.status).toBe(422);
  expect((await h.deps.connections.get(admin.tenant.id, connection.id))?.version).toBe(0);
  return response.json();
}

async function saveIssuer(h: Harness, issuer: string): Promise<Refused> {
  const { admin, connection } = await started(h, 'generic', 'oidc');
  const response = await admin.send('PUT', `/connections/${connection.id}/oidc`, {
    issuer,
    clientId: 'gatehouse',
    clientSecret: 'a-very-secret-value-0001',
    version: 0,
  });
  expect(response.status).toBe(422);
  return response.json();
}

const errorsOf = (body: Refused) =>
  body.error.details.findings
    .filter((f) => !f.code.endsWith('NOT_HTTPS') && !f.code.endsWith('_PORT'))
    .map((f) => [f.code, f.field]);

describe('a metadata URL that cannot be read', () => {
  it('says nothing is published there, on the metadata URL field, with where Okta shows the right one', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const origin = await serve({});
    const body = await saveMetadataUrl(h, 'okta', `${origin}/app/metadata`);
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(errorsOf(body)).toEqual([['FETCH_NOT_FOUND', 'metadataUrl']]);
    expect(body.error.details.findings[0]?.fix).toContain('Sign On tab');
  });

  it('says the host does not exist, on the metadata URL field', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const body = await saveMetadataUrl(h, 'entra', 'https://no-such-idp.invalid/federationmetadata.xml');
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(errorsOf(body)).toEqual([['FETCH_HOST_UNKNOWN', 'metadataUrl']]);
    expect(body.error.details.findings[0]?.fix).toContain('App Federation Metadata Url');
  });

  it('says the secure connection failed when the server’s certificate is not trusted', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const material = await generateSigningMaterial({ commonName: '127.0.0.1' });
    const server = createTlsServer({ key: material.privateKeyPem, cert: material.certificatePem }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(SAML_METADATA);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const body = await saveMetadataUrl(h, 'okta', `https://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`);
    expect(errorsOf(body)).toEqual([['FETCH_TLS_FAILED', 'metadataUrl']]);
  });

  it('says the address is an OpenID Connect issuer when it returns a discovery document', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const origin = await serve({
      '/.well-known/openid-configuration': {
        type: 'application/json',
        body: (o) => JSON.stringify({ issuer: o, authorization_endpoint: `${o}/authorize`, jwks_uri: `${o}/jwks` }),
      },
    });
    const body = await saveMetadataUrl(h, 'generic', `${origin}/.well-known/openid-configuration`);
    expect(errorsOf(body)).toEqual([['METADATA_IS_OIDC_DISCOVERY', 'metadataUrl']]);
    expect(body.error.details.findings.find((f) => f.code === 'METADATA_IS_OIDC_DISCOVERY')?.fix).toContain(origin);
  });

  it('refuses a private address on a portal that does not allow one, as a finding on the field', async () => {
    const h = await createHarness();
    const body = await saveMetadataUrl(h, 'okta', 'https://127.0.0.1/metadata');
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(errorsOf(body)).toEqual([['FETCH_ADDRESS_REFUSED', 'metadataUrl']]);
  });
});

describe('an OIDC issuer that cannot be read', () => {
  it('says there is no discovery document, on the issuer field', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const origin = await serve({});
    const body = await saveIssuer(h, `${origin}/oauth2/default`);
    expect(errorsOf(body)).toEqual([['FETCH_NOT_FOUND', 'issuer']]);
  });

  it('says the issuer is SAML metadata when the address itself returns it', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const origin = await serve({ '/saml/metadata.xml': { type: 'application/xml', body: () => SAML_METADATA } });
    const body = await saveIssuer(h, `${origin}/saml/metadata.xml`);
    expect(errorsOf(body)).toEqual([['OIDC_DISCOVERY_IS_SAML_METADATA', 'issuer']]);
  });

  it('says so too when the discovery URL answers with SAML metadata', async () => {
    const h = await createHarness({ allowPrivateNetwork: true });
    const origin = await serve({
      '/.well-known/openid-configuration': { type: 'application/xml', body: () => SAML_METADATA },
    });
    const body = await saveIssuer(h, origin);
    expect(errorsOf(body)).toEqual([['OIDC_DISCOVERY_IS_SAML_METADATA', 'issuer']]);
  });
});
