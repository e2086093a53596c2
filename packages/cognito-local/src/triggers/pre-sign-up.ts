// The pre sign-up trigger. Source unless said otherwise: developer guide, "Pre sign-up Lambda trigger" (event,
// request and response parameters) and "Lambda triggers" (common parameters).

import type { Engine } from '../engine.ts';
import type { PoolRecord } from '../state.ts';
import {
  invokeLocalLambda,
  type TriggerEventCommon,
  type TriggerFailure,
  triggerEventCommon,
  triggerFailure,
  unrecognizableOutput,
} from './registry.ts';

/**
 * "Your user pool invokes this trigger on self-service sign-up with SignUp or first sign-in with a trusted
 * identity provider, and on user creation with AdminCreateUser."
 */
export type PreSignUpTriggerSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';

export interface PreSignUpResponse {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export interface PreSignUpEvent extends TriggerEventCommon<PreSignUpTriggerSource> {
  version: '1';
  request: {
    userAttributes: Record<string, string>;
    /** ValidationData of SignUp and AdminCreateUser, as name-value pairs; null when none was sent. */
    validationData: Record<string, string> | null;
    clientMetadata?: Record<string, string>;
  };
  response: PreSignUpResponse;
}

export type PreSignUpOutcome = ({ ok: true } & PreSignUpResponse) | ({ ok: false } & TriggerFailure);

const NOTHING: PreSignUpResponse = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

/**
 * Runs the pool's pre sign-up trigger, if it has one, before a user is created: what the response asks for
 * (auto-confirmation and auto-verification), or the failure that refuses the sign-up. "If you set autoVerifyEmail
 * to true, the email attribute must have a valid, non-null value"; the same for the phone. A response that
 * asks otherwise, or is not the event with booleans in `response`, fails the sign-up as unreadable output
 * (what Cognito answers then is not documented: a guess).
 */
export async function runPreSignUp(
  engine: Engine,
  input: {
    pool: PoolRecord;
    triggerSource: PreSignUpTriggerSource;
    clientId: string;
    userName: string;
    userAttributes: Record<string, string>;
    validationData?: Record<string, string> | undefined;
    clientMetadata?: Record<string, string> | undefined;
  },
): Promise<PreSignUpOutcome> {
  const arn = (input.pool.settings.LambdaConfig as { PreSignUp?: string } | undefined)?.PreSignUp;
  if (!arn) return { ok: true, ...NOTHING };
  const event: PreSignUpEvent = {
    version: '1',
    ...triggerEventCommon(input.triggerSource, input.pool.Id, input.userName, input.clientId),
    request: {
      userAttributes: { ...input.userAttributes },
      validationData: input.validationData ? { ...input.validationData } : null,
      ...(input.clientMetadata ? { clientMetadata: { ...input.clientMetadata } } : {}),
    },
    response: { ...NOTHING },
  };
  const result = await invokeLocalLambda(engine.options.lambdas, arn, event, engine.options.triggerTimeoutMs);
  if (!result.ok) return { ok: false, ...triggerFailure('PreSignUp', result.failure) };
  const response = (result.response as { response?: unknown } | null)?.response;
  if (typeof response !== 'object' || response === null) {
    return { ok: false, ...unrecognizableOutput('the returned event has no response') };
  }
  const flags = response as Record<string, unknown>;
  const read = (name: keyof PreSignUpResponse) => {
    const value = flags[name];
    if (value !== undefined && value !== null && typeof value !== 'boolean') throw new TypeError(name);
    return value === true;
  };
  let answer: PreSignUpResponse;
  try {
    answer = {
      autoConfirmUser: read('autoConfirmUser'),
      autoVerifyEmail: read('autoVerifyEmail'),
      autoVerifyPhone: read('autoVerifyPhone'),
    };
  } catch (error) {
    return { ok: false, ...unrecognizableOutput(`response.${(error as Error).message} is not a boolean`) };
  }
  if (answer.autoVerifyEmail && !input.userAttributes.email) {
    return { ok: false, ...unrecognizableOutput('autoVerifyEmail is true but the user has no email') };
  }
  if (answer.autoVerifyPhone && !input.userAttributes.phone_number) {
    return { ok: false, ...unrecognizableOutput('autoVerifyPhone is true but the user has no phone_number') };
  }
  return { ok: true, ...answer };
}
