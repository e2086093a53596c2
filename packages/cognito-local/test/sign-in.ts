import { createHash, randomBytes } from 'node:crypto';

/** What the app's redirect_uri received, or the page shown instead. */
export interface Outcome {
  status: number;
  location?: string;
  code?: string;
  error?: string;
  errorDescription?: string;
  state?: string;
}

export function outcomeOf(response: Response): Outcome {
  const location = response.headers.get('location') ?? undefined;
  if (!location) return { status: response.status };
  const url = new URL(location);
  const get = (name: string) => url.searchParams.get(name) ?? undefined;
  return {
    status: response.status,
    location,
    ...(get('code') ? { code: get('code') } : {}),
    ...(get('error') ? { error: get('error') } : {}),
    ...(get('error_description') ? { errorDescription: get('error_description') } : {}),
    ...(get('state') ? { state: get('state') } : {}),
  };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(
  base: string,
  params: {
    clientId: string;
    redirectUri: string;
    provider?: string;
    state?: string;
    challenge?: string;
    nonce?: string;
    scope?: string;
  },
): string {
  const url = new URL(`${base}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  if (params.provider) url.searchParams.set('identity_provider', params.provider);
  if (params.state) url.searchParams.set('state', params.state);
  if (params.nonce) url.searchParams.set('nonce', params.nonce);
  if (params.scope) url.searchParams.set('scope', params.scope);
  if (params.challenge) {
    url.searchParams.set('code_challenge', params.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** Posts a SAML Response to the ACS as the IdP's auto-submitted form would. */
export function postSamlResponse(acs: string, samlResponse: string, relayState: string): Promise<Response> {
  return fetch(acs, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }).toString(),
  });
}

export async function exchangeCode(
  base: string,
  params: { clientId: string; clientSecret?: string; code: string; redirectUri: string; verifier?: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: params.clientId,
    code: params.code,
    redirect_uri: params.redirectUri,
  });
  if (params.clientSecret) form.set('client_secret', params.clientSecret);
  if (params.verifier) form.set('code_verifier', params.verifier);
  const response = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * aws-jwt-verify fetches JWKS over https only; cognito-local serves http on 127.0.0.1, so local verifiers
 * hand it a fetcher built on fetch. Everything else about verification is unchanged.
 */
export async function localJwksCache() {
  const { SimpleJwksCache } = await import('aws-jwt-verify/jwk');
  return new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
}
