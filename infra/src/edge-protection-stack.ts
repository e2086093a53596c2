import { CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** A rate-based rule: at most `limit` requests per client address in 5 minutes to paths under `prefixes`. */
function rateRule(name: string, priority: number, limit: number, prefixes: string[]): wafv2.CfnWebACL.RuleProperty {
  const pathStarts = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  });
  return {
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        aggregateKeyType: 'IP',
        scopeDownStatement:
          prefixes.length === 1 ? pathStarts(prefixes[0] ?? '/') : { orStatement: { statements: prefixes.map(pathStarts) } },
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

/** An AWS managed rule group, with rules to count rather than block. */
function managedGroup(name: string, priority: number, countOnly: string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length
          ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
          : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

/**
 * The portal's edge protection: an AWS WAF web ACL for its CloudFront distribution. CloudFront takes web
 * ACLs of the CLOUDFRONT scope only, which exist in us-east-1 alone, so this is a stack of its own, deployed
 * there; the main stack takes its ARN (parameter WebAclArn). Rules, in order:
 * - discovery: a rate limit per client address, so one client flooding the login pages' lookup is blocked
 *   at the edge (the API's own per-address limit stays as the second line);
 * - the wizard and the console (/v1/setup, /v1/admin, /setup, /admin): a looser rate limit per address;
 * - AWS's IP reputation list, known bad inputs, and the common rule set, whose body-size rule only counts:
 *   a SAML metadata file is a legitimate body of up to 400 KB (the API refuses larger ones by length).
 */
export class EdgeProtectionStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const discoveryLimit = new CfnParameter(this, 'DiscoveryRequestsPer5Minutes', {
      type: 'Number',
      default: 600,
      minValue: 100,
      description: 'Discovery lookups one client address may make in 5 minutes before the edge blocks it.',
    });
    const portalLimit = new CfnParameter(this, 'PortalRequestsPer5Minutes', {
      type: 'Number',
      default: 3000,
      minValue: 100,
      description: 'Requests to the setup wizard and the operator console one client address may make in 5 minutes.',
    });
    const rules = [
      rateRule('DiscoveryRate', 0, discoveryLimit.valueAsNumber, ['/v1/discovery']),
      rateRule('PortalRate', 1, portalLimit.valueAsNumber, ['/v1/setup', '/v1/admin', '/setup', '/admin']),
      managedGroup('AWSManagedRulesAmazonIpReputationList', 2),
      managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
      managedGroup('AWSManagedRulesCommonRuleSet', 4, ['SizeRestrictions_BODY']),
    ];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${this.stackName}-portal`,
      description: 'Gatehouse portal: rate limits on discovery and the portal, AWS managed rule groups',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'GatehousePortal', sampledRequestsEnabled: true },
    });
    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: 'Pass to the Gatehouse stack as its WebAclArn parameter',
    });
  }
}
