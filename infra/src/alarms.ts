import { FINDING_LOG_MESSAGE, RUN_OVERRAN_LOG_MESSAGE } from '@gatehouse/api/infra-contract';
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { MonitoringQueue } from './monitoring-queue.ts';
import type { StackParameters } from './stack-parameters.ts';

/** What the alarms watch. */
export interface AlarmsProps {
  parameters: StackParameters;
  httpApi: apigwv2.HttpApi;
  apiFunction: lambda.Function;
  eventsFunction: lambda.Function;
  eventsDeadLetterQueue: sqs.IQueue;
  jobsFunction: lambda.Function;
  jobsWorkerFunction: lambda.Function;
  monitoringQueue: MonitoringQueue;
}

/**
 * The alarm topic (with the optional email subscription) and the alarms on the API, the event publisher
 * and the monitoring jobs, each sent to the topic.
 *
 * Not a construct of its own: everything is created directly in `scope` (the stack), so the logical IDs
 * stay those of the deployed stack.
 */
export class Alarms {
  readonly topic: sns.Topic;

  constructor(scope: Construct, props: AlarmsProps) {
    this.topic = new sns.Topic(scope, 'AlarmTopic', { displayName: 'Gatehouse alarms', enforceSSL: true });
    const emailSubscription = new sns.Subscription(scope, 'AlarmEmailSubscription', {
      topic: this.topic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: props.parameters.alarmEmail.valueAsString,
    });
    (emailSubscription.node.defaultChild as sns.CfnSubscription).cfnOptions.condition = props.parameters.hasAlarmEmail;

    const fiveMinutes = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const created = new cloudwatch.Alarm(scope, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new cwActions.SnsAction(this.topic));
      return created;
    };
    alarm(
      'ApiServerErrorsAlarm',
      'The API answered 5xx responses',
      props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      5,
    );
    alarm('ApiFunctionErrorsAlarm', 'The API Lambda failed', props.apiFunction.metricErrors({ period: fiveMinutes }), 1);
    alarm(
      'ApiFunctionThrottlesAlarm',
      'The API Lambda was throttled',
      props.apiFunction.metricThrottles({ period: fiveMinutes }),
      1,
    );
    alarm(
      'EventsDeadLetterAlarm',
      'Events could not be published to the event bus after every retry (their outbox items stay pending; see docs/events.md)',
      props.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    alarm(
      'EventsFunctionErrorsAlarm',
      'The event publisher failed a batch (it is retried)',
      props.eventsFunction.metricErrors({ period: fiveMinutes }),
      5,
    );
    alarm(
      'JobFailedAlarm',
      'A monitoring job could not start its run or queue its checks',
      props.jobsFunction.metricErrors({ period: Duration.hours(1) }),
      1,
    );
    alarm(
      'MonitoringDeadLetterAlarm',
      'Monitoring checks failed every delivery: their runs ended failed (see the console’s Monitoring page and the worker’s logs)',
      props.monitoringQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      1,
    );
    // A run that has not finished when the next one starts no longer fits the job's schedule.
    const overran = new logs.MetricFilter(scope, 'MonitoringRunOverranFilter', {
      logGroup: props.jobsFunction.logGroup,
      metricNamespace: 'Gatehouse',
      metricName: 'MonitoringRunsOverran',
      filterPattern: logs.FilterPattern.stringValue('$.msg', '=', RUN_OVERRAN_LOG_MESSAGE),
      metricValue: '1',
    });
    alarm(
      'MonitoringRunOverranAlarm',
      'A monitoring run was still going when the next one started: its checks no longer fit the schedule',
      overran.metric({ period: Duration.hours(1), statistic: 'Sum' }),
      1,
    );
    // Each new monitoring finding is one JSON log line (msg "monitoring finding", with its code): expiring
    // certificates, drift and withdrawn domains reach the alarm topic without anyone watching the console.
    const findings = new logs.MetricFilter(scope, 'MonitoringFindingFilter', {
      logGroup: props.jobsWorkerFunction.logGroup,
      metricNamespace: 'Gatehouse',
      metricName: 'MonitoringFindings',
      filterPattern: logs.FilterPattern.stringValue('$.msg', '=', FINDING_LOG_MESSAGE),
      metricValue: '1',
    });
    alarm(
      'MonitoringFindingAlarm',
      'A monitoring job found a new problem on a live connection (see the console’s Monitoring page)',
      findings.metric({ period: Duration.hours(1), statistic: 'Sum' }),
      1,
    );
  }
}
