import { randomBytes } from 'node:crypto';
import type { TokenOverrides } from '../triggers/token-overrides.ts';

/** A sign-in between /oauth2/authorize and the IdP's answer. */
export interface AuthorizeSession {
  poolId: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  scopes: string[];
  providerName: string;
  createdAt: number;
  /** SAML: the AuthnRequest ID the response must answer. */
  samlRequestId?: string;
  /** OIDC: the nonce sent to the IdP. */
  idpNonce?: string;
}

export interface AuthorizationCode {
  poolId: string;
  clientId: string;
  redirectUri: string;
  username: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  expiresAt: number;
  /** What the pre token generation trigger asked for during the sign-in, applied when the code is redeemed. */
  overrides?: TokenOverrides;
}

export interface RefreshGrant {
  poolId: string;
  clientId: string;
  username: string;
  scopes: string[];
  authTime: number;
  originJti: string;
  expiresAt: number;
  /** Issued by an API sign-in, whose tokens always include an ID token. */
  alwaysIdToken?: boolean;
}

/** A password sign-in waiting for the user's new password (the NEW_PASSWORD_REQUIRED challenge). */
export interface PasswordChallenge {
  poolId: string;
  clientId: string;
  username: string;
  expiresAt: number;
}

/** Cognito cancels a federated sign-in not finished within 5 minutes; codes live 5 minutes too. */
export const SESSION_TTL_MS = 5 * 60_000;
export const CODE_TTL_MS = 5 * 60_000;

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/**
 * Short-lived federation state, in memory only: a restart ends sign-ins in progress and refresh tokens,
 * as a new browser session would.
 */
export class FederationState {
  readonly sessions = new Map<string, AuthorizeSession>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** NEW_PASSWORD_REQUIRED sessions by their `Session` value. */
  readonly challenges = new Map<string, PasswordChallenge>();
  /** Assertion IDs already consumed, with when they may be forgotten. */
  private readonly usedAssertions = new Map<string, number>();

  /** Takes a session out (it is good for one answer only), or undefined when unknown or expired. */
  takeSession(handle: string, now: number): AuthorizeSession | undefined {
    const session = this.sessions.get(handle);
    this.sessions.delete(handle);
    if (!session || now - session.createdAt > SESSION_TTL_MS) return undefined;
    return session;
  }

  /** Records an assertion ID; false when it was seen before (a replay). */
  markAssertionUsed(key: string, now: number, until: number): boolean {
    for (const [id, expiry] of this.usedAssertions) if (expiry < now) this.usedAssertions.delete(id);
    if (this.usedAssertions.has(key)) return false;
    this.usedAssertions.set(key, Math.max(until, now + SESSION_TTL_MS));
    return true;
  }

  sweep(now: number): void {
    for (const [k, s] of this.sessions) if (now - s.createdAt > SESSION_TTL_MS) this.sessions.delete(k);
    for (const [k, c] of this.codes) if (c.expiresAt < now) this.codes.delete(k);
    for (const [k, r] of this.refreshTokens) if (r.expiresAt < now) this.refreshTokens.delete(k);
    for (const [k, p] of this.challenges) if (p.expiresAt < now) this.challenges.delete(k);
  }
}
