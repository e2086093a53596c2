import type { ConnectionView } from '@gatehouse/core';
import { PendingStep } from './PendingStep.tsx';

/** The domains step. */
export function DomainsStep(_props: { connection: ConnectionView }) {
  return <PendingStep step="domains" />;
}
