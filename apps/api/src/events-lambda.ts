import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadConfig } from './env.ts';
import { EventBridgePublisher } from './events/eventbridge-publisher.ts';
import { type OutboxStreamRecord, publishStreamBatch, type StreamBatchResponse } from './events/stream-consumer.ts';
import { DynamoOutboxStore } from './store/outbox.ts';
import { connectDynamo } from './store/table.ts';

const config = loadConfig();
if (!config.eventBusName) throw new Error('EVENT_BUS_NAME must name the bus the event publisher sends to.');
const outbox = new DynamoOutboxStore(
  connectDynamo({ tableName: config.tableName, region: config.region, endpoint: config.dynamoEndpoint }),
);
const publisher = new EventBridgePublisher(config.eventBusName, new EventBridgeClient({ region: config.region, maxAttempts: 3 }));

/**
 * AWS Lambda entry point of the event publisher: DynamoDB Streams delivers the table's new outbox items
 * (the event source mapping filters them), and they go to the EventBridge bus.
 */
export function handler(event: { Records?: OutboxStreamRecord[] }): Promise<StreamBatchResponse> {
  return publishStreamBatch({ outbox, now: () => new Date() }, publisher, event.Records ?? []);
}
