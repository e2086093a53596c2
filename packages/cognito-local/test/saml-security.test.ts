import { AdminGetUserCommand, CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadSaml } from '../src/index.ts';
import { type TestCertificate, validCertificate } from './certificates.ts';
import { createOAuthClient, createPool, type Harness, startHarness } from './harness.ts';
import {
  authnRequestId,
  fixtureMetadata,
  IDP_ENTITY_ID,
  type ResponseOptions,
  signedResponse,
  unsignedResponse,
} from './saml-fixture.ts';
import { authorizeUrl, exchangeCode, localJwksCache, type Outcome, outcomeOf, pkce, postSamlResponse } from './sign-in.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
let h: Harness;
let idpCert: TestCertificate;
let attackerCert: TestCertificate;
let poolId: string;
let clientId: string;
let base: string;
let acs: string;
let audience: string;

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true });
  await preloadSaml();
  [idpCert, attackerCert] = await Promise.all([validCertificate(), validCertificate()]);
  poolId = await createPool(h.cognito, 'security');
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Fixture',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: fixtureMetadata(idpCert) },
      AttributeMapping: { email: 'email', 'custom:tenant': 'tenant' },
    }),
  );
  ({ clientId } = await createOAuthClient(h.cognito, poolId, ['Fixture'], REDIRECT));
  base = h.local.domainBaseUrl('security');
  acs = `${base}/saml2/idpresponse`;
  audience = `urn:amazon:cognito:sp:${poolId}`;
});
afterAll(() => h.stop());

/** Starts an SP-initiated sign-in; returns what the IdP would need to answer it. */
async function begin(state = 'app-state') {
  const { verifier, challenge } = pkce();
  const response = await fetch(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Fixture', state, challenge }), {
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  const relayState = new URL(location).searchParams.get('RelayState') ?? '';
  return { requestId: authnRequestId(location), relayState, verifier, location };
}

async function answer(o: Partial<ResponseOptions> = {}, transform?: (signedXml: string) => string): Promise<Outcome> {
  const { requestId, relayState } = await begin();
  const options: ResponseOptions = { inResponseTo: requestId, acs, audience, ...o };
  let encoded = signedResponse(options, idpCert);
  if (transform) encoded = Buffer.from(transform(Buffer.from(encoded, 'base64').toString('utf8'))).toString('base64');
  return outcomeOf(await postSamlResponse(acs, encoded, relayState));
}

function expectRejected(outcome: Outcome) {
  expect(outcome.code).toBeUndefined();
  expect(outcome.error).toBe('server_error');
  expect(outcome.state).toBe('app-state');
}

describe('SP-initiated SAML sign-in', () => {
  it('sends a deflated AuthnRequest by HTTP-Redirect to the IdP SSO URL with a RelayState', async () => {
    const { location, requestId, relayState } = await begin();
    expect(location.startsWith('https://idp.fixture.example/sso?SAMLRequest=')).toBe(true);
    expect(requestId).not.toBe('');
    expect(relayState).not.toBe('');
  });

  it('signs in with a valid response and issues RS256 tokens that aws-jwt-verify accepts', async () => {
    const { requestId, relayState, verifier } = await begin('s1');
    const encoded = signedResponse(
      {
        inResponseTo: requestId,
        acs,
        audience,
        nameId: 'alice-0001',
        attributes: { email: 'alice@example.com', tenant: 'acme' },
      },
      idpCert,
    );
    const outcome = outcomeOf(await postSamlResponse(acs, encoded, relayState));
    expect(outcome.state).toBe('s1');
    expect(outcome.code).toBeTruthy();
    const tokens = await exchangeCode(base, { clientId, code: outcome.code ?? '', redirectUri: REDIRECT, verifier });
    expect(tokens.status).toBe(200);
    const jwksCache = await localJwksCache();
    const verifierJwt = JwtRsaVerifier.create(
      { issuer: h.local.issuer(poolId), audience: clientId, jwksUri: h.local.jwksUri(poolId) },
      { jwksCache },
    );
    const claims = await verifierJwt.verify(String(tokens.body.id_token));
    expect(claims['cognito:username']).toBe('Fixture_alice-0001');
    expect(claims['cognito:groups']).toContain(`${poolId}_Fixture`);
    expect(claims['custom:tenant']).toBe('acme');
    expect(claims.email_verified).toBe(false);
    expect(claims.identities).toEqual([
      expect.objectContaining({
        userId: 'alice-0001',
        providerName: 'Fixture',
        providerType: 'SAML',
        issuer: IDP_ENTITY_ID,
        primary: 'true',
      }),
    ]);
    const access = await JwtRsaVerifier.create(
      { issuer: h.local.issuer(poolId), audience: null, jwksUri: h.local.jwksUri(poolId) },
      { jwksCache },
    ).verify(String(tokens.body.access_token));
    expect(access.token_use).toBe('access');
    expect(access.client_id).toBe(clientId);
  });
});

describe('attacks on SAML responses at /saml2/idpresponse', () => {
  it('rejects a response whose signature was stripped', async () => {
    const { requestId, relayState } = await begin();
    const { xml } = unsignedResponse({ inResponseTo: requestId, acs, audience });
    expectRejected(outcomeOf(await postSamlResponse(acs, Buffer.from(xml).toString('base64'), relayState)));
  });

  it('rejects a NameID changed after signing', async () => {
    expectRejected(await answer({ nameId: 'user-0001' }, (xml) => xml.replace('>user-0001<', '>admin-0001<')));
  });

  it('rejects XML signature wrapping: the signed assertion moved aside and an evil one in its place', async () => {
    const wrapped = await answer({ nameId: 'user-0001' }, (xml) => {
      const start = xml.indexOf('<saml:Assertion');
      const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
      const signed = xml.slice(start, end);
      const evil = signed
        .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
        .replace('>user-0001<', '>admin-0001<')
        .replace(/ID="[^"]+"/, 'ID="_evil"');
      return `${xml.slice(0, start)}<samlp:Extensions>${signed}</samlp:Extensions>${evil}${xml.slice(end)}`;
    });
    expectRejected(wrapped);
  });

  it('rejects XML signature wrapping: an evil assertion inside the signature', async () => {
    const wrapped = await answer({ nameId: 'user-0001' }, (xml) => {
      const start = xml.indexOf('<saml:Assertion');
      const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
      const evil = xml
        .slice(start, end)
        .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
        .replace('>user-0001<', '>admin-0001<');
      return xml.replace('</ds:SignatureValue>', `</ds:SignatureValue><ds:Object>${evil}</ds:Object>`);
    });
    expectRejected(wrapped);
  });

  it('keeps the whole NameID when a comment splits it', async () => {
    const { requestId, relayState } = await begin();
    const encoded = signedResponse(
      { inResponseTo: requestId, acs, audience, nameId: 'admin@victim.example<!---->.evil.com' },
      idpCert,
    );
    const outcome = outcomeOf(await postSamlResponse(acs, encoded, relayState));
    expect(outcome.code).toBeTruthy();
    const user = await h.cognito.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Fixture_admin@victim.example.evil.com' }),
    );
    expect(user.Username).toBe('Fixture_admin@victim.example.evil.com');
    await expect(
      h.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Fixture_admin@victim.example' })),
    ).rejects.toThrow();
  });

  it('rejects a document with two root elements', async () => {
    expectRejected(await answer({}, (xml) => `${xml}${xml}`));
  });

  it("rejects a response re-signed with an attacker's key that carries its certificate in KeyInfo", async () => {
    expectRejected(await answer({ signer: attackerCert }));
  });

  it.each([
    ['Audience', { audience: 'urn:amazon:cognito:sp:eu-west-1_other' }],
    ['Recipient', { recipient: 'https://other.example/saml2/idpresponse' }],
    ['Destination', { destination: 'https://other.example/saml2/idpresponse' }],
  ])('rejects a response whose %s names another SP', async (_label, options) => {
    expectRejected(await answer(options));
  });

  it('rejects an InResponseTo that matches no request', async () => {
    expectRejected(await answer({ inResponseTo: '_unknown', subjectInResponseTo: '_unknown' }));
    expectRejected(await answer({ subjectInResponseTo: '_unknown' }));
  });

  it('accepts a response once: a replay fails, and of two simultaneous posts exactly one succeeds', async () => {
    const { requestId, relayState } = await begin();
    const encoded = signedResponse({ inResponseTo: requestId, acs, audience, nameId: 'replay-0001' }, idpCert);
    const outcomes = await Promise.all([postSamlResponse(acs, encoded, relayState), postSamlResponse(acs, encoded, relayState)]);
    expect(outcomes.map(outcomeOf).filter((o) => o.code)).toHaveLength(1);
    // Replayed into a fresh sign-in, the same response still fails.
    const fresh = await begin();
    const replay = outcomeOf(await postSamlResponse(acs, encoded, fresh.relayState));
    expectRejected(replay);
  });

  it.each([
    ['SubjectConfirmationData NotOnOrAfter in the past', { subjectNotOnOrAfter: new Date(Date.now() - 120_000) }],
    ['Conditions NotOnOrAfter in the past', { notOnOrAfter: new Date(Date.now() - 120_000) }],
    ['Conditions NotBefore in the future', { notBefore: new Date(Date.now() + 600_000) }],
  ])('rejects %s', async (_label, options) => {
    expectRejected(await answer(options));
  });

  it('rejects an Issuer that differs from the metadata entityID', async () => {
    expectRejected(await answer({ issuer: 'https://evil.example/saml' }));
  });

  it('turns a Status other than Success into a clear error for the app', async () => {
    const outcome = await answer({ status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' });
    expectRejected(outcome);
    expect(outcome.errorDescription).toBeTruthy();
  });

  it('rejects an assertion over 100,000 characters before parsing it', async () => {
    expectRejected(await answer({ attributes: { email: 'a@example.com', tenant: 'x'.repeat(100_001) } }));
  });

  it('rejects a DOCTYPE before parsing', async () => {
    expectRejected(await answer({}, (xml) => `<!DOCTYPE r [<!ENTITY e SYSTEM "http://127.0.0.1:9/">]>${xml}`));
  });

  it('refuses a response for an unknown sign-in session on its own error page', async () => {
    const { requestId } = await begin();
    const response = await postSamlResponse(
      acs,
      signedResponse({ inResponseTo: requestId, acs, audience }, idpCert),
      'not-a-session',
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});
