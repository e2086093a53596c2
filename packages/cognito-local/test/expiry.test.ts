import { CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadSaml } from '../src/index.ts';
import { validCertificate } from './certificates.ts';
import { createOAuthClient, createPool, type Harness, startHarness } from './harness.ts';
import { authnRequestId, fixtureMetadata, signedResponse } from './saml-fixture.ts';
import { authorizeUrl, exchangeCode, outcomeOf, pkce, postSamlResponse } from './sign-in.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const MINUTE = 60_000;
let offset = 0;
let h: Harness;
let base: string;
let acs: string;
let audience: string;
let clientId: string;
let signResponse: (requestId: string) => string;

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true, now: () => new Date(Date.now() + offset) });
  await preloadSaml();
  const cert = await validCertificate();
  const poolId = await createPool(h.cognito, 'expiry');
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: fixtureMetadata(cert) },
    }),
  );
  ({ clientId } = await createOAuthClient(h.cognito, poolId, ['Corp'], REDIRECT));
  base = h.local.domainBaseUrl('expiry');
  acs = `${base}/saml2/idpresponse`;
  audience = `urn:amazon:cognito:sp:${poolId}`;
  signResponse = (requestId) => signedResponse({ inResponseTo: requestId, acs, audience, nameId: 'late-0001' }, cert);
});
afterAll(() => h.stop());

async function begin() {
  offset = 0;
  const { verifier, challenge } = pkce();
  const response = await fetch(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Corp', challenge }), {
    redirect: 'manual',
  });
  const location = response.headers.get('location') ?? '';
  return { requestId: authnRequestId(location), relayState: new URL(location).searchParams.get('RelayState') ?? '', verifier };
}

describe('time limits of managed login (reference 4)', () => {
  it('cancels a SAML sign-in the IdP answers after more than 5 minutes', async () => {
    const { requestId, relayState } = await begin();
    offset = 6 * MINUTE;
    const response = await postSamlResponse(acs, signResponse(requestId), relayState);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('accepts the answer within 5 minutes, and refuses its code once 5 minutes have passed', async () => {
    const { requestId, relayState, verifier } = await begin();
    offset = 2 * MINUTE;
    const outcome = outcomeOf(await postSamlResponse(acs, signResponse(requestId), relayState));
    expect(outcome.code).toBeTruthy();
    offset = 8 * MINUTE;
    const late = await exchangeCode(base, { clientId, code: outcome.code ?? '', redirectUri: REDIRECT, verifier });
    expect(late).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
