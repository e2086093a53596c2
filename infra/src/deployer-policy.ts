export interface DeployerPolicyOptions {
  account: string;
  region: string;
  userPoolId: string;
  /** CloudFormation names every physical resource after its stack, which scopes most statements. */
  stackName?: string;
  partition?: string;
}

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/**
 * The IAM policy CloudFormation needs to create, update and delete the Gatehouse stack: attach it as the
 * CDK bootstrap's execution policy (`cdk bootstrap --cloudformation-execution-policies <arn>`) instead of
 * the default AdministratorAccess. Resources are narrowed to the stack's name prefix wherever the service
 * names them that way; CloudFront, API Gateway and log delivery cannot be narrowed by name.
 */
export function cloudFormationExecutionPolicy(options: DeployerPolicyOptions): PolicyDocument {
  const { account, region, userPoolId } = options;
  const stack = options.stackName ?? 'Gatehouse';
  const partition = options.partition ?? 'aws';
  const arn = (service: string, resource: string, inRegion = region) =>
    `arn:${partition}:${service}:${inRegion}:${account}:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Table',
        Effect: 'Allow',
        Action: [
          'dynamodb:CreateTable',
          'dynamodb:UpdateTable',
          'dynamodb:DeleteTable',
          'dynamodb:DescribeTable',
          'dynamodb:DescribeContinuousBackups',
          'dynamodb:UpdateContinuousBackups',
          'dynamodb:DescribeTimeToLive',
          'dynamodb:UpdateTimeToLive',
          'dynamodb:TagResource',
          'dynamodb:UntagResource',
          'dynamodb:ListTagsOfResource',
        ],
        Resource: [arn('dynamodb', `table/${stack}-*`), arn('dynamodb', `table/${stack}-*/index/*`)],
      },
      {
        // The table's stream feeds the event publisher (docs/events.md).
        Sid: 'TableStream',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:ListStreams'],
        Resource: arn('dynamodb', `table/${stack}-*/stream/*`),
      },
      {
        // Event source mappings are named by generated ids only.
        Sid: 'EventSourceMapping',
        Effect: 'Allow',
        Action: [
          'lambda:CreateEventSourceMapping',
          'lambda:GetEventSourceMapping',
          'lambda:UpdateEventSourceMapping',
          'lambda:DeleteEventSourceMapping',
        ],
        Resource: '*',
      },
      {
        Sid: 'Functions',
        Effect: 'Allow',
        Action: [
          'lambda:CreateFunction',
          'lambda:DeleteFunction',
          'lambda:GetFunction',
          'lambda:GetFunctionConfiguration',
          'lambda:UpdateFunctionCode',
          'lambda:UpdateFunctionConfiguration',
          'lambda:AddPermission',
          'lambda:RemovePermission',
          'lambda:InvokeFunction',
          'lambda:TagResource',
          'lambda:UntagResource',
          'lambda:ListTags',
        ],
        Resource: arn('lambda', `function:${stack}-*`),
      },
      {
        Sid: 'DeploymentLayers',
        Effect: 'Allow',
        Action: ['lambda:PublishLayerVersion', 'lambda:GetLayerVersion', 'lambda:DeleteLayerVersion'],
        Resource: [arn('lambda', 'layer:*'), arn('lambda', 'layer:*:*')],
      },
      {
        Sid: 'Roles',
        Effect: 'Allow',
        Action: [
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:PutRolePolicy',
          'iam:GetRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
        ],
        Resource: `arn:${partition}:iam::${account}:role/${stack}-*`,
      },
      {
        Sid: 'PassRolesToLambda',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: `arn:${partition}:iam::${account}:role/${stack}-*`,
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
      {
        Sid: 'HttpApi',
        Effect: 'Allow',
        Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
        Resource: [
          `arn:${partition}:apigateway:${region}::/apis`,
          `arn:${partition}:apigateway:${region}::/apis/*`,
          `arn:${partition}:apigateway:${region}::/tags/*`,
        ],
      },
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:DeleteLogGroup',
          'logs:PutRetentionPolicy',
          'logs:DeleteRetentionPolicy',
          'logs:TagResource',
          'logs:UntagResource',
          'logs:ListTagsForResource',
        ],
        // Generated names start with the stack name; the web upload function's group is /aws/lambda/<function>.
        Resource: [arn('logs', `log-group:${stack}-*`), arn('logs', `log-group:/aws/lambda/${stack}-*`)],
      },
      {
        // API Gateway access logging is set up through CloudWatch Logs deliveries, which have no ARN.
        Sid: 'LogDelivery',
        Effect: 'Allow',
        Action: [
          'logs:DescribeLogGroups',
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
        ],
        Resource: '*',
      },
      {
        Sid: 'WebBucket',
        Effect: 'Allow',
        Action: [
          's3:CreateBucket',
          's3:DeleteBucket',
          's3:GetBucketLocation',
          's3:ListBucket',
          's3:GetBucketPolicy',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:GetBucketPublicAccessBlock',
          's3:PutBucketPublicAccessBlock',
          's3:GetEncryptionConfiguration',
          's3:PutEncryptionConfiguration',
          's3:GetBucketOwnershipControls',
          's3:PutBucketOwnershipControls',
          's3:GetBucketTagging',
          's3:PutBucketTagging',
        ],
        Resource: `arn:${partition}:s3:::${stack.toLowerCase()}-webbucket*`,
      },
      {
        // CloudFront resources are global and named by generated ids only.
        Sid: 'CloudFront',
        Effect: 'Allow',
        Action: [
          'cloudfront:CreateDistribution',
          'cloudfront:UpdateDistribution',
          'cloudfront:DeleteDistribution',
          'cloudfront:GetDistribution',
          'cloudfront:GetDistributionConfig',
          'cloudfront:TagResource',
          'cloudfront:UntagResource',
          'cloudfront:ListTagsForResource',
          'cloudfront:CreateOriginAccessControl',
          'cloudfront:GetOriginAccessControl',
          'cloudfront:UpdateOriginAccessControl',
          'cloudfront:DeleteOriginAccessControl',
          'cloudfront:CreateResponseHeadersPolicy',
          'cloudfront:GetResponseHeadersPolicy',
          'cloudfront:UpdateResponseHeadersPolicy',
          'cloudfront:DeleteResponseHeadersPolicy',
          'cloudfront:CreateFunction',
          'cloudfront:DescribeFunction',
          'cloudfront:GetFunction',
          'cloudfront:UpdateFunction',
          'cloudfront:PublishFunction',
          'cloudfront:DeleteFunction',
        ],
        Resource: '*',
      },
      {
        // Only with a custom portal domain: CloudFront checks the certificate with the caller's rights.
        Sid: 'PortalCertificate',
        Effect: 'Allow',
        Action: ['acm:DescribeCertificate', 'acm:ListCertificates'],
        Resource: '*',
      },
      {
        Sid: 'UserPoolClientsAndGroup',
        Effect: 'Allow',
        Action: [
          'cognito-idp:DescribeUserPool',
          'cognito-idp:CreateUserPoolClient',
          'cognito-idp:DescribeUserPoolClient',
          'cognito-idp:UpdateUserPoolClient',
          'cognito-idp:DeleteUserPoolClient',
          'cognito-idp:CreateGroup',
          'cognito-idp:GetGroup',
          'cognito-idp:UpdateGroup',
          'cognito-idp:DeleteGroup',
          'cognito-idp:CreateResourceServer',
          'cognito-idp:DescribeResourceServer',
          'cognito-idp:UpdateResourceServer',
          'cognito-idp:DeleteResourceServer',
        ],
        Resource: arn('cognito-idp', `userpool/${userPoolId}`),
      },
      {
        Sid: 'Schedules',
        Effect: 'Allow',
        Action: [
          'events:PutRule',
          'events:DeleteRule',
          'events:DescribeRule',
          'events:EnableRule',
          'events:DisableRule',
          'events:PutTargets',
          'events:RemoveTargets',
          'events:ListTargetsByRule',
          'events:TagResource',
          'events:UntagResource',
        ],
        Resource: arn('events', `rule/${stack}-*`),
      },
      {
        Sid: 'EventBus',
        Effect: 'Allow',
        Action: [
          'events:CreateEventBus',
          'events:DeleteEventBus',
          'events:DescribeEventBus',
          'events:UpdateEventBus',
          'events:TagResource',
          'events:UntagResource',
          'events:ListTagsForResource',
        ],
        Resource: arn('events', `event-bus/${stack}-*`),
      },
      {
        Sid: 'EventsDeadLetterQueue',
        Effect: 'Allow',
        Action: [
          'sqs:CreateQueue',
          'sqs:DeleteQueue',
          'sqs:GetQueueAttributes',
          'sqs:SetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:TagQueue',
          'sqs:UntagQueue',
          'sqs:ListQueueTags',
        ],
        Resource: arn('sqs', `${stack}-*`),
      },
      {
        Sid: 'AlarmTopic',
        Effect: 'Allow',
        Action: [
          'sns:CreateTopic',
          'sns:DeleteTopic',
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:Subscribe',
          'sns:Unsubscribe',
          'sns:GetSubscriptionAttributes',
          'sns:TagResource',
          'sns:UntagResource',
          'sns:ListTagsForResource',
        ],
        Resource: arn('sns', `${stack}-*`),
      },
      {
        Sid: 'Alarms',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource'],
        Resource: arn('cloudwatch', `alarm:${stack}-*`),
      },
      {
        Sid: 'BootstrapVersion',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: arn('ssm', 'parameter/cdk-bootstrap/*'),
      },
    ],
  };
}

/**
 * The policy the person (or CI role) running `cdk deploy` needs: with a bootstrapped account the CDK
 * CLI does everything through the bootstrap roles, so assuming them is all it takes.
 */
export function deployerPolicy(options: {
  account: string;
  region: string;
  qualifier?: string;
  partition?: string;
}): PolicyDocument {
  const qualifier = options.qualifier ?? 'hnb659fds';
  const role = (name: string) =>
    `arn:${options.partition ?? 'aws'}:iam::${options.account}:role/cdk-${qualifier}-${name}-${options.account}-${options.region}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'UseCdkBootstrapRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: [role('deploy-role'), role('file-publishing-role')],
      },
    ],
  };
}
