import type { GatehouseEvent } from '@gatehouse/core';
import type { Logger } from '../logger.ts';
import type { OutboxStore } from '../store/outbox.ts';
import type { EventPublisher } from './publisher.ts';

/** How many pending events one drain reads. */
const DRAIN_LIMIT = 100;

/**
 * Publishes the outbox's pending events and marks those delivered. An event the publisher did not take
 * stays pending and goes out on the next drain: delivery is at least once (an event whose mark failed
 * after it was published goes out again), and no committed event is ever dropped.
 */
export async function drainOutbox(
  deps: { outbox: OutboxStore; now: () => Date },
  publisher: EventPublisher,
): Promise<{ published: number; failed: number }> {
  const pending = await deps.outbox.pending(DRAIN_LIMIT);
  if (pending.length === 0) return { published: 0, failed: 0 };
  let failed: GatehouseEvent[];
  try {
    failed = (await publisher.publish(pending)).failed;
  } catch {
    failed = pending;
  }
  const failedIds = new Set(failed.map((event) => event.detail.eventId));
  const delivered = pending.filter((event) => !failedIds.has(event.detail.eventId));
  await deps.outbox.markPublished(delivered, deps.now());
  return { published: delivered.length, failed: failed.length };
}

/**
 * Drains the outbox every `intervalMs` until stopped: the local stand-in for the stream consumer. A
 * drain never overlaps the previous one; a failing one is logged and the next tries again.
 */
export function startOutboxDrainer(
  deps: { outbox: OutboxStore; now: () => Date; logger: Logger },
  publisher: EventPublisher,
  intervalMs = 500,
): { stop(): void } {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    drainOutbox(deps, publisher)
      .catch((error: unknown) => deps.logger.warn('event outbox drain failed', { error }))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
