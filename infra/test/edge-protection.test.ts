import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatehouseApp } from '../src/app.ts';
import { type Json, resourcesOf } from './synth.ts';

let edge: Template;
let main: Template;
beforeAll(() => {
  const {
    app,
    stack,
    edge: edgeStack,
  } = createGatehouseApp({
    outdir: mkdtempSync(join(tmpdir(), 'gatehouse-edge-')),
    lambdaBundleDir: inject('lambdaBundleDir'),
    triggerBundleDir: inject('triggerBundleDir'),
    webDistDir: inject('webDistDir'),
    version: '1.2.3-test',
  });
  app.synth();
  edge = Template.fromStack(edgeStack);
  main = Template.fromStack(stack);
  expect(edgeStack.region).toBe('us-east-1');
});

const rules = () => (resourcesOf(edge, 'AWS::WAFv2::WebACL')[0]?.[1].Properties.Rules ?? []) as Json[];
const rule = (name: string) => rules().find((r: Json) => r.Name === name);

describe('edge protection (AWS WAF on the portal’s CloudFront)', () => {
  it('is a CloudFront web ACL that allows by default and blocks what its rules match', () => {
    const [[, acl]] = resourcesOf(edge, 'AWS::WAFv2::WebACL') as [[string, Json]];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(rules().map((r: Json) => r.Priority)).toEqual([0, 1, 2, 3, 4]);
  });

  it('limits discovery per client address, apart from the wizard and the console', () => {
    const discovery = rule('DiscoveryRate');
    expect(discovery.Action).toEqual({ Block: {} });
    expect(discovery.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
    expect(discovery.Statement.RateBasedStatement.Limit).toEqual({ Ref: 'DiscoveryRequestsPer5Minutes' });
    expect(discovery.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement).toMatchObject({
      SearchString: '/v1/discovery',
      PositionalConstraint: 'STARTS_WITH',
    });
    const portal = rule('PortalRate');
    expect(portal.Statement.RateBasedStatement.Limit).toEqual({ Ref: 'PortalRequestsPer5Minutes' });
    const prefixes = portal.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (s: Json) => s.ByteMatchStatement.SearchString,
    );
    expect(prefixes.sort()).toEqual(['/admin', '/setup', '/v1/admin', '/v1/setup']);
  });

  it('adds AWS’s managed rule groups, counting (not blocking) large bodies: metadata files are legitimately large', () => {
    for (const name of [
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ]) {
      expect(rule(name)?.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS', Name: name });
      expect(rule(name)?.OverrideAction).toEqual({ None: {} });
    }
    expect(rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('is attached to the distribution when the main stack is given its ARN, and not otherwise', () => {
    const json = main.toJSON();
    expect(json.Parameters.WebAclArn.Default).toBe('');
    const pattern = new RegExp(`^(?:${json.Parameters.WebAclArn.AllowedPattern})$`);
    expect(pattern.test('arn:aws:wafv2:us-east-1:123456789012:global/webacl/GatehouseEdge-portal/0a1b2c3d')).toBe(true);
    expect(pattern.test('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y')).toBe(false);
    const [[, distribution]] = resourcesOf(main, 'AWS::CloudFront::Distribution') as [[string, Json]];
    expect(distribution.Properties.DistributionConfig.WebACLId).toEqual({
      'Fn::If': ['HasWebAcl', { Ref: 'WebAclArn' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('throttles discovery on an API route of its own, so a flood of lookups cannot starve the wizard', () => {
    const routes = resourcesOf(main, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    expect(routes).toEqual(['ANY /v1/{proxy+}', 'POST /v1/discovery']);
    const [[, stage]] = resourcesOf(main, 'AWS::ApiGatewayV2::Stage') as [[string, Json]];
    const discovery = stage.Properties.RouteSettings['POST /v1/discovery'];
    expect(discovery.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(discovery.ThrottlingBurstLimit).toBeGreaterThanOrEqual(discovery.ThrottlingRateLimit);
  });
});
