import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectDynamo, ensureTable } from '@gatehouse/api';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TRIGGER_ENTRIES } from '../src/bundle.ts';
import { type Json, resourcesOf, synthGatehouse } from './synth.ts';

let synth: ReturnType<typeof synthGatehouse>;
beforeAll(() => {
  synth = synthGatehouse();
});

const functionByHandler = (handler: string) => {
  const found = resourcesOf(synth.template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.Handler === handler);
  if (!found) throw new Error(`no function with handler ${handler}`);
  return { id: found[0], props: found[1].Properties as Json };
};
const policiesOf = (functionId: string) => {
  const roleId = synth.template.toJSON().Resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return resourcesOf(synth.template, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
};

describe('the tenant claims trigger in the CDK app', () => {
  it('is its own small function on Node 24 that answers within Cognito’s 5 seconds and reads the table', () => {
    const fn = functionByHandler(TRIGGER_ENTRIES.tenantClaims.handler);
    expect(fn.props.Runtime).toBe('nodejs24.x');
    expect(fn.props.Architectures).toEqual(['arm64']);
    expect(fn.props.Timeout).toBeLessThanOrEqual(5);
    const tableId = resourcesOf(synth.template, 'AWS::DynamoDB::Table')[0]?.[0];
    expect(fn.props.Environment.Variables.GATEHOUSE_TABLE).toEqual({ Ref: tableId });
    expect(Number(fn.props.Environment.Variables.TRIGGER_CACHE_SECONDS)).toBeGreaterThan(0);
    // Its code is the trigger bundle alone, not the API's.
    const api = functionByHandler('lambda.handler');
    expect(JSON.stringify(fn.props.Code)).not.toBe(JSON.stringify(api.props.Code));
  });

  it('may only read Gatehouse’s table by key: no writes, no scans, no Cognito', () => {
    const fn = functionByHandler(TRIGGER_ENTRIES.tenantClaims.handler);
    const actions = policiesOf(fn.id).flatMap((statement) => [statement.Action].flat());
    expect(actions.sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
  });

  it('may be invoked by the user pool alone', () => {
    const fn = functionByHandler(TRIGGER_ENTRIES.tenantClaims.handler);
    const permissions = resourcesOf(synth.template, 'AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes(fn.id),
    );
    expect(permissions).toHaveLength(1);
    const permission = permissions[0]?.[1].Properties as Json;
    expect(permission.Principal).toBe('cognito-idp.amazonaws.com');
    expect(JSON.stringify(permission.SourceArn)).toContain(':userpool/');
    expect(JSON.stringify(permission.SourceArn)).toContain('{"Ref":"UserPoolId"}');
  });

  it('is attached by a custom resource that reads and rewrites the pool, unless TenantClaimsTrigger is skip', () => {
    const json = synth.template.toJSON();
    expect(json.Parameters.TenantClaimsTrigger).toMatchObject({ Default: 'attach', AllowedValues: ['attach', 'skip'] });
    const [[, attachment]] = resourcesOf(synth.template, 'Custom::GatehouseTenantClaimsTrigger') as [[string, Json]];
    const fn = functionByHandler(TRIGGER_ENTRIES.tenantClaims.handler);
    expect(attachment.Properties.UserPoolId).toEqual({ Ref: 'UserPoolId' });
    expect(attachment.Properties.LambdaArn).toEqual({ 'Fn::GetAtt': [fn.id, 'Arn'] });
    expect(attachment.Properties.Attach).toEqual({ Ref: 'TenantClaimsTrigger' });

    const attach = functionByHandler(TRIGGER_ENTRIES.triggerAttachment.handler);
    const statements = policiesOf(attach.id);
    const cognito = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    expect(cognito).toHaveLength(1);
    expect([...cognito[0].Action].sort()).toEqual(['cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool']);
    expect(JSON.stringify(cognito[0].Resource)).toContain('{"Ref":"UserPoolId"}');
    const passRole = statements.find((s) => s.Action === 'iam:PassRole');
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'cognito-idp.amazonaws.com' } });
  });

  it('alarms to the alarm topic when the tenant claims trigger fails', () => {
    const fn = functionByHandler(TRIGGER_ENTRIES.tenantClaims.handler);
    const alarms = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(fn.id),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.[1].Properties.MetricName).toBe('Errors');
    const topicId = resourcesOf(synth.template, 'AWS::SNS::Topic')[0]?.[0];
    expect(alarms[0]?.[1].Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

describe('the trigger bundle', () => {
  const run = promisify(execFile);
  const file = join(inject('triggerBundleDir'), TRIGGER_ENTRIES.tenantClaims.dir, 'tenant-claims-lambda.mjs');

  it('starts from one small file, without the AWS SDK', () => {
    expect(existsSync(file)).toBe(true);
    expect(inject('triggerBundleBytes').tenantClaims).toBeLessThan(200 * 1024);
  });

  it('runs on plain Node against its table: a managed provider’s user gets tenant_id, a native user nothing', async () => {
    const dynamo = await startDynamoDbLocal();
    try {
      const tableName = `bundle-trigger-${Date.now()}`;
      const db = connectDynamo({ tableName, region: 'eu-west-1', endpoint: dynamo.endpoint });
      await ensureTable(db);
      const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
      for (const Item of [
        {
          PK: 'PROVIDER#gh-acme-abc1234',
          SK: 'PROVIDER',
          providerName: 'gh-acme-abc1234',
          tenantId: 'acme',
          connectionId: 'c1',
          kind: 'live',
        },
        { PK: 'TENANT#acme', SK: 'META', id: 'acme', status: 'active' },
        { PK: 'TENANT#acme', SK: 'CONN#c1', id: 'c1', suspended: false, activeRevision: 1 },
      ]) {
        await db.doc.send(new PutCommand({ TableName: tableName, Item }));
      }
      const identities = JSON.stringify([{ providerName: 'gh-acme-abc1234', providerType: 'SAML', primary: true }]);
      const event = (userName: string, attributes: Record<string, string>) => ({
        version: '2',
        triggerSource: 'TokenGeneration_HostedAuth',
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_AbC123',
        userName,
        callerContext: { clientId: 'client' },
        request: { userAttributes: attributes, groupConfiguration: {}, scopes: ['openid'] },
        response: { claimsAndScopeOverrideDetails: null },
      });
      const script = `const m = await import(${JSON.stringify(file)});
        const a = await m.handler(${JSON.stringify(event('gh-acme-abc1234_u1', { identities }))});
        const b = await m.handler(${JSON.stringify(event('pat', { email: 'pat@example.com' }))});
        console.log(JSON.stringify([a.response, b.response]));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'eu-west-1',
          GATEHOUSE_TABLE: tableName,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          LOG_LEVEL: 'silent',
        },
      });
      const [managed, native] = JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
      expect(managed.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual({ tenant_id: 'acme' });
      expect(managed.claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual({ tenant_id: 'acme' });
      expect(native).toEqual({ claimsAndScopeOverrideDetails: null });
    } finally {
      await dynamo.stop();
    }
  });
});

describe('the SSO enforcement triggers in the CDK app', () => {
  it('are one small function, reading the table by key only, invocable by the pool alone', () => {
    const fn = functionByHandler(TRIGGER_ENTRIES.ssoEnforcement.handler);
    expect(fn.props.Runtime).toBe('nodejs24.x');
    expect(fn.props.Timeout).toBeLessThanOrEqual(5);
    const actions = policiesOf(fn.id).flatMap((statement) => [statement.Action].flat());
    expect(actions.sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
    const permission = resourcesOf(synth.template, 'AWS::Lambda::Permission').find(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes(fn.id),
    );
    expect(permission?.[1].Properties.Principal).toBe('cognito-idp.amazonaws.com');
  });

  it('attach it as Pre Authentication and Pre Sign-up, after the tenant claims trigger, one at a time', () => {
    const json = synth.template.toJSON();
    expect(json.Parameters.SsoEnforcementTriggers).toMatchObject({ Default: 'attach', AllowedValues: ['attach', 'skip'] });
    const fn = functionByHandler(TRIGGER_ENTRIES.ssoEnforcement.handler);
    const attachments = resourcesOf(synth.template, 'Custom::GatehouseSsoEnforcementTrigger');
    expect(attachments.map(([, r]) => r.Properties.Trigger).sort()).toEqual(['PreAuthentication', 'PreSignUp']);
    for (const [, resource] of attachments) {
      expect(resource.Properties.LambdaArn).toEqual({ 'Fn::GetAtt': [fn.id, 'Arn'] });
      expect(resource.Properties.Attach).toEqual({ Ref: 'SsoEnforcementTriggers' });
    }
    // Each waits for the one before: two read-modify-writes of one pool at once would lose a change.
    const [claimsId] = resourcesOf(synth.template, 'Custom::GatehouseTenantClaimsTrigger')[0] as [string, Json];
    const auth = attachments.find(([, r]) => r.Properties.Trigger === 'PreAuthentication') as [string, Json];
    const signUp = attachments.find(([, r]) => r.Properties.Trigger === 'PreSignUp') as [string, Json];
    expect(auth[1].DependsOn).toContain(claimsId);
    expect(signUp[1].DependsOn).toContain(auth[0]);
  });

  it('refuses a password sign-in under an enforced domain from its bundle on plain Node', async () => {
    const run = promisify(execFile);
    const file = join(inject('triggerBundleDir'), TRIGGER_ENTRIES.ssoEnforcement.dir, 'sso-enforcement-lambda.mjs');
    const dynamo = await startDynamoDbLocal();
    try {
      const tableName = `bundle-sso-${Date.now()}`;
      const db = connectDynamo({ tableName, region: 'eu-west-1', endpoint: dynamo.endpoint });
      await ensureTable(db);
      const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
      for (const Item of [
        { PK: 'DOMAIN#acme.example', SK: 'DOMAIN', tenantId: 'acme', connectionId: 'c1' },
        {
          PK: 'TENANT#acme',
          SK: 'META',
          id: 'acme',
          name: 'Acme',
          status: 'active',
          version: 2,
          ssoEnforcement: { enforced: true, itAdminMayChange: false },
        },
        {
          PK: 'TENANT#acme',
          SK: 'CONN#c1',
          id: 'c1',
          tenantId: 'acme',
          providerName: 'gh-acme',
          suspended: false,
          activeRevision: 1,
        },
      ]) {
        await db.doc.send(new PutCommand({ TableName: tableName, Item }));
      }
      const event = (email: string) => ({
        version: '1',
        triggerSource: 'PreAuthentication_Authentication',
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_AbC123',
        userName: email,
        callerContext: { clientId: 'client' },
        request: { userAttributes: { email } },
        response: {},
      });
      const script = `const m = await import(${JSON.stringify(file)});
        const outcome = async (e) => { try { await m.handler(e); return 'allowed'; } catch (error) { return 'refused: ' + error.message; } };
        console.log(JSON.stringify([await outcome(${JSON.stringify(event('pat@acme.example'))}), await outcome(${JSON.stringify(event('pat@other.example'))})]));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'eu-west-1',
          GATEHOUSE_TABLE: tableName,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          LOG_LEVEL: 'silent',
        },
      });
      const [enforced, other] = JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
      expect(enforced).toMatch(/^refused: acme\.example signs in with your company's single sign-on/);
      expect(other).toBe('allowed');
    } finally {
      await dynamo.stop();
    }
  });
});
