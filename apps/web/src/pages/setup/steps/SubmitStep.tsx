import type { ConnectionView } from '@gatehouse/core';
import { PendingStep } from './PendingStep.tsx';

/** The submit step. */
export function SubmitStep(_props: { connection: ConnectionView }) {
  return <PendingStep step="submit" />;
}
