import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COGNITO_IDP_ACTIONS,
  EDGE_SECRET_HEADER,
  ENV_KEYS,
  isValidEnvValue,
  MONITORING_JOBS,
  OAUTH_CALLBACK_PATHS,
  OPERATORS_GROUP,
  OUTBOX_ITEM_TYPE,
  TABLE_KEYS,
  tableDefinition,
  WEB_CSP,
} from '@gatehouse/api/infra-contract';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ENV_KEYS_NOT_SET, JOB_SCHEDULES, SPA_ROUTING_FUNCTION_CODE } from '../src/index.ts';
import { type Json, resourcesOf, synthGatehouse } from './synth.ts';

let synth: ReturnType<typeof synthGatehouse>;
beforeAll(() => {
  synth = synthGatehouse();
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const logicalIdOf = (type: string, predicate: (resource: Json) => boolean = () => true) => {
  const found = resourcesOf(synth.template, type).filter(([, resource]) => predicate(resource));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]?.[0] as string;
};
const functionByHandler = (handler: string) => {
  const found = resourcesOf(synth.template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.Handler === handler);
  if (!found) throw new Error(`no function with handler ${handler}`);
  return { id: found[0], props: found[1].Properties as Json };
};
const apiFunction = () => functionByHandler('lambda.handler');
const jobsFunction = () => functionByHandler('jobs-lambda.handler');
const eventsFunction = () => functionByHandler('events-lambda.handler');
const jobsWorkerFunction = () => functionByHandler('jobs-worker-lambda.handler');
/** The events publisher's dead-letter queue (the monitoring queues have their own tests). */
const eventsDeadLetterQueueId = () => {
  const ids = resourcesOf(synth.template, 'AWS::SQS::Queue')
    .map(([id]) => id)
    .filter((id) => id.startsWith('EventsDeadLetterQueue'));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

describe('parameters (the existing user pool and the optional custom domain)', () => {
  it('asks for the user pool id, its domain and the production app clients, and validates their shape', () => {
    const parameters = synth.template.toJSON().Parameters as Record<string, Json>;
    for (const name of ['UserPoolId', 'UserPoolDomain', 'AppClientIds']) {
      expect(parameters[name]?.Type).toBe('String');
      expect(parameters[name]?.Default).toBeUndefined();
    }
    const poolPattern = new RegExp(`^(?:${parameters.UserPoolId.AllowedPattern})$`);
    expect(poolPattern.test('eu-west-1_AbC123xyZ')).toBe(true);
    expect(poolPattern.test('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC')).toBe(false);
    const clientsPattern = new RegExp(`^(?:${parameters.AppClientIds.AllowedPattern})$`);
    expect(clientsPattern.test('1example23456789,2example23456789')).toBe(true);
    expect(clientsPattern.test('a, b')).toBe(false);
  });

  it('makes the portal domain optional and requires a us-east-1 certificate with it', () => {
    const json = synth.template.toJSON();
    expect(json.Parameters.PortalDomainName.Default).toBe('');
    const certPattern = new RegExp(`^(?:${json.Parameters.PortalCertificateArn.AllowedPattern})$`);
    expect(certPattern.test('arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab')).toBe(true);
    expect(certPattern.test('arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d')).toBe(false);
    expect(JSON.stringify(json.Rules.PortalDomainNeedsCertificate)).toContain('PortalCertificateArn');
    const distribution = Object.values(synth.template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const config = distribution.Properties.DistributionConfig;
    expect(config.Aliases).toEqual({ 'Fn::If': ['HasPortalDomain', [ref('PortalDomainName')], ref('AWS::NoValue')] });
    expect(config.ViewerCertificate['Fn::If'][1]).toMatchObject({
      AcmCertificateArn: ref('PortalCertificateArn'),
      SslSupportMethod: 'sni-only',
    });
    expect(config.ViewerCertificate['Fn::If'][2]).toEqual({ CloudFrontDefaultCertificate: true });
  });
});

describe('DynamoDB table', () => {
  it('has exactly the keys and indexes the API creates locally (tableDefinition)', () => {
    const expected = tableDefinition('unused');
    const [, table] = resourcesOf(synth.template, 'AWS::DynamoDB::Table')[0] as [string, Json];
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...table.Properties.AttributeDefinitions].sort(byName)).toEqual(
      [...(expected.AttributeDefinitions ?? [])].sort(byName),
    );
    expect(table.Properties.KeySchema).toEqual(expected.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
  });

  it('is on-demand, with point-in-time recovery, deletion protection, TTL on the API’s attribute, and kept on delete', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
      }),
    });
  });
});

describe('API Lambda and HTTP API', () => {
  it('runs on Node.js 22 or later on arm64, from the esbuild bundle', () => {
    for (const fn of [apiFunction(), jobsFunction(), jobsWorkerFunction(), eventsFunction()]) {
      const major = Number(/^nodejs(\d+)\.x$/.exec(fn.props.Runtime)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(fn.props.Architectures).toEqual(['arm64']);
      const file = `${String(fn.props.Handler).split('.')[0]}.mjs`;
      expect(existsSync(join(inject('lambdaBundleDir'), file))).toBe(true);
    }
  });

  it('sets exactly the environment keys apps/api/src/env.ts reads, less the ones Lambda or local runs own', () => {
    const schemaKeys = [...ENV_KEYS].sort();
    const notSet = Object.keys(ENV_KEYS_NOT_SET);
    for (const key of notSet) expect(schemaKeys).toContain(key);
    for (const fn of [apiFunction(), jobsFunction(), jobsWorkerFunction(), eventsFunction()]) {
      const keys = Object.keys(fn.props.Environment.Variables);
      for (const key of keys) expect(notSet).not.toContain(key);
      expect([...keys, ...notSet].sort()).toEqual(schemaKeys);
    }
  });

  it('points the API at the table, the portal origin and the user pool given as parameters', () => {
    const variables = apiFunction().props.Environment.Variables;
    const tableId = logicalIdOf('AWS::DynamoDB::Table');
    expect(variables.GATEHOUSE_TABLE).toEqual(ref(tableId));
    expect(variables.COGNITO_USER_POOL_ID).toEqual(ref('UserPoolId'));
    expect(JSON.stringify(variables.COGNITO_DOMAIN_URL)).toContain('"Ref":"UserPoolDomain"');
    expect(JSON.stringify(variables.COGNITO_DOMAIN_URL)).toContain('https://');
    expect(variables.COGNITO_APP_CLIENT_IDS).toEqual(ref('AppClientIds'));
    expect(variables.GATEHOUSE_VERSION).toBe('1.2.3-test');
    expect(JSON.stringify(variables.PUBLIC_URL)).toContain('HasPortalDomain');
    // Every literal value must parse with the API's own schema.
    const literals = Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    // Values that are tokens (parameters, resource ids) resolve at deploy time; every literal must parse.
    const known = new Set<string>(ENV_KEYS);
    expect(
      Object.entries(literals).filter(
        ([key, value]) => known.has(key) && !isValidEnvValue(key as (typeof ENV_KEYS)[number], value),
      ),
    ).toEqual([]);
  });

  it('keeps Lambda logs for a set time', () => {
    for (const fn of [apiFunction(), jobsFunction(), jobsWorkerFunction()]) {
      const logGroupId = fn.props.LoggingConfig.LogGroup.Ref as string;
      const logGroup = synth.template.toJSON().Resources[logGroupId];
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('routes /v1/* of an HTTP API to the API function, throttled and access-logged', () => {
    const apiId = logicalIdOf('AWS::ApiGatewayV2::Api');
    const integrationId = logicalIdOf('AWS::ApiGatewayV2::Integration');
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: ref(apiId),
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [apiFunction().id, 'Arn'] },
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: ref(apiId),
      RouteKey: 'ANY /v1/{proxy+}',
      Target: { 'Fn::Join': ['', ['integrations/', ref(integrationId)]] },
    });
    const [, stage] = resourcesOf(synth.template, 'AWS::ApiGatewayV2::Stage')[0] as [string, Json];
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    const accessLogGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(synth.template.toJSON().Resources[accessLogGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });
});

describe('web: S3 behind CloudFront', () => {
  it('blocks all public access to the bucket, encrypts it and refuses plain HTTP', () => {
    const bucketId = logicalIdOf('AWS::S3::Bucket');
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.anyValue() })],
      },
    });
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('reads the bucket only through CloudFront origin access control', () => {
    const oacId = logicalIdOf('AWS::CloudFront::OriginAccessControl');
    const distributionId = logicalIdOf('AWS::CloudFront::Distribution');
    synth.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const config = synth.template.toJSON().Resources[distributionId].Properties.DistributionConfig;
    const s3Origin = config.Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    const policy = JSON.stringify(Object.values(synth.template.findResources('AWS::S3::BucketPolicy'))[0]);
    expect(policy).toContain('cloudfront.amazonaws.com');
    expect(policy).toContain(distributionId);
    expect(policy).not.toContain('"Principal":"*","Effect":"Allow"');
  });

  it('marks requests to the API with a per-stack secret the API checks before trusting the viewer address', () => {
    const distribution = resourcesOf(synth.template, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig;
    const apiOrigin = distribution.Origins.find((o: Json) => o.CustomOriginConfig);
    const header = apiOrigin.OriginCustomHeaders.find((h: Json) => h.HeaderName === EDGE_SECRET_HEADER);
    const expected = { 'Fn::Select': [2, { 'Fn::Split': ['/', ref('AWS::StackId')] }] };
    expect(header.HeaderValue).toEqual(expected);
    const gatehouseFunctions = resourcesOf(synth.template, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.PUBLIC_URL,
    );
    expect(gatehouseFunctions).toHaveLength(4);
    for (const [, fn] of gatehouseFunctions) expect(fn.Properties.Environment.Variables.EDGE_SECRET).toEqual(expected);
  });

  it('serves the SPA routes through the routing function and /v1/* from the HTTP API on the same origin', () => {
    const functionId = logicalIdOf('AWS::CloudFront::Function');
    synth.template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: SPA_ROUTING_FUNCTION_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    const distribution = Object.values(synth.template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors).toHaveLength(1);
    const api = config.CacheBehaviors[0];
    expect(api.PathPattern).toBe('/v1/*');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    const origin = config.Origins.find((o: Json) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(logicalIdOf('AWS::ApiGatewayV2::Api'));
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('sends the local server’s CSP, HSTS, frame-ancestors none and no-referrer with the web app', () => {
    const distribution = Object.values(synth.template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const policyId = distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    const headers = synth.template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: WEB_CSP, Override: true });
    expect(WEB_CSP).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(headers.StrictTransportSecurity.Override).toBe(true);
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
  });

  it('adds HSTS to API responses without replacing the API’s own CSP', () => {
    const distribution = Object.values(synth.template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const policyId = distribution.Properties.DistributionConfig.CacheBehaviors[0].ResponseHeadersPolicyId.Ref;
    const headers = synth.template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity.Override).toBe(true);
    expect(headers.ContentSecurityPolicy).toBeUndefined();
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: false });
  });

  it('writes /config.json at deploy time beside index.html and invalidates the cache', () => {
    const deployments = resourcesOf(synth.template, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties);
    const entry = deployments.find((d: Json) => d.DistributionPaths);
    expect(entry.DistributionPaths).toEqual(['/*']);
    expect(entry.Prune).toBe(false);
    expect(entry.SourceObjectKeys).toHaveLength(2);
    // The jsonData source is an asset of the assembly holding config.json.
    const configs = readdirSync(synth.assemblyDir)
      .map((name) => join(synth.assemblyDir, name, 'config.json'))
      .filter((file) => existsSync(file));
    expect(configs).toHaveLength(1);
    expect(JSON.parse(readFileSync(configs[0] as string, 'utf8'))).toEqual({ apiBaseUrl: '/v1', environment: 'production' });
  });
});

describe('Cognito', () => {
  it('creates the operators group and the test-login and operator app clients in the given pool', () => {
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      UserPoolId: ref('UserPoolId'),
      GroupName: OPERATORS_GROUP,
    });
    // The admin API's client (client credentials) is tested with the admin API.
    const clients = resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient')
      .map(([, r]) => r.Properties)
      .filter((c: Json) => c.ClientName !== 'gatehouse-api-client');
    expect(clients.map((c: Json) => c.ClientName).sort()).toEqual(['gatehouse-operator-console', 'gatehouse-test-login']);
    for (const client of clients) {
      expect(client.UserPoolId).toEqual(ref('UserPoolId'));
      expect(client.AllowedOAuthFlows).toEqual(['code']);
      expect(client.AllowedOAuthScopes).toContain('openid');
      expect(client.GenerateSecret).toBe(false);
    }
    const testClient = clients.find((c: Json) => c.ClientName === 'gatehouse-test-login');
    expect(JSON.stringify(testClient.CallbackURLs)).toContain(OAUTH_CALLBACK_PATHS.testLogin);
  });

  it('never touches the production app clients: their ids only reach the API’s environment', () => {
    const json = JSON.stringify(synth.template.toJSON().Resources);
    const uses = json.split('{"Ref":"AppClientIds"}').length - 1;
    expect(uses).toBe(4); // the API, jobs scheduler and worker, and event publisher functions' COGNITO_APP_CLIENT_IDS
  });

  it('grants exactly the cognito-idp actions the API calls, on the pool’s ARN only', () => {
    const statements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    // The API's and the monitoring workers' roles (the scheduler calls no Cognito); the trigger attachment's own (DescribeUserPool, UpdateUserPool) is
    // tested with the trigger.
    const cognitoStatements = statements.filter((s: Json) =>
      [s.Action].flat().some((action: string) => action === 'cognito-idp:CreateIdentityProvider'),
    );
    expect(cognitoStatements).toHaveLength(2); // one per function role
    const others = statements.filter(
      (s: Json) => !cognitoStatements.includes(s) && [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')),
    );
    expect(others.flatMap((s: Json) => s.Action).sort()).toEqual(['cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool']);
    for (const statement of cognitoStatements) {
      expect(statement.Effect).toBe('Allow');
      expect([...statement.Action].sort()).toEqual([...COGNITO_IDP_ACTIONS].sort());
      expect(statement.Resource).not.toBe('*');
      expect(JSON.stringify(statement.Resource)).toBe(
        JSON.stringify({
          'Fn::Join': [
            '',
            [
              'arn:',
              ref('AWS::Partition'),
              ':cognito-idp:',
              ref('AWS::Region'),
              ':',
              ref('AWS::AccountId'),
              ':userpool/',
              ref('UserPoolId'),
            ],
          ],
        }),
      );
    }
    for (const statement of statements) {
      expect([statement.Action].flat()).not.toContain('cognito-idp:*');
      if ([statement.Action].flat().some((a: string) => a.startsWith('cognito-idp:'))) {
        expect([statement.Resource].flat()).not.toContain('*');
      }
    }
  });
});

describe('schedules, alarms and outputs', () => {
  it('schedules every monitoring job on the jobs function', () => {
    const rules = resourcesOf(synth.template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(MONITORING_JOBS.length);
    for (const job of MONITORING_JOBS) {
      const rule = rules.find((r: Json) => JSON.parse(r.Targets[0].Input).job === job);
      expect(rule, job).toBeDefined();
      const [, amount, unit] = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(rule.ScheduleExpression) ?? [];
      const minutes = Number(amount) * { minute: 1, hour: 60, day: 24 * 60 }[unit as 'minute' | 'hour' | 'day'];
      expect(minutes).toBe(JOB_SCHEDULES[job].toMinutes());
      expect(rule.State).toBe('ENABLED');
      expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [jobsFunction().id, 'Arn'] });
      expect(rule.Targets[0].RetryPolicy.MaximumRetryAttempts).toBe(2);
    }
  });

  it('alarms on API 5xx, API Lambda errors and throttles, a failing job and new monitoring findings, to the alarm topic', () => {
    const topicId = logicalIdOf('AWS::SNS::Topic');
    const alarms = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const find = (namespace: string, metric: string, dimension: Json) =>
      alarms.filter(
        (a: Json) =>
          a.Namespace === namespace &&
          a.MetricName === metric &&
          JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension)),
      );
    const apiId = logicalIdOf('AWS::ApiGatewayV2::Api');
    expect(find('AWS/ApiGateway', '5xx', ref(apiId))).toHaveLength(1);
    expect(find('AWS/Lambda', 'Errors', ref(apiFunction().id))).toHaveLength(1);
    expect(find('AWS/Lambda', 'Throttles', ref(apiFunction().id))).toHaveLength(1);
    expect(find('AWS/Lambda', 'Errors', ref(jobsFunction().id))).toHaveLength(1);
    expect(alarms.filter((a: Json) => a.Namespace === 'Gatehouse' && a.MetricName === 'MonitoringFindings')).toHaveLength(1);
    const filter = resourcesOf(synth.template, 'AWS::Logs::MetricFilter')
      .map(([, r]) => r.Properties)
      .find((f: Json) => f.MetricTransformations[0].MetricName === 'MonitoringFindings');
    // The pattern matches the checks' own warn line (services/monitoring/context.ts), on the workers' log group.
    expect(filter.FilterPattern).toBe('{ $.msg = "monitoring finding" }');
    expect(filter.LogGroupName).toEqual(jobsWorkerFunction().props.LoggingConfig.LogGroup);
    expect(filter.MetricTransformations).toEqual([
      { MetricNamespace: 'Gatehouse', MetricName: 'MonitoringFindings', MetricValue: '1' },
    ]);
    expect(find('AWS/Lambda', 'Errors', ref(eventsFunction().id))).toHaveLength(1);
    expect(
      find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [eventsDeadLetterQueueId(), 'QueueName'] }),
    ).toHaveLength(1);
    // And the tenant claims and SSO enforcement triggers' errors (tested with the triggers), and the
    // monitoring queue's dead letters and overrun runs (tested in monitoring-queue.test.ts).
    expect(alarms).toHaveLength(11);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([ref(topicId)]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    synth.template.hasResource('AWS::SNS::Subscription', { Condition: 'HasAlarmEmail' });
  });

  it('outputs the portal URL and the API URL on the same origin', () => {
    const outputs = synth.template.toJSON().Outputs;
    expect(JSON.stringify(outputs.PortalUrl.Value)).toContain('HasPortalDomain');
    expect(outputs.ApiUrl.Value['Fn::Join'][1].at(-1)).toBe('/v1');
    expect(outputs.ApiUrl.Value['Fn::Join'][1][0]).toEqual(outputs.PortalUrl.Value);
    expect(outputs.TableName.Value).toEqual(ref(logicalIdOf('AWS::DynamoDB::Table')));
  });
});

describe('events: outbox stream to the EventBridge bus', () => {
  it('streams the table’s new images to the event publisher, filtered to new outbox items', () => {
    const table = resourcesOf(synth.template, 'AWS::DynamoDB::Table')[0]?.[1].Properties;
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const [mapping, ...others] = resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')
      .map(([, r]) => r.Properties)
      .filter((m: Json) => JSON.stringify(m.FunctionName) === JSON.stringify(ref(eventsFunction().id)));
    expect(others).toEqual([]);
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalIdOf('AWS::DynamoDB::Table'), 'StreamArn'] });
    expect(mapping.FunctionName).toEqual(ref(eventsFunction().id));
    expect(mapping.StartingPosition).toBe('TRIM_HORIZON');
    // Only the records of events that failed are retried; what still fails goes to the dead-letter queue.
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(mapping.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [eventsDeadLetterQueueId(), 'Arn'] });
    const [filter] = mapping.FilterCriteria.Filters;
    expect(JSON.parse(filter.Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { type: { S: [OUTBOX_ITEM_TYPE] } } },
    });
  });

  it('lets the publisher put events on the stack’s bus only, and names the bus to every function', () => {
    const busId = logicalIdOf('AWS::Events::EventBus');
    const statements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
    const puts = statements.filter((statement: Json) => [statement.Action].flat().includes('events:PutEvents'));
    expect(puts).toHaveLength(1);
    expect(puts[0].Resource).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    for (const fn of [apiFunction(), jobsFunction(), jobsWorkerFunction(), eventsFunction()]) {
      expect(fn.props.Environment.Variables.EVENT_BUS_NAME).toEqual(ref(busId));
    }
  });

  it('keeps undeliverable batches for two weeks, encrypted, and outputs the bus for the SaaS’s rules', () => {
    const queue = synth.template.toJSON().Resources[eventsDeadLetterQueueId()].Properties;
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    const outputs = synth.template.toJSON().Outputs;
    const busId = logicalIdOf('AWS::Events::EventBus');
    expect(outputs.EventBusName.Value).toEqual(ref(busId));
    expect(outputs.EventBusArn.Value).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
  });
});
