import { OUTBOX_ITEM_TYPE } from '@gatehouse/api/infra-contract';
import { Aws, Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * The lifecycle events a SaaS adds its rules to (docs/events.md): the event bus, and the publisher's
 * wiring to the table's stream with its dead-letter queue.
 *
 * Not a construct of its own: everything is created directly in `scope` (the stack), so the logical IDs
 * stay those of the deployed stack.
 */
export class LifecycleEvents {
  readonly eventBus: events.EventBus;
  /** Where the stream's batches that could not be published end up, after the retries. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct) {
    // Named after the stack, as CloudFormation names the other resources (the deployment policy relies on it).
    this.eventBus = new events.EventBus(scope, 'EventBus', {
      eventBusName: `${Aws.STACK_NAME}-events`,
      description: 'Gatehouse lifecycle events (docs/events.md)',
    });
    this.deadLetterQueue = new sqs.Queue(scope, 'EventsDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }

  /** Makes `publisher` read the new outbox items of `table`'s stream and put them on the bus. */
  attachPublisher(publisher: lambda.Function, table: dynamodb.Table): void {
    // Needs no Cognito: it reads the stream, puts events and marks their outbox items published.
    table.grantReadWriteData(publisher);
    this.eventBus.grantPutEventsTo(publisher);
    publisher.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        // Only the records of failed events come back (publishStreamBatch reports them).
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.deadLetterQueue),
        // The stream carries every write to the table; the function sees only new outbox items.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual(OUTBOX_ITEM_TYPE) } } },
          }),
        ],
      }),
    );
  }
}
