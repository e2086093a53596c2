import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Alarms } from './alarms.ts';
import { ApiGateway } from './api-gateway.ts';
import { CognitoAccess } from './cognito-access.ts';
import { DataTable } from './data-table.ts';
import { LambdaFunctions, lambdaEnvironment } from './lambda-functions.ts';
import { LifecycleEvents } from './lifecycle-events.ts';
import { MonitoringJobs } from './monitoring-jobs.ts';
import type { MonitoringQueue } from './monitoring-queue.ts';
import { addStackOutputs } from './stack-outputs.ts';
import { StackParameters } from './stack-parameters.ts';
import { TenantClaimsTrigger } from './tenant-claims-trigger.ts';
import { WebDistribution } from './web-distribution.ts';

export interface GatehouseStackProps extends StackProps {
  /** Output of bundleLambdas(): the API and jobs Lambda code. */
  lambdaBundleDir: string;
  /** Output of bundleTriggerLambdas(): the tenant claims trigger and the custom resource attaching it. */
  triggerBundleDir: string;
  /** The built web app (apps/web/dist), uploaded to the bucket. */
  webDistDir: string;
  /** Reported by /v1/health. */
  version: string;
  /** Named in /config.json, e.g. "production". */
  environmentName?: string;
  /** API Gateway steady-state request rate limit (requests per second). */
  apiRateLimit?: number;
  /** API Gateway burst limit. */
  apiBurstLimit?: number;
  /** The discovery route's own steady rate and burst (requests per second), apart from the rest of the API. */
  discoveryRateLimit?: number;
  discoveryBurstLimit?: number;
  /** Retention of the Lambda and access logs. */
  logRetention?: logs.RetentionDays;
}

/**
 * Everything Gatehouse needs in one AWS account and Region, beside the SaaS's existing Cognito user
 * pool: the table, the API and jobs Lambdas behind an HTTP API, the web app on S3 behind CloudFront (which
 * also serves /v1 from the API on the same origin), the Cognito app clients and group it uses, schedules,
 * alarms and outputs. Everything deployment-specific is a CloudFormation parameter, so the synthesised
 * template is the same for every account.
 *
 * Each part lives in a file of its own and creates its resources directly in the stack, never under a
 * construct of its own: CloudFormation logical IDs come from construct paths, and a changed one replaces
 * the resource (test/logical-ids.test.ts holds them to the deployed ones).
 */
export class GatehouseStack extends Stack {
  readonly table: dynamodb.Table;
  readonly apiFunction: lambda.Function;
  /** The monitoring jobs' scheduler: EventBridge starts each run here, and it queues the checks. */
  readonly jobsFunction: lambda.Function;
  /** Checks the connections the scheduler queued. */
  readonly jobsWorkerFunction: lambda.Function;
  readonly monitoringQueue: MonitoringQueue;
  /** Publishes the outbox items of the table's stream to the event bus. */
  readonly eventsFunction: lambda.Function;
  /** The lifecycle events a SaaS adds rules to (docs/events.md). */
  readonly eventBus: events.EventBus;
  /** Where the stream's batches that could not be published end up, after the retries. */
  readonly eventsDeadLetterQueue: sqs.Queue;
  readonly httpApi: apigwv2.HttpApi;
  readonly distribution: cloudfront.Distribution;
  readonly webBucket: s3.Bucket;
  readonly alarmTopic: sns.Topic;
  readonly tenantClaims: TenantClaimsTrigger;

  constructor(scope: Construct, id: string, props: GatehouseStackProps) {
    super(scope, id, props);
    const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const parameters = new StackParameters(this);
    this.table = new DataTable(this).table;

    // The API's HTTP API comes first: the distribution serves /v1 from it, and the API's PUBLIC_URL is the portal's.
    const api = new ApiGateway(this);
    this.httpApi = api.httpApi;
    const web = new WebDistribution(this, {
      parameters,
      apiOriginDomainName: api.originDomainName,
      webDistDir: props.webDistDir,
      environmentName: props.environmentName ?? 'production',
    });
    this.webBucket = web.bucket;
    this.distribution = web.distribution;

    const cognito = new CognitoAccess(this, { userPoolId: parameters.userPoolId.valueAsString, portalUrl: web.portalUrl });
    const lifecycleEvents = new LifecycleEvents(this);
    this.eventBus = lifecycleEvents.eventBus;
    this.eventsDeadLetterQueue = lifecycleEvents.deadLetterQueue;
    const monitoring = new MonitoringJobs(this);
    this.monitoringQueue = monitoring.queue;

    const functions = new LambdaFunctions(this, {
      lambdaBundleDir: props.lambdaBundleDir,
      retention,
      environment: lambdaEnvironment({
        GATEHOUSE_TABLE: this.table.tableName,
        PUBLIC_URL: web.portalUrl,
        GATEHOUSE_VERSION: props.version,
        COGNITO_USER_POOL_ID: parameters.userPoolId.valueAsString,
        COGNITO_DOMAIN_URL: `https://${parameters.userPoolDomain.valueAsString}`,
        COGNITO_APP_CLIENT_IDS: parameters.appClientIds.valueAsString,
        COGNITO_TEST_CLIENT_ID: cognito.testLoginClient.userPoolClientId,
        COGNITO_OPERATOR_CLIENT_ID: cognito.operatorClient.userPoolClientId,
        EDGE_SECRET: web.edgeSecret,
        M2M_CLIENT_IDS: cognito.apiClient.userPoolClientId,
        M2M_RESOURCE_SERVER: cognito.adminApi.userPoolResourceServerId,
        EVENT_BUS_NAME: this.eventBus.eventBusName,
        MONITORING_QUEUE_URL: this.monitoringQueue.queue.queueUrl,
      }),
    });
    this.apiFunction = functions.apiFunction;
    this.jobsFunction = functions.jobsFunction;
    this.jobsWorkerFunction = functions.jobsWorkerFunction;
    this.eventsFunction = functions.eventsFunction;

    // What each function may do. The API and the worker manage the pool; the scheduler reads the indexes
    // and writes the run's status record, and never calls Cognito.
    monitoring.run(this.jobsFunction, this.jobsWorkerFunction);
    lifecycleEvents.attachPublisher(this.eventsFunction, this.table);
    for (const fn of [this.apiFunction, this.jobsWorkerFunction]) {
      this.table.grantReadWriteData(fn);
      cognito.grantUserPool(fn);
    }
    this.table.grantReadWriteData(this.jobsFunction);
    api.serve(this.apiFunction, {
      retention,
      rateLimit: props.apiRateLimit,
      burstLimit: props.apiBurstLimit,
      discoveryRateLimit: props.discoveryRateLimit,
      discoveryBurstLimit: props.discoveryBurstLimit,
    });

    this.alarmTopic = new Alarms(this, {
      parameters,
      httpApi: this.httpApi,
      apiFunction: this.apiFunction,
      eventsFunction: this.eventsFunction,
      eventsDeadLetterQueue: this.eventsDeadLetterQueue,
      jobsFunction: this.jobsFunction,
      jobsWorkerFunction: this.jobsWorkerFunction,
      monitoringQueue: this.monitoringQueue,
    }).topic;

    // tenant_id in the tokens of every user of a Gatehouse connection, and SSO enforcement.
    this.tenantClaims = new TenantClaimsTrigger(this, 'TenantClaims', {
      triggerBundleDir: props.triggerBundleDir,
      table: this.table,
      userPoolId: parameters.userPoolId.valueAsString,
      userPoolArn: cognito.userPool.userPoolArn,
      attach: parameters.tenantClaimsTrigger.valueAsString,
      attachSso: parameters.ssoEnforcementTriggers.valueAsString,
      retention,
      alarmTopic: this.alarmTopic,
    });

    addStackOutputs(this, {
      portalUrl: web.portalUrl,
      distribution: this.distribution,
      table: this.table,
      cognito,
      alarmTopic: this.alarmTopic,
      eventBus: this.eventBus,
      tenantClaimsFunction: this.tenantClaims.function,
    });
  }
}
