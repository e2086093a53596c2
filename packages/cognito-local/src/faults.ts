import { CognitoError, type CognitoExceptionName } from './errors.ts';

/** Exceptions a fault may raise: the ones Gatehouse's retry and saga logic must survive. */
export const FAULT_EXCEPTIONS = [
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'ConcurrentModificationException',
  'LimitExceededException',
  'ResourceNotFoundException',
  'InvalidParameterException',
] as const satisfies readonly CognitoExceptionName[];
export type FaultException = (typeof FAULT_EXCEPTIONS)[number];

export interface FaultSpec {
  /** Operation name (`UpdateUserPoolClient`) or `*` for every operation. */
  operation: string;
  exception: FaultException;
  /** How many of the next calls fail; default 1. */
  count?: number;
  message?: string;
}

const DEFAULT_MESSAGES: Record<FaultException, string> = {
  TooManyRequestsException: 'Too many requests',
  ThrottlingException: 'Rate exceeded',
  InternalErrorException: 'Internal server error.',
  ConcurrentModificationException: 'Concurrent modification in progress.',
  LimitExceededException: 'Limit exceeded.',
  ResourceNotFoundException: 'Resource not found.',
  InvalidParameterException: 'Invalid parameter.',
};

/**
 * Faults on demand: the next N calls of an operation fail with a given exception before doing anything.
 * The AWS SDK retries throttling and 5xx errors by itself (3 attempts by default), so a test that wants
 * its own code to see the error sets `count` above the SDK's attempts or `maxAttempts: 1` on the client.
 */
export class Faults {
  private pending: Array<Required<Omit<FaultSpec, 'message'>> & { message: string }> = [];
  /** Every fault raised so far, oldest first: what a test can assert was exercised. */
  readonly raised: Array<{ operation: string; exception: FaultException }> = [];

  /** `operations`: the names of the operations served, the only ones a fault may name. */
  constructor(private readonly operations: readonly string[]) {}

  /** Queues a fault; faults for one operation fire in the order they were added. */
  add(spec: FaultSpec): void {
    if (!FAULT_EXCEPTIONS.includes(spec.exception)) throw new Error(`Unknown fault exception ${spec.exception}`);
    // A misspelt operation would never fire and the test relying on it would pass for the wrong reason.
    if (spec.operation !== '*' && !this.operations.includes(spec.operation))
      throw new Error(`Unknown operation ${spec.operation}`);
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
    this.pending.push({
      operation: spec.operation,
      exception: spec.exception,
      count,
      message: spec.message ?? DEFAULT_MESSAGES[spec.exception],
    });
  }

  /** Faults still waiting to fire. */
  list(): FaultSpec[] {
    return this.pending.map((f) => ({ ...f }));
  }

  clear(): void {
    this.pending = [];
  }

  /** Throws the next fault queued for this operation, if any. */
  take(operation: string): void {
    const index = this.pending.findIndex((f) => f.operation === operation || f.operation === '*');
    if (index < 0) return;
    const fault = this.pending[index];
    if (!fault) return;
    fault.count -= 1;
    if (fault.count === 0) this.pending.splice(index, 1);
    this.raised.push({ operation, exception: fault.exception });
    throw new CognitoError(fault.exception, fault.message);
  }
}
