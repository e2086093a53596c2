import {
  COGNITO_IDP_ACTIONS,
  EDGE_SECRET_HEADER,
  type Env,
  envDefault,
  FINDING_LOG_MESSAGE,
  MACHINE_SCOPES,
  MONITORING_JOBS,
  type MonitoringJob,
  OAUTH_CALLBACK_PATHS,
  OPERATORS_GROUP,
  OUTBOX_ITEM_TYPE,
  RUN_OVERRAN_LOG_MESSAGE,
  TABLE_KEYS,
  WEB_CSP,
  type WebRuntimeConfig,
} from '@gatehouse/api/infra-contract';
import {
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  CfnRule,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from './bundle.ts';
import { MONITORING_WORKER_TIMEOUT, MonitoringQueue } from './monitoring-queue.ts';
import { SPA_ROUTING_FUNCTION_CODE } from './spa-routing.ts';
import { TenantClaimsTrigger } from './tenant-claims-trigger.ts';

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

type LambdaEnvKey = Exclude<keyof Env, keyof typeof ENV_KEYS_NOT_SET>;

/** How often each monitoring job runs. Cognito caches SAML metadata for up to 6 hours. */
export const JOB_SCHEDULES: Record<MonitoringJob, Duration> = {
  'refresh-metadata': Duration.hours(6),
  'verify-domains': Duration.hours(24),
  'detect-drift': Duration.hours(1),
};

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

    // ---- Parameters -------------------------------------------------------------------------------
    const userPoolId = new CfnParameter(this, 'UserPoolId', {
      type: 'String',
      description: 'Id of the existing Cognito user pool Gatehouse manages (same Region as this stack).',
      allowedPattern: '[\\w-]+_[0-9a-zA-Z]+',
      constraintDescription: 'a user pool id such as eu-west-1_AbC123xyZ',
    });
    const userPoolDomain = new CfnParameter(this, 'UserPoolDomain', {
      type: 'String',
      description: 'The pool’s managed-login domain, host only: auth.example.com or <prefix>.auth.<region>.amazoncognito.com.',
      allowedPattern: '[a-z0-9.-]+',
      constraintDescription: 'a host name without scheme or path',
    });
    const appClientIds = new CfnParameter(this, 'AppClientIds', {
      type: 'String',
      description: 'The SaaS’s production app client ids, comma-separated: activated IdPs are enabled on these.',
      allowedPattern: '[\\w+]+(,[\\w+]+)*',
      constraintDescription: 'one or more app client ids separated by commas, no spaces',
    });
    const portalDomainName = new CfnParameter(this, 'PortalDomainName', {
      type: 'String',
      default: '',
      description: 'Optional custom domain for the portal (e.g. sso.example.com); empty uses the CloudFront domain.',
      allowedPattern: '([a-z0-9.-]+)?',
    });
    const portalCertificateArn = new CfnParameter(this, 'PortalCertificateArn', {
      type: 'String',
      default: '',
      description: 'ACM certificate in us-east-1 covering PortalDomainName; required when PortalDomainName is set.',
      allowedPattern: '(arn:aws[\\w-]*:acm:us-east-1:\\d{12}:certificate/[\\w-]+)?',
      constraintDescription: 'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates there)',
    });
    const alarmEmail = new CfnParameter(this, 'AlarmEmail', {
      type: 'String',
      default: '',
      description: 'Optional email address subscribed to the alarm topic.',
    });

    const tenantClaimsTrigger = new CfnParameter(this, 'TenantClaimsTrigger', {
      type: 'String',
      default: 'attach',
      allowedValues: ['attach', 'skip'],
      description:
        'attach: make Gatehouse’s pre token generation trigger (V2_0, tenant_id in ID and access tokens) the pool’s, restoring the previous one when the stack is deleted; needs the Essentials or Plus feature plan. skip: deploy the trigger function without attaching it.',
    });
    const ssoEnforcementTriggers = new CfnParameter(this, 'SsoEnforcementTriggers', {
      type: 'String',
      default: 'attach',
      allowedValues: ['attach', 'skip'],
      description:
        'attach: make Gatehouse’s SSO enforcement the pool’s Pre Authentication and Pre Sign-up trigger (restoring the previous ones when the stack is deleted). skip: deploy it without attaching.',
    });
    const webAclArn = new CfnParameter(this, 'WebAclArn', {
      type: 'String',
      default: '',
      description:
        'Optional: the AWS WAF web ACL (CLOUDFRONT scope, in us-east-1) for the portal, e.g. the WebAclArn output of the GatehouseEdge stack.',
      allowedPattern: '(arn:aws[\\w-]*:wafv2:us-east-1:\\d{12}:global/webacl/[\\w-]+/[\\w-]+)?',
      constraintDescription: 'a WAFv2 web ACL ARN of the CLOUDFRONT scope (us-east-1, global/webacl/...)',
    });
    const hasWebAcl = new CfnCondition(this, 'HasWebAcl', {
      expression: Fn.conditionNot(Fn.conditionEquals(webAclArn.valueAsString, '')),
    });
    const hasPortalDomain = new CfnCondition(this, 'HasPortalDomain', {
      expression: Fn.conditionNot(Fn.conditionEquals(portalDomainName.valueAsString, '')),
    });
    new CfnRule(this, 'PortalDomainNeedsCertificate', {
      ruleCondition: Fn.conditionNot(Fn.conditionEquals(portalDomainName.valueAsString, '')),
      assertions: [
        {
          assert: Fn.conditionNot(Fn.conditionEquals(portalCertificateArn.valueAsString, '')),
          assertDescription: 'PortalCertificateArn is required when PortalDomainName is set.',
        },
      ],
    });
    const hasAlarmEmail = new CfnCondition(this, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail.valueAsString, '')),
    });

    // ---- Data -------------------------------------------------------------------------------------
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(TABLE_KEYS.partitionKey),
      sortKey: attribute(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The event publisher reads the outbox items from the stream (docs/events.md).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      // Tenants, connections and the audit trail outlive any one deployment.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2, TABLE_KEYS.gsi3]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // ---- Web bucket and distribution (created before the API, whose PUBLIC_URL is the portal's) ----
    this.webBucket = new s3.Bucket(this, 'WebBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here; it is uploaded again by every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Gatehouse API, reached through CloudFront under /v1',
      createDefaultStage: false,
    });

    const hsts = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };
    const webHeaders = new cloudfront.ResponseHeadersPolicy(this, 'WebHeaders', {
      comment: 'Gatehouse web app: the same CSP the local server sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: WEB_CSP, override: true },
        strictTransportSecurity: hsts,
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
      },
    });
    // The API sets its own CSP (default-src 'none' for JSON) and headers; CloudFront adds HSTS and
    // fills in anything missing without replacing what the API chose.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Gatehouse API: HSTS, the API’s own headers kept',
      securityHeadersBehavior: {
        strictTransportSecurity: hsts,
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: false },
        contentTypeOptions: { override: false },
      },
    });

    const spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Serves index.html for /setup/* and /admin/*',
    });

    // A value unique to this stack and never sent to browsers (the UUID at the end of the stack id).
    const edgeSecret = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Gatehouse portal',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.webBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Same origin as the web app: cookies stay first-party and no CORS is needed.
        '/v1/*': {
          origin: new origins.HttpOrigin(`${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
            // Marks requests as coming through this distribution, so the API may trust the viewer address.
            customHeaders: { [EDGE_SECRET_HEADER]: edgeSecret },
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // API Gateway routes by its own Host header; everything else (cookies, Origin, query) goes through.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    // The custom domain is a deploy-time choice, so aliases and certificate are conditional.
    const cfnDistribution = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.Aliases',
      Fn.conditionIf(hasPortalDomain.logicalId, [portalDomainName.valueAsString], Aws.NO_VALUE),
    );
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.ViewerCertificate',
      Fn.conditionIf(
        hasPortalDomain.logicalId,
        {
          AcmCertificateArn: portalCertificateArn.valueAsString,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
        { CloudFrontDefaultCertificate: true },
      ),
    );
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.WebACLId',
      Fn.conditionIf(hasWebAcl.logicalId, webAclArn.valueAsString, Aws.NO_VALUE),
    );
    Validations.of(cfnDistribution).acknowledge({
      id: 'CloudFormation-Validate::F3014',
      reason: 'ViewerCertificate is an Fn::If whose branches each set exactly one certificate source.',
    });
    const portalUrl = Token.asString(
      Fn.conditionIf(
        hasPortalDomain.logicalId,
        `https://${portalDomainName.valueAsString}`,
        `https://${this.distribution.distributionDomainName}`,
      ),
    );

    // ---- Cognito: the existing pool, and what Gatehouse adds to it ----------------------------------
    const userPool = cognito.UserPool.fromUserPoolId(this, 'UserPool', userPoolId.valueAsString);
    new cognito.CfnUserPoolGroup(this, 'OperatorsGroup', {
      userPoolId: userPoolId.valueAsString,
      groupName: OPERATORS_GROUP,
      description: 'May sign in to the Gatehouse operator console',
    });
    const oauthClient = (id: string, name: string, callbackPath: string, logoutPath: string) =>
      new cognito.UserPoolClient(this, id, {
        userPool,
        userPoolClientName: name,
        generateSecret: false,
        authFlows: {},
        preventUserExistenceErrors: true,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: [`${portalUrl}${callbackPath}`],
          logoutUrls: [`${portalUrl}${logoutPath}`],
        },
        idTokenValidity: Duration.minutes(15),
        accessTokenValidity: Duration.minutes(15),
        refreshTokenValidity: Duration.hours(1),
      });
    // Test IdPs are enabled on this client only (by the API), never on the production clients.
    const testLoginClient = oauthClient('TestLoginClient', 'gatehouse-test-login', OAUTH_CALLBACK_PATHS.testLogin, '/setup');
    const operatorClient = oauthClient(
      'OperatorClient',
      'gatehouse-operator-console',
      OAUTH_CALLBACK_PATHS.operatorSignIn,
      '/admin',
    );

    // The admin API for the SaaS's backend: a resource server whose scopes grant it, and an API client of
    // the client credentials grant (a confidential client; its secret stays in Cognito).
    const adminApi = new cognito.UserPoolResourceServer(this, 'AdminApiResourceServer', {
      userPool,
      identifier: envDefault('M2M_RESOURCE_SERVER'),
      userPoolResourceServerName: 'Gatehouse admin API',
      scopes: MACHINE_SCOPES.map(
        (scope) => new cognito.ResourceServerScope({ scopeName: scope, scopeDescription: `Gatehouse admin API: ${scope}` }),
      ),
    });
    const apiClient = new cognito.UserPoolClient(this, 'AdminApiClient', {
      userPool,
      userPoolClientName: 'gatehouse-api-client',
      generateSecret: true,
      authFlows: {},
      // No user ever signs in through it.
      supportedIdentityProviders: [],
      oAuth: {
        flows: { clientCredentials: true },
        scopes: MACHINE_SCOPES.map((scope) =>
          cognito.OAuthScope.resourceServer(
            adminApi,
            new cognito.ResourceServerScope({ scopeName: scope, scopeDescription: scope }),
          ),
        ),
      },
      accessTokenValidity: Duration.minutes(60),
    });

    // ---- Event bus: the lifecycle events a SaaS adds its rules to ----------------------------------
    // Named after the stack, as CloudFormation names the other resources (the deployment policy relies on it).
    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: `${Aws.STACK_NAME}-events`,
      description: 'Gatehouse lifecycle events (docs/events.md)',
    });

    // ---- Lambdas ----------------------------------------------------------------------------------
    this.monitoringQueue = new MonitoringQueue(this, 'MonitoringQueue');
    // The API's own defaults, read from its schema so the two never disagree.
    const defaults = {
      SETUP_LINK_TTL_HOURS: envDefault('SETUP_LINK_TTL_HOURS'),
      SETUP_SESSION_TTL_MINUTES: envDefault('SETUP_SESSION_TTL_MINUTES'),
      DISCOVERY_RATE_PER_MINUTE: envDefault('DISCOVERY_RATE_PER_MINUTE'),
      DISCOVERY_CACHE_SECONDS: envDefault('DISCOVERY_CACHE_SECONDS'),
      DOMAIN_REVERIFY_GRACE_HOURS: envDefault('DOMAIN_REVERIFY_GRACE_HOURS'),
    };
    const environment: Record<LambdaEnvKey, string> = {
      GATEHOUSE_TABLE: this.table.tableName,
      PUBLIC_URL: portalUrl,
      SETUP_LINK_TTL_HOURS: String(defaults.SETUP_LINK_TTL_HOURS),
      SETUP_SESSION_TTL_MINUTES: String(defaults.SETUP_SESSION_TTL_MINUTES),
      DISCOVERY_RATE_PER_MINUTE: String(defaults.DISCOVERY_RATE_PER_MINUTE),
      DISCOVERY_CACHE_SECONDS: String(defaults.DISCOVERY_CACHE_SECONDS),
      DOMAIN_REVERIFY_GRACE_HOURS: String(defaults.DOMAIN_REVERIFY_GRACE_HOURS),
      LOG_LEVEL: 'info',
      GATEHOUSE_VERSION: props.version,
      SERVE_STATIC: 'false',
      COGNITO_USER_POOL_ID: userPoolId.valueAsString,
      COGNITO_DOMAIN_URL: `https://${userPoolDomain.valueAsString}`,
      COGNITO_APP_CLIENT_IDS: appClientIds.valueAsString,
      COGNITO_TEST_CLIENT_ID: testLoginClient.userPoolClientId,
      COGNITO_OPERATOR_CLIENT_ID: operatorClient.userPoolClientId,
      EDGE_SECRET: edgeSecret,
      M2M_CLIENT_IDS: apiClient.userPoolClientId,
      M2M_RESOURCE_SERVER: adminApi.userPoolResourceServerId,
      EVENT_BUS_NAME: this.eventBus.eventBusName,
      MONITORING_QUEUE_URL: this.monitoringQueue.queue.queueUrl,
    };

    const code = lambda.Code.fromAsset(props.lambdaBundleDir);
    const nodeFunction = (id: string, handler: string, description: string, timeout: Duration, memorySize: number) =>
      new lambda.Function(this, id, {
        description,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        code,
        handler,
        memorySize,
        timeout,
        environment,
        logGroup: new logs.LogGroup(this, `${id}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY }),
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
    this.monitoringQueue.grantScheduler(this.jobsFunction);
    this.monitoringQueue.attachWorker(this.jobsWorkerFunction);

    this.eventsFunction = nodeFunction(
      'EventsFunction',
      LAMBDA_ENTRIES.events.handler,
      'Gatehouse event publisher (outbox to EventBridge)',
      Duration.minutes(1),
      256,
    );
    // Needs no Cognito: it reads the stream, puts events and marks their outbox items published.
    this.table.grantReadWriteData(this.eventsFunction);
    this.eventBus.grantPutEventsTo(this.eventsFunction);
    this.eventsDeadLetterQueue = new sqs.Queue(this, 'EventsDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.eventsFunction.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        // Only the records of failed events come back (publishStreamBatch reports them).
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.eventsDeadLetterQueue),
        // The stream carries every write to the table; the function sees only new outbox items.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual(OUTBOX_ITEM_TYPE) } } },
          }),
        ],
      }),
    );

    const cognitoAccess = new iam.PolicyStatement({
      sid: 'GatehouseCognitoUserPool',
      actions: [...COGNITO_IDP_ACTIONS],
      resources: [userPool.userPoolArn],
    });
    for (const fn of [this.apiFunction, this.jobsWorkerFunction]) {
      this.table.grantReadWriteData(fn);
      fn.addToRolePolicy(cognitoAccess);
    }
    // The scheduler reads the indexes and writes the run's status record; it never calls Cognito.
    this.table.grantReadWriteData(this.jobsFunction);

    // ---- HTTP API ---------------------------------------------------------------------------------
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration: apiIntegration });
    // Discovery on a route of its own: HTTP API throttles each route apart, so a flood of lookups from the
    // login pages uses up discovery's allowance, never the wizard's and the console's.
    this.httpApi.addRoutes({ path: '/v1/discovery', methods: [apigwv2.HttpMethod.POST], integration: apiIntegration });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
    const stage = new apigwv2.HttpStage(this, 'ApiStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiRateLimit ?? 50, burstLimit: props.apiBurstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    (stage.node.defaultChild as apigwv2.CfnStage).addPropertyOverride('RouteSettings', {
      'POST /v1/discovery': {
        ThrottlingRateLimit: props.discoveryRateLimit ?? 100,
        ThrottlingBurstLimit: props.discoveryBurstLimit ?? 200,
      },
    });

    // ---- Web content and its runtime configuration ---------------------------------------------------
    const runtimeConfig: WebRuntimeConfig = { apiBaseUrl: '/v1', environment: props.environmentName ?? 'production' };
    // Hashed assets first (kept from earlier deploys so open tabs still load them), then the entry
    // page and /config.json, so index.html never points at assets that are not there yet.
    const assets = new s3deploy.BucketDeployment(this, 'WebAssets', {
      destinationBucket: this.webBucket,
      sources: [s3deploy.Source.asset(props.webDistDir, { exclude: ['index.html'] })],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const entry = new s3deploy.BucketDeployment(this, 'WebEntry', {
      destinationBucket: this.webBucket,
      sources: [
        s3deploy.Source.asset(props.webDistDir, { exclude: ['*', '!index.html'] }),
        s3deploy.Source.jsonData('config.json', runtimeConfig),
      ],
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    entry.node.addDependency(assets);

    // ---- Schedules --------------------------------------------------------------------------------
    for (const job of MONITORING_JOBS) {
      new events.Rule(this, `Job-${job}`, {
        description: `Gatehouse monitoring job ${job}`,
        schedule: events.Schedule.rate(JOB_SCHEDULES[job]),
        targets: [
          new eventTargets.LambdaFunction(this.jobsFunction, {
            event: events.RuleTargetInput.fromObject({ job }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
          }),
        ],
      });
    }

    // ---- Alarms -----------------------------------------------------------------------------------
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Gatehouse alarms', enforceSSL: true });
    const emailSubscription = new sns.Subscription(this, 'AlarmEmailSubscription', {
      topic: this.alarmTopic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: alarmEmail.valueAsString,
    });
    (emailSubscription.node.defaultChild as sns.CfnSubscription).cfnOptions.condition = hasAlarmEmail;

    const fiveMinutes = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
      return created;
    };
    alarm(
      'ApiServerErrorsAlarm',
      'The API answered 5xx responses',
      this.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      5,
    );
    alarm('ApiFunctionErrorsAlarm', 'The API Lambda failed', this.apiFunction.metricErrors({ period: fiveMinutes }), 1);
    alarm(
      'ApiFunctionThrottlesAlarm',
      'The API Lambda was throttled',
      this.apiFunction.metricThrottles({ period: fiveMinutes }),
      1,
    );
    alarm(
      'EventsDeadLetterAlarm',
      'Events could not be published to the event bus after every retry (their outbox items stay pending; see docs/events.md)',
      this.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
    );
    alarm(
      'EventsFunctionErrorsAlarm',
      'The event publisher failed a batch (it is retried)',
      this.eventsFunction.metricErrors({ period: fiveMinutes }),
      5,
    );
    alarm(
      'JobFailedAlarm',
      'A monitoring job could not start its run or queue its checks',
      this.jobsFunction.metricErrors({ period: Duration.hours(1) }),
      1,
    );
    alarm(
      'MonitoringDeadLetterAlarm',
      'Monitoring checks failed every delivery: their runs ended failed (see the console’s Monitoring page and the worker’s logs)',
      this.monitoringQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      1,
    );
    // A run that has not finished when the next one starts no longer fits the job's schedule.
    const overran = new logs.MetricFilter(this, 'MonitoringRunOverranFilter', {
      logGroup: this.jobsFunction.logGroup,
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
    const findings = new logs.MetricFilter(this, 'MonitoringFindingFilter', {
      logGroup: this.jobsWorkerFunction.logGroup,
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

    // ---- Tenant claims: tenant_id in the tokens of every user of a Gatehouse connection --------------
    this.tenantClaims = new TenantClaimsTrigger(this, 'TenantClaims', {
      triggerBundleDir: props.triggerBundleDir,
      table: this.table,
      userPoolId: userPoolId.valueAsString,
      userPoolArn: userPool.userPoolArn,
      attach: tenantClaimsTrigger.valueAsString,
      attachSso: ssoEnforcementTriggers.valueAsString,
      retention,
      alarmTopic: this.alarmTopic,
    });

    // ---- Outputs ----------------------------------------------------------------------------------
    new CfnOutput(this, 'PortalUrl', { value: portalUrl, description: 'The portal: setup links and the operator console' });
    new CfnOutput(this, 'ApiUrl', { value: `${portalUrl}/v1`, description: 'The API, on the portal’s origin' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: 'Point the custom domain’s DNS (CNAME or alias) here',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'GATEHOUSE_TABLE for the gatehouse CLI' });
    new CfnOutput(this, 'TestLoginClientId', { value: testLoginClient.userPoolClientId });
    new CfnOutput(this, 'OperatorClientId', { value: operatorClient.userPoolClientId });
    new CfnOutput(this, 'ApiClientId', {
      value: apiClient.userPoolClientId,
      description: 'The admin API client (client credentials); its secret: aws cognito-idp describe-user-pool-client',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'EventBusName', {
      value: this.eventBus.eventBusName,
      description: 'The bus Gatehouse sends lifecycle events to (source "gatehouse"): add your rules here',
    });
    new CfnOutput(this, 'EventBusArn', { value: this.eventBus.eventBusArn });
    new CfnOutput(this, 'TenantClaimsFunctionArn', {
      value: this.tenantClaims.function.functionArn,
      description: 'The pre token generation trigger (V2_0); attached to the pool unless TenantClaimsTrigger=skip',
    });
  }
}
