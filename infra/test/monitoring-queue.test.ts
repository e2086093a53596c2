import { MONITORING_FANOUT, RUN_OVERRAN_LOG_MESSAGE } from '@gatehouse/api/infra-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { MONITORING_WORKER_TIMEOUT } from '../src/index.ts';
import { type Json, resourcesOf, synthGatehouse } from './synth.ts';

let synth: ReturnType<typeof synthGatehouse>;
let resources: Record<string, Json>;
beforeAll(() => {
  synth = synthGatehouse();
  resources = synth.template.toJSON().Resources;
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
/** The one resource of `type` whose logical id CDK made from the construct path `path` (slashes dropped). */
const byPath = (type: string, path: string) => {
  const prefix = path.replace(/\//g, '');
  const found = resourcesOf(synth.template, type).filter(([id]) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  expect(found, `one ${type} at ${path}`).toHaveLength(1);
  return found[0] as [string, Json];
};
const functionByHandler = (handler: string) => {
  const found = resourcesOf(synth.template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.Handler === handler);
  if (!found) throw new Error(`no function with handler ${handler}`);
  return { id: found[0], props: found[1].Properties as Json };
};
/** Every statement of the policies attached to a function's role. */
const statementsOf = (functionId: string) => {
  const role = resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return resourcesOf(synth.template, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
};
const actionsOf = (statements: Json[]) => statements.flatMap((s: Json) => [s.Action].flat());

describe('monitoring fan-out: queue, workers and dead letters', () => {
  it('queues checks on an encrypted queue that moves a message failing every delivery to its dead-letter queue', () => {
    const [queueId, queue] = byPath('AWS::SQS::Queue', 'MonitoringQueue/WorkQueue');
    const [deadId, dead] = byPath('AWS::SQS::Queue', 'MonitoringQueue/DeadLetterQueue');
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt(deadId, 'Arn'),
      maxReceiveCount: MONITORING_FANOUT.maxAttempts,
    });
    expect(dead.Properties.RedrivePolicy).toBeUndefined();
    expect(dead.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const q of [queue, dead]) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    // Plain HTTP refused on both.
    const policies = resourcesOf(synth.template, 'AWS::SQS::QueuePolicy').map(([, p]) => p.Properties);
    for (const id of [queueId, deadId]) {
      const policy = policies.find((p: Json) => JSON.stringify(p.Queues) === JSON.stringify([ref(id)]));
      expect(JSON.stringify(policy?.PolicyDocument), id).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('gives the worker a timeout longer than a check’s and the queue a visibility timeout longer than the worker’s', () => {
    const worker = functionByHandler('jobs-worker-lambda.handler');
    const [, queue] = byPath('AWS::SQS::Queue', 'MonitoringQueue/WorkQueue');
    expect(worker.props.Timeout).toBe(MONITORING_WORKER_TIMEOUT.toSeconds());
    expect(worker.props.Timeout).toBeGreaterThan(MONITORING_FANOUT.itemTimeoutSeconds);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(worker.props.Timeout);
  });

  it('feeds the worker batches with bounded concurrency, retrying only the failed checks of a batch', () => {
    const worker = functionByHandler('jobs-worker-lambda.handler');
    const [queueId] = byPath('AWS::SQS::Queue', 'MonitoringQueue/WorkQueue');
    const mappings = resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')
      .map(([, r]) => r.Properties)
      .filter((m: Json) => JSON.stringify(m.EventSourceArn) === JSON.stringify(getAtt(queueId, 'Arn')));
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings;
    expect(mapping.FunctionName).toEqual(ref(worker.id));
    expect(mapping.BatchSize).toBe(MONITORING_FANOUT.batchSize);
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: MONITORING_FANOUT.workers });
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('tells the scheduler where to queue, and runs it on the schedules', () => {
    const scheduler = functionByHandler('jobs-lambda.handler');
    const [queueId] = byPath('AWS::SQS::Queue', 'MonitoringQueue/WorkQueue');
    expect(scheduler.props.Environment.Variables.MONITORING_QUEUE_URL).toEqual(ref(queueId));
    const targets = resourcesOf(synth.template, 'AWS::Events::Rule').flatMap(([, r]) => r.Properties.Targets);
    expect(targets.every((t: Json) => JSON.stringify(t.Arn) === JSON.stringify(getAtt(scheduler.id, 'Arn')))).toBe(true);
  });

  it('grants the scheduler sending to the queue and no Cognito, and the worker consuming it and no sending', () => {
    const scheduler = functionByHandler('jobs-lambda.handler');
    const worker = functionByHandler('jobs-worker-lambda.handler');
    const [queueId] = byPath('AWS::SQS::Queue', 'MonitoringQueue/WorkQueue');
    const [deadId] = byPath('AWS::SQS::Queue', 'MonitoringQueue/DeadLetterQueue');

    const schedulerStatements = statementsOf(scheduler.id);
    const sends = schedulerStatements.filter((s: Json) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(sends).toHaveLength(1);
    expect(sends[0].Resource).toEqual(getAtt(queueId, 'Arn'));
    expect(actionsOf(schedulerStatements).filter((a: string) => a.startsWith('sqs:'))).not.toContain('sqs:ReceiveMessage');
    expect(actionsOf(schedulerStatements).some((a: string) => a.startsWith('cognito-idp:'))).toBe(false);

    const workerStatements = statementsOf(worker.id);
    const sqsActions = actionsOf(workerStatements).filter((a: string) => a.startsWith('sqs:'));
    expect(sqsActions).toContain('sqs:ReceiveMessage');
    expect(sqsActions).toContain('sqs:DeleteMessage');
    expect(sqsActions).not.toContain('sqs:SendMessage');
    for (const statement of workerStatements.filter((s: Json) => [s.Action].flat().some((a: string) => a.startsWith('sqs:')))) {
      expect(statement.Resource).toEqual(getAtt(queueId, 'Arn'));
    }
    expect(actionsOf(workerStatements).some((a: string) => a.startsWith('cognito-idp:'))).toBe(true);

    // Nobody reads or writes the dead-letter queue but SQS itself; an operator inspects or redrives it.
    const allStatements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement,
    );
    expect(allStatements.filter((s: Json) => JSON.stringify(s.Resource).includes(deadId))).toEqual([]);
  });

  it('alarms on any dead letter and on a run that overran its schedule, to the alarm topic', () => {
    const [deadId] = byPath('AWS::SQS::Queue', 'MonitoringQueue/DeadLetterQueue');
    const topicId = resourcesOf(synth.template, 'AWS::SNS::Topic')[0]?.[0] as string;
    const alarms = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const deadLetters = alarms.filter(
      (a: Json) =>
        a.Namespace === 'AWS/SQS' &&
        a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: getAtt(deadId, 'QueueName') }]),
    );
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref(topicId)],
    });

    const scheduler = functionByHandler('jobs-lambda.handler');
    const filter = resourcesOf(synth.template, 'AWS::Logs::MetricFilter')
      .map(([, r]) => r.Properties)
      .find((f: Json) => f.MetricTransformations[0].MetricName === 'MonitoringRunsOverran');
    expect(filter.FilterPattern).toBe(`{ $.msg = "${RUN_OVERRAN_LOG_MESSAGE}" }`);
    expect(filter.LogGroupName).toEqual(scheduler.props.LoggingConfig.LogGroup);
    const overran = alarms.filter((a: Json) => a.Namespace === 'Gatehouse' && a.MetricName === 'MonitoringRunsOverran');
    expect(overran).toHaveLength(1);
    expect(overran[0].AlarmActions).toEqual([ref(topicId)]);
  });
});
