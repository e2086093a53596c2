// The pre authentication trigger. Source unless said otherwise: developer guide, "Pre authentication Lambda
// trigger" and "Lambda triggers" (common parameters).

import type { Engine } from '../engine.ts';
import type { PoolRecord } from '../state.ts';
import {
  invokeLocalLambda,
  type TriggerEventCommon,
  type TriggerFailure,
  triggerEventCommon,
  triggerFailure,
} from './registry.ts';

export interface PreAuthenticationEvent extends TriggerEventCommon<'PreAuthentication_Authentication'> {
  version: '1';
  request: {
    userAttributes: Record<string, string>;
    /** "Client validation data from the ClientMetadata values that your app passes to InitiateAuth and AdminInitiateAuth." */
    validationData: Record<string, string>;
    /** Set only when the app client's PreventUserExistenceErrors is ENABLED. */
    userNotFound?: boolean;
  };
  response: Record<string, never>;
}

export type PreAuthenticationOutcome = { ok: true } | ({ ok: false } & TriggerFailure);

/**
 * Runs the pool's pre authentication trigger, if it has one, before a password sign-in: "you can deny the
 * authentication request" by throwing, which fails the sign-in with "PreAuthentication failed with error
 * <message>." as UserLambdaValidationException. "No return information is expected in the response": what
 * the function returns is not read. The trigger "doesn't activate when a user doesn't exist unless the
 * PreventUserExistenceErrors setting of a user pool app client is set to ENABLED", then with `userNotFound`.
 */
export async function runPreAuthentication(
  engine: Engine,
  input: {
    pool: PoolRecord;
    clientId: string;
    userName: string;
    userAttributes: Record<string, string>;
    validationData: Record<string, string>;
    userNotFound?: boolean;
  },
): Promise<PreAuthenticationOutcome> {
  const arn = (input.pool.settings.LambdaConfig as { PreAuthentication?: string } | undefined)?.PreAuthentication;
  if (!arn) return { ok: true };
  const event: PreAuthenticationEvent = {
    version: '1',
    ...triggerEventCommon('PreAuthentication_Authentication', input.pool.Id, input.userName, input.clientId),
    request: {
      userAttributes: { ...input.userAttributes },
      validationData: { ...input.validationData },
      ...(input.userNotFound !== undefined ? { userNotFound: input.userNotFound } : {}),
    },
    response: {},
  };
  const result = await invokeLocalLambda(engine.options.lambdas, arn, event, engine.options.triggerTimeoutMs);
  if (!result.ok) return { ok: false, ...triggerFailure('PreAuthentication', result.failure) };
  return { ok: true };
}
