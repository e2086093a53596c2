import type { ConnectionView } from '@gatehouse/core';
import { PendingStep } from './PendingStep.tsx';

/** The details step. */
export function DetailsStep(_props: { connection: ConnectionView }) {
  return <PendingStep step="details" />;
}
