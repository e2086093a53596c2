import { generateKeyPairSync } from 'node:crypto';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { startOidcIdp } from '@gatehouse/test-idps';
import { SignJWT } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connectionWithSamlIdp } from './flows.ts';
import { adminOf, createHarness } from './harness.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const TIMEOUT = 60_000;

const xmlOf = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const base64Of = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
const problemCodes = (body: { problems: Array<{ code: string }> }) => body.problems.map((p) => p.code).sort();

describe('what your IdP sent: a SAML response', { timeout: TIMEOUT }, () => {
  it('decodes a captured response, verifies its signature against the saved metadata and shows each attribute with its mapping', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const captured = await idp.issueResponse(sp.entityId, 'alice');

    // As the network tab gives it: the form body, URL-encoded.
    const response = await admin.send('POST', `/connections/${id}/explain`, {
      text: `SAMLResponse=${encodeURIComponent(captured)}`,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.kind).toBe('saml');
    expect(body.signature.status).toBe('verified');
    expect(body.issuer).toBe(idp.entityId);
    expect(body.audiences).toEqual([sp.entityId]);
    expect(body.recipient).toBe(sp.acsUrl);
    expect(body.subject.format).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    const email = body.claims.find((c: { name: string }) => c.name === 'email');
    expect(email.mappedTo).toEqual(['email']);
    expect(email.values).toEqual(['alice@acme.example']);
    expect(body.verdict).toBe('ok');
  });

  it('tells a rolled certificate, an edited response and an unsigned one apart', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const original = xmlOf(await idp.issueResponse(sp.entityId, 'alice'));

    const edited = original.replace('alice@acme.example', 'mallory@acme.example');
    const editedBody = await (await admin.send('POST', `/connections/${id}/explain`, { text: base64Of(edited) })).json();
    expect(editedBody.signature.status).toBe('invalid');
    expect(problemCodes(editedBody)).toContain('SIGNATURE_INVALID');
    expect(editedBody.verdict).toBe('problems');

    idp.setBehaviour('unsigned');
    const unsigned = await (
      await admin.send('POST', `/connections/${id}/explain`, { text: await idp.issueResponse(sp.entityId, 'alice') })
    ).json();
    expect(unsigned.signature.status).toBe('unsigned');
    expect(problemCodes(unsigned)).toContain('UNSIGNED');
    idp.setBehaviour('normal');

    await idp.rotateSigningKey();
    const rolled = await (
      await admin.send('POST', `/connections/${id}/explain`, { text: await idp.issueResponse(sp.entityId, 'alice') })
    ).json();
    expect(rolled.signature.status).toBe('unknown-key');
    expect(problemCodes(rolled)).toContain('SIGNATURE_UNKNOWN_KEY');
  });

  it('does not vouch for an assertion a signature does not cover (signature wrapping)', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const original = xmlOf(await idp.issueResponse(sp.entityId, 'alice'));
    // The signed assertion is tucked away and an unsigned one with the attacker's NameID takes its place.
    const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(original)?.[0] ?? '';
    expect(signed).not.toBe('');
    const forged = signed
      .replace(/ID="[^"]+"/, 'ID="_forged"')
      .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
      .replace(/<saml:NameID([^>]*)>[^<]*</, '<saml:NameID$1>attacker<');
    const wrapped = original.replace(signed, `${forged}<samlp:Extensions>${signed}</samlp:Extensions>`);
    const body = await (await admin.send('POST', `/connections/${id}/explain`, { text: base64Of(wrapped) })).json();
    expect(body.subject.value).toBe('attacker');
    expect(body.signature.status).not.toBe('verified');
  });

  it('checks the audience Cognito requires', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    idp.setBehaviour('wrong-audience');
    const body = await (
      await admin.send('POST', `/connections/${id}/explain`, { text: await idp.issueResponse(sp.entityId, 'alice') })
    ).json();
    expect(problemCodes(body)).toContain('AUDIENCE_MISMATCH');
  });

  it.each([
    [
      'a DOCTYPE',
      (xml: string) => base64Of(`<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>${xml}`),
      'EXPLAIN_XML_FORBIDDEN',
    ],
    ['an ID token on a SAML connection', () => 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'EXPLAIN_PROTOCOL_MISMATCH'],
    ['plain words', () => 'it does not work', 'EXPLAIN_NOT_RECOGNISED'],
  ])('refuses %s with a reason, and changes nothing', async (_, make, reason) => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const before = await h.deps.connections.get(admin.tenant.id, id);
    const response = await admin.send('POST', `/connections/${id}/explain`, {
      text: make(xmlOf(await idp.issueResponse(sp.entityId, 'alice'))),
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('IDP_RESPONSE_UNREADABLE');
    expect(body.error.details.reason).toBe(reason);
    expect(await h.deps.connections.get(admin.tenant.id, id)).toEqual(before);
  });

  it('answers only within the admin’s own tenant', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const other = await adminOf(h, 'Globex');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const text = await idp.issueResponse(sp.entityId, 'alice');
    expect((await other.send('POST', `/connections/${id}/explain`, { text })).status).toBe(404);
    expect((await h.request(`/v1/setup/connections/${id}/explain`, { method: 'POST', json: { text } })).status).toBe(401);
  });
});

describe('what the IdP sent: the operator’s review', { timeout: TIMEOUT }, () => {
  it('explains a response against the revision under review', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie, csrf } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const admin = await adminOf(h, 'Acme');
    const { id, idp, sp } = await connectionWithSamlIdp(h, admin);
    const response = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${id}/explain`, {
      method: 'POST',
      cookie,
      csrf,
      json: { text: await idp.issueResponse(sp.entityId, 'bob') },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.signature.status).toBe('verified');
    expect(body.claims.find((c: { name: string }) => c.name === 'email').values).toEqual(['bob@acme.example']);
  });
});

describe('what your IdP sent: an ID token', { timeout: TIMEOUT }, () => {
  async function oidcSetup() {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    const capture = 'http://127.0.0.1:9/captured';
    const idp = await startOidcIdp({
      clients: [
        {
          clientId: 'cognito',
          clientSecret: 'a-very-secret-value-0001',
          redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`, capture],
        },
      ],
    });
    onTestFinished(() => idp.stop());
    const admin = await adminOf(h, 'Acme');
    const view = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'oidc' })).json();
    const saved = await admin.send('PUT', `/connections/${view.id}/oidc`, {
      issuer: idp.issuer,
      clientId: 'cognito',
      clientSecret: 'a-very-secret-value-0001',
      scopes: 'openid email profile',
      version: 0,
    });
    expect(saved.status).toBe(200);
    return { h, admin, idp, id: view.id as string, capture };
  }

  /** An ID token as an admin gets one: an authorization code flow with the connection's client, outside Cognito. */
  async function realIdToken(issuer: string, capture: string): Promise<string> {
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: 'cognito',
      redirect_uri: capture,
      response_type: 'code',
      scope: 'openid email profile',
      state: 's1',
    }).toString();
    const walked = await new MiniBrowser(capture).signIn(authorize.toString(), 'alice');
    const code = new URL(walked.finalUrl ?? 'http://invalid/').searchParams.get('code') ?? '';
    const tokens = await (
      await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: capture,
          client_id: 'cognito',
          client_secret: 'a-very-secret-value-0001',
        }),
      })
    ).json();
    return tokens.id_token as string;
  }

  it('verifies a real ID token against the issuer’s JWKS and lists its claims', async () => {
    const { admin, idp, id, capture } = await oidcSetup();
    const token = await realIdToken(idp.issuer, capture);
    const body = await (await admin.send('POST', `/connections/${id}/explain`, { text: token })).json();
    expect(body.kind).toBe('oidc');
    expect(body.signature.status).toBe('verified');
    expect(body.issuer).toBe(idp.issuer);
    expect(body.audiences).toEqual(['cognito']);
    expect(body.claims.find((c: { name: string }) => c.name === 'email').values).toEqual(['alice@acme.example']);
    expect(body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it('names a signing key the issuer does not publish', async () => {
    const { admin, idp, id } = await oidcSetup();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ email: 'alice@acme.example' })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-published' })
      .setIssuer(idp.issuer)
      .setAudience('cognito')
      .setSubject('u1')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const body = await (await admin.send('POST', `/connections/${id}/explain`, { text: token })).json();
    expect(body.signature.status).toBe('unknown-key');
    expect(problemCodes(body)).toContain('SIGNATURE_UNKNOWN_KEY');
  });
});
