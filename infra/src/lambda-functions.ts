import { type Env, envDefault } from '@gatehouse/api/infra-contract';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from './bundle.ts';
import { MONITORING_WORKER_TIMEOUT } from './monitoring-queue.ts';

/**
 * Keys of the API's settings (ENV_KEYS) that the stack deliberately leaves unset on the Lambdas, with the reason.
 * Every other key must be given a value (the compiler checks), so the environment never drifts from
 * what the API reads.
 */
export const ENV_KEYS_NOT_SET = {
  AWS_REGION: 'reserved: the Lambda runtime sets it to the function’s Region',
  DYNAMODB_ENDPOINT: 'local runs only (DynamoDB Local)',
  WEB_DIST_DIR: 'local runs only: CloudFront serves the web app in AWS',
  COGNITO_ENDPOINT: 'local runs only (the local Cognito); the SDK finds Cognito in AWS',
  OPERATOR_IDP_NAME: 'optional: without it managed login lists the operator client’s IdPs; set it by hand to skip that page',
  ALLOW_PRIVATE_NETWORK: 'local runs only: off in AWS, so customer URLs never reach private networks',
  DNS_SERVERS: 'unset in AWS: domain verification asks the Lambda runtime’s own resolver, which reaches public DNS',
} as const satisfies Partial<Record<keyof Env, string>>;

/** The environment of the API, jobs and events Lambdas: a value for every setting the API reads. */
export type LambdaEnvironment = Record<Exclude<keyof Env, keyof typeof ENV_KEYS_NOT_SET>, string>;

/** What the Lambdas' environment is made of that the stack decides; the rest are the API's own defaults. */
export type LambdaEnvironmentInputs = Omit<
  LambdaEnvironment,
  | 'SETUP_LINK_TTL_HOURS'
  | 'SETUP_SESSION_TTL_MINUTES'
  | 'DISCOVERY_RATE_PER_MINUTE'
  | 'DISCOVERY_CACHE_SECONDS'
  | 'DOMAIN_REVERIFY_GRACE_HOURS'
  | 'LOG_LEVEL'
  | 'SERVE_STATIC'
>;

/** The Lambdas' environment: the stack's values, and the API's own defaults read from its schema so the two never disagree. */
export function lambdaEnvironment(inputs: LambdaEnvironmentInputs): LambdaEnvironment {
  return {
    GATEHOUSE_TABLE: inputs.GATEHOUSE_TABLE,
    PUBLIC_URL: inputs.PUBLIC_URL,
    SETUP_LINK_TTL_HOURS: String(envDefault('SETUP_LINK_TTL_HOURS')),
    SETUP_SESSION_TTL_MINUTES: String(envDefault('SETUP_SESSION_TTL_MINUTES')),
    DISCOVERY_RATE_PER_MINUTE: String(envDefault('DISCOVERY_RATE_PER_MINUTE')),
    DISCOVERY_CACHE_SECONDS: String(envDefault('DISCOVERY_CACHE_SECONDS')),
    DOMAIN_REVERIFY_GRACE_HOURS: String(envDefault('DOMAIN_REVERIFY_GRACE_HOURS')),
    LOG_LEVEL: 'info',
    GATEHOUSE_VERSION: inputs.GATEHOUSE_VERSION,
    SERVE_STATIC: 'false',
    COGNITO_USER_POOL_ID: inputs.COGNITO_USER_POOL_ID,
    COGNITO_DOMAIN_URL: inputs.COGNITO_DOMAIN_URL,
    COGNITO_APP_CLIENT_IDS: inputs.COGNITO_APP_CLIENT_IDS,
    COGNITO_TEST_CLIENT_ID: inputs.COGNITO_TEST_CLIENT_ID,
    COGNITO_OPERATOR_CLIENT_ID: inputs.COGNITO_OPERATOR_CLIENT_ID,
    EDGE_SECRET: inputs.EDGE_SECRET,
    M2M_CLIENT_IDS: inputs.M2M_CLIENT_IDS,
    M2M_RESOURCE_SERVER: inputs.M2M_RESOURCE_SERVER,
    EVENT_BUS_NAME: inputs.EVENT_BUS_NAME,
    MONITORING_QUEUE_URL: inputs.MONITORING_QUEUE_URL,
  };
}

export interface LambdaFunctionsProps {
  /** Output of bundleLambdas(): the API and jobs Lambda code, one asset for all of them. */
  lambdaBundleDir: string;
  environment: LambdaEnvironment;
  retention: logs.RetentionDays;
}

/**
 * The Lambdas built from apps/api (one bundle, one environment): the API, the monitoring jobs' scheduler
 * and worker, and the event publisher, each with its own log group. They get no permissions here: the
 * stack grants each what it uses.
 *
 * Not a construct of its own: the functions are created directly in `scope` (the stack), so the logical
 * IDs stay those of the deployed stack.
 */
export class LambdaFunctions {
  readonly apiFunction: lambda.Function;
  /** The monitoring jobs' scheduler: EventBridge starts each run here, and it queues the checks. */
  readonly jobsFunction: lambda.Function;
  /** Checks the connections the scheduler queued. */
  readonly jobsWorkerFunction: lambda.Function;
  /** Publishes the outbox items of the table's stream to the event bus. */
  readonly eventsFunction: lambda.Function;

  constructor(scope: Construct, props: LambdaFunctionsProps) {
    const code = lambda.Code.fromAsset(props.lambdaBundleDir);
    const nodeFunction = (id: string, handler: string, description: string, timeout: Duration, memorySize: number) =>
      new lambda.Function(scope, id, {
        description,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        code,
        handler,
        memorySize,
        timeout,
        environment: props.environment,
        logGroup: new logs.LogGroup(scope, `${id}Logs`, { retention: props.retention, removalPolicy: RemovalPolicy.DESTROY }),
      });
    // API Gateway gives up on an integration after 30 s; the function stops before that.
    this.apiFunction = nodeFunction('ApiFunction', LAMBDA_ENTRIES.api.handler, 'Gatehouse API', Duration.seconds(28), 1024);
    this.jobsFunction = nodeFunction(
      'JobsFunction',
      LAMBDA_ENTRIES.jobs.handler,
      'Gatehouse monitoring jobs: starts a run and queues its checks',
      Duration.minutes(5),
      512,
    );
    this.jobsWorkerFunction = nodeFunction(
      'JobsWorkerFunction',
      LAMBDA_ENTRIES.jobsWorker.handler,
      'Gatehouse monitoring jobs: checks the queued connections',
      MONITORING_WORKER_TIMEOUT,
      512,
    );
    this.eventsFunction = nodeFunction(
      'EventsFunction',
      LAMBDA_ENTRIES.events.handler,
      'Gatehouse event publisher (outbox to EventBridge)',
      Duration.minutes(1),
      256,
    );
  }
}
