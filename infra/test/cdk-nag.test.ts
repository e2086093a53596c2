import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, inject, it } from 'vitest';
import { createGatehouseApp } from '../src/app.ts';

const RULE = (id: string) => `AwsSolutions-${id}`;
const BASIC_EXECUTION = 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
const TABLE_INDEXES = 'IAM5[Resource::<TableCD117FA1.Arn>/index/*]';
const ASSET_DEPLOYMENT = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C';

/**
 * Every AWS Solutions finding the stack is allowed to keep, by construct path under the stack, each with
 * why in one line. Anything else fails the test: fix it, or add it here with its reason.
 */
const ACKNOWLEDGED: Array<{ path: string; rule: string; reason: string }> = [
  {
    path: 'WebBucket',
    rule: 'S1',
    reason: 'Holds the built web app only, read by CloudFront alone (OAC); the API logs every request itself.',
  },
  {
    path: 'Distribution',
    rule: 'CFR3',
    reason: 'Access logs need a log bucket and retention the operator chooses; the API logs every API request.',
  },
  {
    path: 'Distribution',
    rule: 'CFR4',
    reason: 'Only without a portal domain: the default *.cloudfront.net certificate; with one the stack sets TLSv1.2_2021.',
  },
  { path: 'Distribution', rule: 'CFR1', reason: 'Customers and their users sign in from anywhere; no country is refused.' },
  {
    path: 'Distribution',
    rule: 'CFR2',
    reason: 'Abuse is limited in the API (discovery per address, sessions everywhere else); a WAF is the operator’s choice.',
  },
  {
    path: 'HttpApi',
    rule: 'APIG4',
    reason: 'The API authorises each route itself: setup and operator sessions, and discovery is public by design.',
  },
  ...[
    'ApiFunction',
    'JobsFunction',
    'JobsWorkerFunction',
    'EventsFunction',
    ASSET_DEPLOYMENT,
    'TenantClaims/Function',
    'TenantClaims/SsoFunction',
    'TenantClaims/AttachFunction',
  ].map((path) => ({
    path,
    rule: BASIC_EXECUTION,
    reason: 'AWSLambdaBasicExecutionRole grants only writing the function’s own CloudWatch logs.',
  })),
  {
    path: 'TenantClaims/AttachProvider',
    rule: BASIC_EXECUTION,
    reason: 'The CDK provider framework’s function: only its CloudWatch logs.',
  },
  ...[
    'ApiFunction',
    'JobsFunction',
    'JobsWorkerFunction',
    'EventsFunction',
    'TenantClaims/Function',
    'TenantClaims/SsoFunction',
  ].map((path) => ({
    path,
    rule: TABLE_INDEXES,
    reason: 'Queries on the indexes of Gatehouse’s own table, whose names CloudFormation only knows as index/*.',
  })),
  ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
    path: ASSET_DEPLOYMENT,
    rule: `IAM5[Action::${action}]`,
    reason: 'CDK’s BucketDeployment copies the web build from the asset bucket to the web bucket with these grants.',
  })),
  ...['arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*', '<WebBucket12880F5B.Arn>/*', '*'].map(
    (resource) => ({
      path: ASSET_DEPLOYMENT,
      rule: `IAM5[Resource::${resource}]`,
      reason: 'CDK’s BucketDeployment: objects of the asset and web buckets, and the CloudFront invalidation it runs.',
    }),
  ),
  {
    path: 'EventsFunction',
    rule: 'IAM5[Resource::*]',
    reason: 'The table stream’s event source mapping needs dynamodb:ListStreams, which IAM grants on no narrower resource.',
  },
  { path: 'EventsDeadLetterQueue', rule: 'SQS3', reason: 'It is the dead-letter queue: failed event batches end here.' },
  { path: ASSET_DEPLOYMENT, rule: 'L1', reason: 'CDK’s BucketDeployment picks its own runtime; aws-cdk-lib upgrades move it.' },
  {
    path: 'TenantClaims/AttachFunction',
    rule: 'IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*]',
    reason: 'Passes the pool’s own SMS role back to Cognito (UpdateUserPool), only to cognito-idp; its name is not known.',
  },
  {
    path: 'TenantClaims/AttachProvider',
    rule: 'IAM5[Resource::<TenantClaimsAttachFunctionBBB75E4A.Arn>:*]',
    reason: 'The CDK provider framework invokes the attach function’s versions.',
  },
];

/**
 * The stack as synthesised, checked by every AWS Solutions rule, errors and warnings alike, as
 * `severity rule at path`; with `acknowledge`, the findings of ACKNOWLEDGED are left out.
 */
function findings(acknowledge: boolean): string[] {
  const { app, stack } = createGatehouseApp({
    outdir: mkdtempSync(join(tmpdir(), 'gatehouse-nag-')),
    lambdaBundleDir: inject('lambdaBundleDir'),
    triggerBundleDir: inject('triggerBundleDir'),
    webDistDir: inject('webDistDir'),
    version: '1.2.3-test',
  });
  const byPath = new Map<string, IConstruct>(stack.node.findAll().map((node) => [node.node.path, node]));
  for (const { path, rule, reason } of acknowledge ? ACKNOWLEDGED : []) {
    const construct = byPath.get(`${stack.node.path}/${path}`);
    if (!construct) throw new Error(`no construct at ${path}`);
    Validations.of(construct).acknowledge({ id: RULE(rule), reason });
  }
  app.synth();
  const report = new AwsSolutionsChecks(app).validateScope(stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`),
  );
}

describe('AWS Solutions checks (cdk-nag)', () => {
  it('finds nothing in the stack but what is acknowledged, each with its reason', () => {
    expect(findings(true)).toEqual([]);
  });

  it('acknowledges only findings the stack still has', () => {
    const raised = findings(false).map((line) => line.split(' ').slice(1).join(' '));
    for (const { path, rule } of ACKNOWLEDGED) {
      const id = RULE(rule);
      expect(
        raised.some((line) => line.startsWith(`${id} at Gatehouse/${path}/`)),
        `${id} at ${path}`,
      ).toBe(true);
    }
  });

  it('gives every acknowledgement a one-line reason', () => {
    for (const { rule, reason } of ACKNOWLEDGED) {
      expect(reason, rule).toMatch(/^[^\n]{20,140}$/);
    }
  });
});
