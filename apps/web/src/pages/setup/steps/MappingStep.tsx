import type { ConnectionView } from '@gatehouse/core';
import { PendingStep } from './PendingStep.tsx';

/** The mapping step. */
export function MappingStep(_props: { connection: ConnectionView }) {
  return <PendingStep step="mapping" />;
}
