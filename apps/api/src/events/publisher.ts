import type { GatehouseEvent } from '@gatehouse/core';

/** What became of one publish call: the events that were not accepted (to be retried later). */
export interface PublishResult {
  failed: GatehouseEvent[];
}

/** Sends events to where the SaaS listens: EventBridge in AWS, an in-memory bus locally. */
export interface EventPublisher {
  publish(events: readonly GatehouseEvent[]): Promise<PublishResult>;
}

/** How many of the latest events the in-memory bus keeps. */
const KEPT = 200;

/**
 * The bus of local runs and tests: keeps the latest events in memory, newest last. Delivery is at
 * least once, as in AWS: an event published twice is kept twice (its `eventId` tells them apart).
 */
export class InMemoryEventBus implements EventPublisher {
  private readonly received: GatehouseEvent[] = [];

  async publish(events: readonly GatehouseEvent[]): Promise<PublishResult> {
    this.received.push(...events);
    this.received.splice(0, Math.max(0, this.received.length - KEPT));
    return { failed: [] };
  }

  /** Every event kept, oldest first. */
  all(): GatehouseEvent[] {
    return [...this.received];
  }

  /** The latest `limit` events, newest first. */
  latest(limit: number): GatehouseEvent[] {
    return this.received.slice(-limit).reverse();
  }
}
