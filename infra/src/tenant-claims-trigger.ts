import { Aws, CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TRIGGER_ENTRIES } from './bundle.ts';

export interface TenantClaimsTriggerProps {
  /** Output of bundleTriggerLambdas(): one directory per trigger entry. */
  triggerBundleDir: string;
  table: dynamodb.ITable;
  userPoolId: string;
  userPoolArn: string;
  /** `attach` (default) or `skip`: a deploy-time choice, so the template stays the same for every account. */
  attach: string;
  /** The same for the SSO enforcement triggers (Pre Authentication, Pre Sign-up). */
  attachSso: string;
  retention: logs.RetentionDays;
  /** How long the trigger keeps a provider's tenant in memory (TRIGGER_CACHE_SECONDS). */
  cacheSeconds?: number;
  /** Where the trigger's failure alarm goes. */
  alarmTopic: sns.ITopic;
}

/** The Lambda runtime every Gatehouse function runs; the bundles target the same Node major. */
const runtime = lambda.Runtime.NODEJS_24_X;

/**
 * A function the user pool calls as a trigger: it reads Gatehouse's table by key only (GetItem,
 * BatchGetItem) and may be invoked by this pool alone. Cognito waits 5 seconds for a trigger whatever the
 * function's own timeout.
 */
function poolTriggerFunction(
  scope: Construct,
  id: string,
  logsId: string,
  props: TenantClaimsTriggerProps & { entry: { dir: string; handler: string }; description: string },
): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    description: props.description,
    runtime,
    architecture: lambda.Architecture.ARM_64,
    code: lambda.Code.fromAsset(`${props.triggerBundleDir}/${props.entry.dir}`),
    handler: props.entry.handler,
    memorySize: 512,
    timeout: Duration.seconds(5),
    environment: {
      GATEHOUSE_TABLE: props.table.tableName,
      TRIGGER_CACHE_SECONDS: String(props.cacheSeconds ?? 10),
      LOG_LEVEL: 'info',
    },
    logGroup: new logs.LogGroup(scope, logsId, { retention: props.retention, removalPolicy: RemovalPolicy.DESTROY }),
  });
  props.table.grant(fn, 'dynamodb:GetItem', 'dynamodb:BatchGetItem');
  fn.addPermission('InvokedByUserPool', {
    principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
    sourceArn: props.userPoolArn,
    sourceAccount: Aws.ACCOUNT_ID,
  });
  return fn;
}

/**
 * Gatehouse's Pre Token Generation trigger (V2_0) on the SaaS's existing user pool, so that every token of
 * a user who signs in through a Gatehouse connection carries `tenant_id`:
 * - the trigger function, which may only read Gatehouse's table and is invoked by this pool alone;
 * - a custom resource that attaches it to the pool by read-modify-write (DescribeUserPool, then
 *   UpdateUserPool with every setting, since UpdateUserPool resets what it is not sent), refuses a pool on
 *   the Lite feature plan with a clear message, and puts the previous trigger back when it is deleted.
 */
export class TenantClaimsTrigger extends Construct {
  readonly function: lambda.Function;
  readonly attachFunction: lambda.Function;
  readonly ssoFunction: lambda.Function;

  constructor(scope: Construct, id: string, props: TenantClaimsTriggerProps) {
    super(scope, id);
    this.function = poolTriggerFunction(this, 'Function', 'Logs', {
      ...props,
      entry: TRIGGER_ENTRIES.tenantClaims,
      description: 'Gatehouse tenant claims: tenant_id in the tokens of users of Gatehouse connections',
    });

    const attachEntry = TRIGGER_ENTRIES.triggerAttachment;
    this.attachFunction = new lambda.Function(this, 'AttachFunction', {
      description: 'Gatehouse: attaches the tenant claims trigger to the user pool (read-modify-write)',
      runtime,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(`${props.triggerBundleDir}/${attachEntry.dir}`),
      handler: attachEntry.handler,
      memorySize: 256,
      timeout: Duration.minutes(1),
      logGroup: new logs.LogGroup(this, 'AttachLogs', { retention: props.retention, removalPolicy: RemovalPolicy.DESTROY }),
    });
    this.attachFunction.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadModifyWriteTheUserPool',
        actions: ['cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool'],
        resources: [props.userPoolArn],
      }),
    );
    // UpdateUserPool sends the pool's SMS settings back, which passes its SNS role to Cognito again.
    this.attachFunction.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PassThePoolsOwnSmsRoleBack',
        actions: ['iam:PassRole'],
        resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/*`],
        conditions: { StringEquals: { 'iam:PassedToService': 'cognito-idp.amazonaws.com' } },
      }),
    );

    const provider = new cr.Provider(this, 'AttachProvider', { onEventHandler: this.attachFunction });
    const attachment = new CustomResource(this, 'Attachment', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::GatehouseTenantClaimsTrigger',
      properties: { UserPoolId: props.userPoolId, LambdaArn: this.function.functionArn, Attach: props.attach },
    });

    // SSO enforcement: one function, attached as the pool's Pre Authentication and Pre Sign-up trigger.
    this.ssoFunction = poolTriggerFunction(this, 'SsoFunction', 'SsoLogs', {
      ...props,
      entry: TRIGGER_ENTRIES.ssoEnforcement,
      description: 'Gatehouse SSO enforcement: refuses password sign-in and self sign-up under enforced domains',
    });
    // One after the other: each is a read-modify-write of the whole pool, and two at once would lose one.
    let previous: CustomResource = attachment;
    for (const trigger of ['PreAuthentication', 'PreSignUp'] as const) {
      const resource = new CustomResource(this, `${trigger}Attachment`, {
        serviceToken: provider.serviceToken,
        resourceType: 'Custom::GatehouseSsoEnforcementTrigger',
        properties: {
          UserPoolId: props.userPoolId,
          LambdaArn: this.ssoFunction.functionArn,
          Trigger: trigger,
          Attach: props.attachSso,
        },
      });
      resource.node.addDependency(previous);
      previous = resource;
    }

    // A trigger that fails fails sign-ins: say so at once.
    const ssoErrors = new cloudwatch.Alarm(this, 'SsoErrorsAlarm', {
      alarmDescription: 'The SSO enforcement trigger failed: Cognito refused password sign-ins (see its log group)',
      metric: this.ssoFunction.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    ssoErrors.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
    const errors = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'The tenant claims trigger failed: Cognito refused to issue tokens (see its log group)',
      metric: this.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    errors.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }
}
