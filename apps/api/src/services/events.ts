import { type EventFields, type EventType, type GatehouseEvent, newEvent } from '@gatehouse/core';
import { orderedId } from './audit.ts';

/**
 * An event of `type` that happens at `now`, with a fresh id (in the order this process made them, so the
 * outbox publishes a process's events of one millisecond in order). The service hands it to the store write
 * that makes the change, which puts it in the outbox in the same transaction (docs/events.md).
 */
export function lifecycleEvent<T extends EventType>(type: T, fields: EventFields<T>, now: Date): GatehouseEvent {
  return newEvent(type, fields, { eventId: orderedId(), occurredAt: now });
}
