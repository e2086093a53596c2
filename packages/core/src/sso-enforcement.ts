import { normalizeDomain } from './domains/normalize.ts';
import type { CognitoTriggerCommon } from './trigger-event.ts';

// SSO enforcement: once a tenant's connection is live, its verified email domains sign in only through
// its IdP. Cognito's Pre Authentication trigger refuses a native (password) sign-in under an enforced
// domain and its Pre Sign-up trigger refuses self sign-up with such an address (developer guide, "Pre
// authentication Lambda trigger" and "Pre sign-up Lambda trigger"); federated sign-ins are untouched.

/**
 * The email domain a sign-in or sign-up is for: the `email` attribute, else a user name that is an email
 * address (pools whose users sign in with their email); null when neither is one. Normalised as domain
 * claims are, so `Pat@ACME.example.` and `pat@acme.example` are the same domain. Only this exact domain
 * counts: a subdomain follows its own verification, never a parent's.
 */
export function emailDomainOf(attributes: Record<string, string | undefined>, userName = ''): string | null {
  for (const candidate of [attributes.email, userName]) {
    if (!candidate) continue;
    const at = candidate.lastIndexOf('@');
    if (at <= 0) continue;
    const normalized = normalizeDomain(candidate.slice(at + 1));
    if (normalized.ok) return normalized.domain;
  }
  return null;
}

/**
 * What a refused user reads. Cognito shows it after "PreAuthentication failed with error" (or
 * "PreSignUp failed with error") in managed login and in the API's error message.
 */
export function ssoRequiredMessage(domain: string, signUp = false): string {
  return signUp
    ? `Accounts for ${domain} are created by your company's single sign-on. Go back and choose your company sign-in instead of signing up.`
    : `${domain} signs in with your company's single sign-on. Go back and choose your company sign-in (enter your email address there) instead of a password.`;
}

/** Cognito's events for the two triggers, as far as Gatehouse reads them. */
export interface SsoTriggerEvent extends CognitoTriggerCommon {
  request: { userAttributes: Record<string, string>; validationData?: Record<string, string> | null };
  response: Record<string, unknown>;
}
