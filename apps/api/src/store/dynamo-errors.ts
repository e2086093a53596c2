import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** True when a single conditional write failed its condition. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * For a cancelled TransactWriteItems, the cancellation code of each item in request order
 * ('None' where that item was fine), or null when `error` is something else.
 */
export function transactionCancellationCodes(error: unknown): string[] | null {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return null;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}
