import { emailDomainOf, type SsoTriggerEvent, ssoRequiredMessage } from '@gatehouse/core/sso-enforcement';
import type { Logger } from '../logger.ts';
import type { EnforcedDomainLookup } from './enforced-domains.ts';

/**
 * Gatehouse's SSO enforcement, as one handler for two Cognito triggers (one small bundle; both need the
 * same lookup):
 * - Pre Authentication (`PreAuthentication_Authentication`, native sign-in with a password): refused
 *   when the user's email domain is enforced;
 * - Pre Sign-up (`PreSignUp_SignUp`, self sign-up): refused likewise. `PreSignUp_AdminCreateUser` (the
 *   SaaS creating a user itself) and `PreSignUp_ExternalProvider` (a federated user's first sign-in) pass.
 * Throwing is how a trigger refuses: Cognito fails the request with "<Trigger> failed with error
 * <message>." (developer guide, Lambda triggers).
 *
 * When the table cannot be read, a domain enforced a moment ago stays refused and any other passes, and
 * the failure is logged (the function's error alarm does not fire for it, so it logs at error level for
 * the log-based alarm): an outage of Gatehouse's table must not lock every password user of the SaaS out.
 */
export function createSsoEnforcementTrigger(deps: {
  enforced: EnforcedDomainLookup & { lastKnownEnforced(domain: string): boolean };
  logger: Logger;
}) {
  return async <E extends SsoTriggerEvent>(event: E): Promise<E> => {
    const signUp = event.triggerSource === 'PreSignUp_SignUp';
    if (event.triggerSource !== 'PreAuthentication_Authentication' && !signUp) return event;
    const attributes = event.request?.userAttributes ?? {};
    // Cognito does not run Pre Authentication for federated sign-ins; a federated user never counts.
    if (attributes['cognito:user_status'] === 'EXTERNAL_PROVIDER' || attributes.identities) return event;
    const domain = emailDomainOf(attributes, event.userName ?? '');
    if (!domain) return event;
    let enforced: boolean;
    try {
      enforced = await deps.enforced(domain);
    } catch (error) {
      enforced = deps.enforced.lastKnownEnforced(domain);
      deps.logger.error('SSO enforcement could not read the table', {
        error,
        domain,
        enforced,
        triggerSource: event.triggerSource,
      });
    }
    if (enforced) {
      deps.logger.info('native sign-in refused: SSO enforced', { domain, triggerSource: event.triggerSource });
      throw new Error(ssoRequiredMessage(domain, signUp));
    }
    return event;
  };
}
