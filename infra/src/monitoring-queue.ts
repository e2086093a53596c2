import { MONITORING_FANOUT } from '@gatehouse/api/infra-contract';
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * How long the worker Lambda may run: the checks of one batch run at the same time, each cut off at
 * MONITORING_FANOUT.itemTimeoutSeconds, and the check that finishes a run then drops its stale results.
 */
export const MONITORING_WORKER_TIMEOUT = Duration.seconds(MONITORING_FANOUT.itemTimeoutSeconds * 4);

/**
 * The monitoring jobs' work queue: one message per connection to check, put there by the scheduler (the
 * jobs Lambda) and consumed by the worker Lambda with bounded concurrency. A message that failed
 * MONITORING_FANOUT.maxAttempts deliveries moves to the dead-letter queue, which the stack alarms on.
 */
export class MonitoringQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'WorkQueue', {
      // Longer than the worker may run (so a check in progress is never handed to a second worker), and
      // six times it, as Lambda asks of an SQS event source, so a throttled batch keeps its retries.
      visibilityTimeout: Duration.seconds(MONITORING_WORKER_TIMEOUT.toSeconds() * 6),
      // A run's checks are worth doing only until the next run starts (the hourly job's).
      retentionPeriod: Duration.hours(12),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MONITORING_FANOUT.maxAttempts },
    });
  }

  /** Lets `scheduler` put checks on the queue, and nothing else. */
  grantScheduler(scheduler: lambda.IFunction): void {
    this.queue.grantSendMessages(scheduler);
  }

  /**
   * Makes `worker` consume the queue: batches of MONITORING_FANOUT.batchSize checks, at most
   * MONITORING_FANOUT.workers invocations at once, only the failed checks of a batch delivered again.
   */
  attachWorker(worker: lambda.IFunction): void {
    worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: MONITORING_FANOUT.batchSize,
        maxConcurrency: MONITORING_FANOUT.workers,
        reportBatchItemFailures: true,
      }),
    );
  }
}
