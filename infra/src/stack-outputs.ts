import { CfnOutput } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { CognitoAccess } from './cognito-access.ts';

export interface StackOutputsProps {
  portalUrl: string;
  distribution: cloudfront.IDistribution;
  table: dynamodb.ITable;
  cognito: CognitoAccess;
  alarmTopic: sns.ITopic;
  eventBus: events.IEventBus;
  tenantClaimsFunction: lambda.IFunction;
}

/**
 * The stack's outputs: what the operator sets up next (DNS, the CLI, event rules) reads them. Created
 * directly in `scope` (the stack), under the names deploy scripts already read.
 */
export function addStackOutputs(scope: Construct, props: StackOutputsProps): void {
  const { portalUrl, cognito } = props;
  new CfnOutput(scope, 'PortalUrl', { value: portalUrl, description: 'The portal: setup links and the operator console' });
  new CfnOutput(scope, 'ApiUrl', { value: `${portalUrl}/v1`, description: 'The API, on the portal’s origin' });
  new CfnOutput(scope, 'DistributionDomainName', {
    value: props.distribution.distributionDomainName,
    description: 'Point the custom domain’s DNS (CNAME or alias) here',
  });
  new CfnOutput(scope, 'TableName', { value: props.table.tableName, description: 'GATEHOUSE_TABLE for the gatehouse CLI' });
  new CfnOutput(scope, 'TestLoginClientId', { value: cognito.testLoginClient.userPoolClientId });
  new CfnOutput(scope, 'OperatorClientId', { value: cognito.operatorClient.userPoolClientId });
  new CfnOutput(scope, 'ApiClientId', {
    value: cognito.apiClient.userPoolClientId,
    description: 'The admin API client (client credentials); its secret: aws cognito-idp describe-user-pool-client',
  });
  new CfnOutput(scope, 'AlarmTopicArn', { value: props.alarmTopic.topicArn });
  new CfnOutput(scope, 'EventBusName', {
    value: props.eventBus.eventBusName,
    description: 'The bus Gatehouse sends lifecycle events to (source "gatehouse"): add your rules here',
  });
  new CfnOutput(scope, 'EventBusArn', { value: props.eventBus.eventBusArn });
  new CfnOutput(scope, 'TenantClaimsFunctionArn', {
    value: props.tenantClaimsFunction.functionArn,
    description: 'The pre token generation trigger (V2_0); attached to the pool unless TenantClaimsTrigger=skip',
  });
}
