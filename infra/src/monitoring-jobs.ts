import { MONITORING_JOBS, type MonitoringJob } from '@gatehouse/api/infra-contract';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { MonitoringQueue } from './monitoring-queue.ts';

/** How often each monitoring job runs. Cognito caches SAML metadata for up to 6 hours. */
export const JOB_SCHEDULES: Record<MonitoringJob, Duration> = {
  'refresh-metadata': Duration.hours(6),
  'verify-domains': Duration.hours(24),
  'detect-drift': Duration.hours(1),
};

/**
 * The monitoring jobs: their work queue (MonitoringQueue, a construct of its own as deployed), and one
 * EventBridge schedule per job that starts a run on the scheduler Lambda.
 *
 * Not a construct of its own: the queue and the schedules are created directly in `scope` (the stack),
 * so the logical IDs stay those of the deployed stack.
 */
export class MonitoringJobs {
  readonly queue: MonitoringQueue;

  constructor(private readonly scope: Construct) {
    this.queue = new MonitoringQueue(scope, 'MonitoringQueue');
  }

  /** Lets `scheduler` queue the checks and `worker` consume them, and starts each job on its schedule. */
  run(scheduler: lambda.IFunction, worker: lambda.IFunction): void {
    this.queue.grantScheduler(scheduler);
    this.queue.attachWorker(worker);
    for (const job of MONITORING_JOBS) {
      new events.Rule(this.scope, `Job-${job}`, {
        description: `Gatehouse monitoring job ${job}`,
        schedule: events.Schedule.rate(JOB_SCHEDULES[job]),
        targets: [
          new eventTargets.LambdaFunction(scheduler, {
            event: events.RuleTargetInput.fromObject({ job }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
          }),
        ],
      });
    }
  }
}
