import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { GatehouseEvent } from '@gatehouse/core';
import type { EventPublisher, PublishResult } from './publisher.ts';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

/**
 * Publishes to an EventBridge bus with PutEvents, ten entries a call. An entry EventBridge refuses
 * (FailedEntryCount, an ErrorCode on its result) or a call that fails as a whole is returned as failed,
 * for the caller to retry; the others are delivered.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly busName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async publish(events: readonly GatehouseEvent[]): Promise<PublishResult> {
    const failed: GatehouseEvent[] = [];
    for (let start = 0; start < events.length; start += BATCH) {
      const batch = events.slice(start, start + BATCH);
      try {
        const result = await this.client.send(
          new PutEventsCommand({
            Entries: batch.map((event) => ({
              EventBusName: this.busName,
              Source: event.source,
              DetailType: event['detail-type'],
              Detail: JSON.stringify(event.detail),
              Time: new Date(event.detail.occurredAt),
            })),
          }),
        );
        if (result.FailedEntryCount) {
          // Entries come back in request order; a failed one has an ErrorCode.
          batch.forEach((event, index) => {
            if (result.Entries?.[index]?.ErrorCode || !result.Entries?.[index]?.EventId) failed.push(event);
          });
        }
      } catch {
        failed.push(...batch);
      }
    }
    return { failed };
  }
}
