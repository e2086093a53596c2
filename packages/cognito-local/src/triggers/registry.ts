import { isLambdaFunctionArn } from '../control/lambda-config.ts';

/**
 * A function the stand-in invokes in place of a Lambda function, with Lambda's Node.js handler contract:
 * it receives the event and resolves to the response event (developer guide, Lambda triggers: "Amazon
 * Cognito passes event information to your Lambda function which returns the same event object back").
 */
export type LocalLambda = (event: unknown) => Promise<unknown>;

/** Local handlers by function ARN: what stands in for Lambda. */
export class LambdaRegistry {
  private readonly handlers = new Map<string, LocalLambda>();

  constructor(initial: Record<string, LocalLambda> = {}) {
    for (const [arn, handler] of Object.entries(initial)) this.register(arn, handler);
  }

  /** Registers (or replaces) the handler of a function ARN. */
  register(arn: string, handler: LocalLambda): void {
    // A misspelt ARN would only show as a failed sign-in much later.
    if (!isLambdaFunctionArn(arn)) throw new Error(`Not a Lambda function ARN: ${arn}`);
    if (typeof handler !== 'function') throw new Error(`The handler of ${arn} is not a function`);
    this.handlers.set(arn, handler);
  }

  unregister(arn: string): void {
    this.handlers.delete(arn);
  }

  get(arn: string): LocalLambda | undefined {
    return this.handlers.get(arn);
  }
}

/** Why an invocation gave no response. */
export type InvocationFailure =
  /** No handler is registered for the ARN: what Lambda answers with ResourceNotFoundException. */
  | { kind: 'not-found' }
  /** The handler threw or rejected (Lambda: a function error, with the error's message). */
  | { kind: 'function-error'; message: string }
  /** The handler did not answer in time, on every attempt. */
  | { kind: 'timeout' }
  /** The handler's result is not JSON (Lambda serializes it; a result it cannot serialize is an error). */
  | { kind: 'unserializable' };

export type InvocationResult = { ok: true; response: unknown; attempts: number } | { ok: false; failure: InvocationFailure };

/**
 * Cognito invokes a trigger synchronously; "your Lambda function must respond within 5 seconds. If it does
 * not, Amazon Cognito retries the call. After 3 unsuccessful attempts, the function times out" (developer
 * guide, Lambda triggers, important considerations). Only a timeout is retried here: a function error is
 * the function's answer.
 */
export const TRIGGER_ATTEMPTS = 3;

const TIMED_OUT = Symbol('timed out');

/**
 * Invokes a local handler as Cognito invokes a trigger: the event goes in as JSON (a copy the handler may
 * change freely), the result comes back through JSON, and an attempt that takes longer than `timeoutMs` is
 * abandoned and retried, up to {@link TRIGGER_ATTEMPTS} attempts.
 */
export async function invokeLocalLambda(
  registry: LambdaRegistry,
  arn: string,
  event: unknown,
  timeoutMs: number,
): Promise<InvocationResult> {
  const payload = JSON.stringify(event);
  for (let attempt = 1; attempt <= TRIGGER_ATTEMPTS; attempt++) {
    // Looked up at every attempt: an ARN registered or removed meanwhile is honoured, as Lambda would.
    const handler = registry.get(arn);
    if (!handler) return { ok: false, failure: { kind: 'not-found' } };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    let result: unknown;
    try {
      // An abandoned attempt that fails later is still handled: the race subscribed to it.
      result = await Promise.race([Promise.resolve().then(() => handler(JSON.parse(payload))), timeout]);
    } catch (error) {
      return { ok: false, failure: { kind: 'function-error', message: error instanceof Error ? error.message : String(error) } };
    } finally {
      clearTimeout(timer);
    }
    if (result === TIMED_OUT) continue;
    let serialized: string | undefined;
    try {
      serialized = JSON.stringify(result);
    } catch {
      return { ok: false, failure: { kind: 'unserializable' } };
    }
    // A handler that resolves to nothing answers `null`, as a Lambda function returning undefined does.
    return { ok: true, response: serialized === undefined ? null : JSON.parse(serialized), attempts: attempt };
  }
  return { ok: false, failure: { kind: 'timeout' } };
}

/** The exception an API caller receives for a failed trigger (API reference, InitiateAuth and SignUp: Errors). */
export type TriggerExceptionName =
  | 'UserLambdaValidationException'
  | 'InvalidLambdaResponseException'
  | 'UnexpectedLambdaException';

/** A trigger that stopped the operation: the text shown or sent, and the exception the API answers with. */
export interface TriggerFailure {
  description: string;
  exception: TriggerExceptionName;
}

/**
 * How a failed invocation reads, for any trigger. A function error reads "<Trigger> failed with error
 * <message>." (developer guide, Lambda triggers; public reports of apps unwrapping it) and is Cognito's
 * UserLambdaValidationException ("a user validation exception with the Lambda service"). An invocation Lambda
 * refuses reads "<Trigger> invocation failed due to error <exception>." (AWS knowledge center, Lambda trigger
 * errors), an UnexpectedLambdaException; locally an ARN without a handler stands for Lambda's
 * ResourceNotFoundException. The text for a timeout is a guess in the same form. Output Cognito cannot read
 * is InvalidLambdaResponseException, "Unrecognizable lambda output" (a public report, Stack Overflow 42706896).
 */
export function triggerFailure(trigger: string, failure: InvocationFailure): TriggerFailure {
  switch (failure.kind) {
    case 'not-found':
      return {
        description: `${trigger} invocation failed due to error ResourceNotFoundException.`,
        exception: 'UnexpectedLambdaException',
      };
    case 'timeout':
      return {
        description: `${trigger} invocation failed due to error TimeoutException.`,
        exception: 'UnexpectedLambdaException',
      };
    case 'function-error':
      return { description: `${trigger} failed with error ${failure.message}.`, exception: 'UserLambdaValidationException' };
    case 'unserializable':
      return unrecognizableOutput('the function returned something that is not JSON');
  }
}

/** A response Cognito cannot read; the detail after the colon is this stand-in's. */
export const unrecognizableOutput = (detail: string): TriggerFailure => ({
  description: `Unrecognizable lambda output: ${detail}`,
  exception: 'InvalidLambdaResponseException',
});

/** The pool's region, the prefix of its id (`eu-west-1_AbC` is in eu-west-1), as trigger events carry it. */
export const regionOf = (poolId: string) => poolId.slice(0, poolId.indexOf('_'));

/** The parameters every trigger's event carries (developer guide, "Lambda triggers", common parameters). */
export interface TriggerEventCommon<Source extends string> {
  triggerSource: Source;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
}

/** Those parameters for a pool, a user and the client that asked (NO_CLIENT when none did). */
export function triggerEventCommon<Source extends string>(
  triggerSource: Source,
  poolId: string,
  userName: string,
  clientId: string,
): TriggerEventCommon<Source> {
  return {
    triggerSource,
    region: regionOf(poolId),
    userPoolId: poolId,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
  };
}

/**
 * The `callerContext.clientId` of events raised by an administrator's operation, which has no app client
 * (captured AdminCreateUser events in public reports; not in the guide: a guess).
 */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';
