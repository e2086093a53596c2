import { describe, expect, it } from 'vitest';
import { analyzeOidcIssuer, discoveryUrl, normalizeAuthorizeScopes, type OidcAnalysisInput } from '../src/oidc/index.ts';

/** A discovery document shaped like the ones the vendors publish. */
function discovery(issuer: string, overrides: Record<string, unknown> = {}) {
  const base = issuer.replace(/\/$/, '');
  return {
    issuer,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    id_token_signing_alg_values_supported: ['RS256'],
    ...overrides,
  };
}
const jwks = { keys: [{ kty: 'RSA', use: 'sig', kid: 'k1', n: 'AQAB', e: 'AQAB' }] };
const codes = (input: OidcAnalysisInput) =>
  analyzeOidcIssuer(input)
    .findings.map((f) => f.code)
    .sort();

const ENTRA = 'https://login.microsoftonline.com/9a1c4f2e-6b7d-4e3a-8f10-2c5d7e9b1a34/v2.0';

describe('analyzeOidcIssuer over vendor shapes', () => {
  it.each([
    ['entra', ENTRA],
    ['okta', 'https://acme.okta.com/oauth2/default'],
    ['google', 'https://accounts.google.com'],
    ['adfs', 'https://adfs.contoso.example/adfs'],
    ['ping', 'https://auth.pingone.com/3f6e2a1b-7c4d-4e8f-9a0b-1c2d3e4f5a6b/as'],
    ['onelogin', 'https://acme.onelogin.com/oidc/2'],
    ['keycloak', 'https://id.acme.example/realms/acme'],
    ['generic', 'https://login.acme.example'],
  ])('accepts a sound %s provider', (vendor, issuer) => {
    const result = analyzeOidcIssuer({
      issuer,
      discovery: discovery(issuer),
      jwks,
      clientId: 'app-123',
      clientSecret: 's3cr3t~value.x',
    });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({ vendor, keyIds: ['k1'], authorizeScopes: 'openid email profile' });
    expect(result.summary.discoveryUrl).toBe(`${issuer}/.well-known/openid-configuration`);
  });

  it('tells an Auth0 trailing slash the IdP publishes apart from one the admin added', () => {
    const published = 'https://acme.eu.auth0.com/';
    const bare = 'https://acme.eu.auth0.com';
    for (const typed of [published, bare]) {
      const result = analyzeOidcIssuer({ issuer: typed, discovery: discovery(published), jwks });
      expect(result.findings.map((f) => [f.code, f.severity])).toEqual([['OIDC_ISSUER_PUBLISHED_WITH_SLASH', 'info']]);
      expect(result.ok).toBe(true);
      // Saved the way Cognito wants it: without the slash (developer guide, OIDC IdPs).
      expect(result.summary.cognitoIssuer).toBe(bare);
    }
    expect(analyzeOidcIssuer({ issuer: published, discovery: discovery(published), jwks }).summary.vendor).toBe('auth0');
    expect(codes({ issuer: `${ENTRA}/`, discovery: discovery(ENTRA), jwks })).toEqual(['OIDC_ISSUER_TRAILING_SLASH']);
    // Judged against discovery only: before the fetch, a slash is no reason to refuse.
    expect(codes({ issuer: published })).toEqual([]);
  });
});

describe('issuer and discovery checks', () => {
  it('refuses a discovery issuer that differs from the one configured', () => {
    expect(codes({ issuer: ENTRA, discovery: discovery('https://login.microsoftonline.com/other-tenant/v2.0'), jwks })).toEqual([
      'OIDC_ISSUER_MISMATCH',
    ]);
    expect(codes({ issuer: ENTRA.toUpperCase().replace('HTTPS', 'https'), discovery: discovery(ENTRA), jwks })).toContain(
      'OIDC_ISSUER_MISMATCH',
    );
  });

  it('refuses an http issuer, http endpoints and ports other than 443/80', () => {
    expect(codes({ issuer: 'http://login.acme.example', discovery: discovery('http://login.acme.example'), jwks })).toEqual([
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ENDPOINT_NOT_HTTPS',
      'OIDC_ISSUER_NOT_HTTPS',
    ]);
    const pf = 'https://pf.acme.example:9031';
    expect(codes({ issuer: pf, discovery: discovery(pf), jwks })).toEqual([
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ENDPOINT_PORT',
      'OIDC_ISSUER_PORT',
    ]);
    const issuer = 'https://login.acme.example';
    expect(codes({ issuer, discovery: discovery(issuer, { jwks_uri: 'http://keys.acme.example/jwks' }), jwks })).toEqual([
      'OIDC_ENDPOINT_NOT_HTTPS',
    ]);
  });

  it.each(['common', 'organizations', 'consumers'])('refuses the Entra %s issuer', (tenant) => {
    const issuer = `https://login.microsoftonline.com/${tenant}/v2.0`;
    const result = analyzeOidcIssuer({
      issuer,
      discovery: discovery('https://login.microsoftonline.com/{tenantid}/v2.0'),
      jwks,
    });
    expect(result.findings.map((f) => f.code).sort()).toEqual(['OIDC_ISSUER_MISMATCH', 'OIDC_ISSUER_MULTI_TENANT']);
    expect(result.ok).toBe(false);
    expect(codes({ issuer })).toEqual(['OIDC_ISSUER_MULTI_TENANT']);
  });

  it('refuses a provider that does not offer client_secret_post, or announces no method', () => {
    const issuer = 'https://login.acme.example';
    expect(
      codes({ issuer, discovery: discovery(issuer, { token_endpoint_auth_methods_supported: ['client_secret_basic'] }), jwks }),
    ).toEqual(['OIDC_CLIENT_SECRET_POST_MISSING']);
    expect(codes({ issuer, discovery: discovery(issuer, { token_endpoint_auth_methods_supported: undefined }), jwks })).toEqual([
      'OIDC_CLIENT_SECRET_POST_MISSING',
    ]);
    const ping = 'https://auth.pingone.com/env/as';
    const fix = analyzeOidcIssuer({
      issuer: ping,
      discovery: discovery(ping, { token_endpoint_auth_methods_supported: ['client_secret_basic'] }),
    }).findings[0]?.fix;
    expect(fix).toContain('Client Secret Post');
  });

  it.each([
    [{ response_types_supported: ['id_token', 'token'] }, 'OIDC_CODE_FLOW_MISSING'],
    [{ scopes_supported: ['profile', 'email'] }, 'OIDC_OPENID_SCOPE_MISSING'],
    [{ id_token_signing_alg_values_supported: ['none'] }, 'OIDC_SIGNING_ALG_UNSUPPORTED'],
    [{ id_token_signing_alg_values_supported: undefined }, 'OIDC_SIGNING_ALG_UNSUPPORTED'],
    [{ userinfo_endpoint: undefined }, 'OIDC_ENDPOINT_MISSING'],
    [{ token_endpoint: '' }, 'OIDC_ENDPOINT_MISSING'],
    [{ issuer: undefined }, 'OIDC_DISCOVERY_INVALID'],
  ])('reports %j as %s', (overrides, code) => {
    const issuer = 'https://login.acme.example';
    expect(codes({ issuer, discovery: discovery(issuer, overrides), jwks })).toEqual([code]);
  });

  it('refuses a discovery document that is not an object', () => {
    for (const doc of [null, 'html', [], 42])
      expect(codes({ issuer: ENTRA, discovery: doc })).toEqual(['OIDC_DISCOVERY_INVALID']);
  });

  it('refuses issuers that are not URLs or carry a query', () => {
    expect(codes({ issuer: 'login.acme.example' })).toEqual(['OIDC_ISSUER_INVALID']);
    expect(codes({ issuer: 'https://login.acme.example?tenant=x' })).toEqual(['OIDC_ISSUER_QUERY']);
  });
});

describe('the IdP the admin chose', () => {
  it('gives the chosen vendor’s fix on a custom domain, and PingFederate’s off PingOne', () => {
    const issuer = 'https://login.acme.example';
    const noPost = { ...discovery(issuer), token_endpoint_auth_methods_supported: ['client_secret_basic'] };
    const fix = (vendor?: 'okta' | 'ping') =>
      analyzeOidcIssuer({ issuer, discovery: noPost, jwks, ...(vendor ? { vendor } : {}) }).findings.find(
        (f) => f.code === 'OIDC_CLIENT_SECRET_POST_MISSING',
      )?.fix;
    expect(fix()).not.toContain('Okta');
    expect(fix('okta')).toContain('In Okta');
    expect(fix('ping')).toContain('PingFederate');
    expect(
      analyzeOidcIssuer({
        issuer: 'https://auth.pingone.eu/env/as',
        discovery: { ...noPost, issuer: 'https://auth.pingone.eu/env/as' },
        jwks,
        vendor: 'ping',
      }).findings.find((f) => f.code === 'OIDC_CLIENT_SECRET_POST_MISSING')?.fix,
    ).toContain('PingOne');
  });
});

describe('JWKS and client credentials', () => {
  const issuer = 'https://login.acme.example';
  it('needs keys with a kid', () => {
    expect(codes({ issuer, discovery: discovery(issuer), jwks: { keys: [] } })).toEqual(['OIDC_JWKS_INVALID']);
    expect(codes({ issuer, discovery: discovery(issuer), jwks: 'nope' })).toEqual(['OIDC_JWKS_INVALID']);
    expect(
      codes({
        issuer,
        discovery: discovery(issuer),
        jwks: { keys: [{ kty: 'RSA', kid: 'a' }, { kty: 'RSA' }, { kty: 'RSA', use: 'enc' }] },
      }),
    ).toEqual(['OIDC_JWKS_KID_MISSING']);
    expect(codes({ issuer, discovery: discovery(issuer), jwks: { keys: [{ kty: 'RSA', kid: 'e', use: 'enc' }] } })).toEqual([
      'OIDC_JWKS_INVALID',
    ]);
  });

  it('refuses a key set that could not be fetched instead of skipping it', () => {
    const result = analyzeOidcIssuer({ issuer, discovery: discovery(issuer), jwksError: 'answered with HTTP status 404.' });
    expect(result.findings.map((f) => [f.code, f.field])).toEqual([['OIDC_JWKS_UNREACHABLE', 'discovery.jwks_uri']]);
    expect(result.ok).toBe(false);
  });

  it('checks the shape of the client id and secret', () => {
    expect(codes({ issuer, clientId: ' app ', clientSecret: 'ok-secret' })).toEqual(['OIDC_CLIENT_ID_INVALID']);
    expect(codes({ issuer, clientId: 'app', clientSecret: '' })).toEqual(['OIDC_CLIENT_SECRET_INVALID']);
    expect(codes({ issuer, clientId: 'app', clientSecret: 'x'.repeat(2000) })).toEqual(['OIDC_CLIENT_SECRET_INVALID']);
    expect(codes({ issuer, clientId: 'app', clientSecret: 'line\nbreak' })).toEqual(['OIDC_CLIENT_SECRET_INVALID']);
    expect(codes({ issuer, clientId: 'app', clientSecret: '1b2c3d4e-0000-4a5b-8c9d-0e1f2a3b4c5d' })).toEqual([
      'OIDC_CLIENT_SECRET_LOOKS_LIKE_ID',
    ]);
    expect(codes({ issuer, clientId: 'app', clientSecret: 'app' })).toEqual(['OIDC_CLIENT_SECRET_LOOKS_LIKE_ID']);
  });
});

describe('scopes', () => {
  it.each([
    ['openid email profile', 'openid email profile'],
    ['email,profile', 'openid email profile'],
    ['  profile  openid openid email ', 'openid profile email'],
    ['', 'openid'],
  ])('normalises %j to %j', (text, expected) => {
    expect(normalizeAuthorizeScopes(text)).toBe(expected);
  });
  it('says when it rewrote the scopes', () => {
    expect(codes({ issuer: 'https://login.acme.example', authorizeScopes: 'email,profile' })).toEqual(['OIDC_SCOPES_NORMALISED']);
    expect(codes({ issuer: 'https://login.acme.example', authorizeScopes: 'openid email' })).toEqual([]);
  });
  it('derives the discovery URL', () => {
    expect(discoveryUrl('https://acme.eu.auth0.com/')).toBe('https://acme.eu.auth0.com/.well-known/openid-configuration');
  });
});
