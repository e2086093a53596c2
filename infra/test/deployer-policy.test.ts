import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudFormationExecutionPolicy, deployerPolicy } from '../src/deployer-policy.ts';
import { synthGatehouse } from './synth.ts';

const policy = cloudFormationExecutionPolicy({ account: '123456789012', region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123' });
const actions = policy.Statement.flatMap((s) => s.Action);

/** The IAM service prefix CloudFormation needs to manage each resource type the template uses. */
const SERVICE_OF: Record<string, string> = {
  ApiGatewayV2: 'apigateway',
  CloudFront: 'cloudfront',
  CloudWatch: 'cloudwatch',
  Cognito: 'cognito-idp',
  DynamoDB: 'dynamodb',
  Events: 'events',
  IAM: 'iam',
  Lambda: 'lambda',
  Logs: 'logs',
  S3: 's3',
  SNS: 'sns',
  SQS: 'sqs',
};

let resourceTypes: string[];
beforeAll(() => {
  const resources = Object.values(synthGatehouse().template.toJSON().Resources) as { Type: string }[];
  resourceTypes = [...new Set(resources.map((r) => r.Type))];
});

describe('deployment IAM policies', () => {
  it('cover every AWS service the template creates resources in', () => {
    for (const type of resourceTypes) {
      if (type.startsWith('Custom::')) {
        expect(actions, type).toContain('lambda:InvokeFunction');
        continue;
      }
      const service = SERVICE_OF[type.split('::')[1] ?? ''];
      expect(service, `no IAM service known for ${type}: add it to the execution policy`).toBeDefined();
      expect(
        actions.some((a) => a.startsWith(`${service}:`)),
        type,
      ).toBe(true);
    }
  });

  it('never grants a whole service, and keeps Cognito rights on the one pool', () => {
    expect(actions.filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
    for (const statement of policy.Statement.filter((s) => s.Action.some((a) => a.startsWith('cognito-idp:')))) {
      expect(statement.Resource).toBe('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123');
    }
    const passRole = policy.Statement.find((s) => s.Action.includes('iam:PassRole'));
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  });

  it('lets the person deploying only assume the CDK bootstrap roles', () => {
    const deployer = deployerPolicy({ account: '123456789012', region: 'eu-west-1' });
    expect(deployer.Statement.flatMap((s) => s.Action)).toEqual(['sts:AssumeRole']);
    expect(deployer.Statement[0]?.Resource).toEqual([
      'arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-eu-west-1',
      'arn:aws:iam::123456789012:role/cdk-hnb659fds-file-publishing-role-123456789012-eu-west-1',
    ]);
  });

  it('are printed in docs/deploy.md exactly as generated', () => {
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const printed = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1] ?? 'null'));
    expect(printed).toEqual([deployerPolicy({ account: '123456789012', region: 'eu-west-1' }), policy]);
  });
});
