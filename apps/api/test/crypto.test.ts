import { describe, expect, it } from 'vitest';
import { authorizationSecrets, codeChallenge, constantTimeEqual, withAuthorizationSecrets } from '../src/crypto.ts';

describe('authorization secrets', () => {
  it('makes the S256 challenge of RFC 7636, appendix B', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('gives every sign-in its own state, nonce and verifier, and puts them on the authorize URL', () => {
    const first = authorizationSecrets();
    const second = authorizationSecrets();
    expect(new Set([first.state, first.nonce, first.codeVerifier, second.state, second.nonce, second.codeVerifier]).size).toBe(6);
    // A verifier is 43 to 128 characters of the unreserved set (RFC 7636, section 4.1).
    expect(first.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    const url = withAuthorizationSecrets(new URL('https://auth.example.com/oauth2/authorize'), first);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: first.state,
      nonce: first.nonce,
      code_challenge: codeChallenge(first.codeVerifier),
      code_challenge_method: 'S256',
    });
  });
});

describe('constantTimeEqual', () => {
  it('is true only for the same text, and false for an absent value', () => {
    expect(constantTimeEqual('s3cret-value', 's3cret-value')).toBe(true);
    expect(constantTimeEqual('s3cret-valuf', 's3cret-value')).toBe(false);
    expect(constantTimeEqual('s3cret', 's3cret-value')).toBe(false);
    expect(constantTimeEqual(undefined, 's3cret-value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
