import type { ConnectionView } from '@gatehouse/core';
import { PendingStep } from './PendingStep.tsx';

/** The test step. */
export function TestStep(_props: { connection: ConnectionView }) {
  return <PendingStep step="test" />;
}
