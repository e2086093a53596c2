import { CfnCondition, CfnParameter, CfnRule, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * The stack's CloudFormation parameters and the conditions drawn from them: everything that differs
 * between deployments, so the synthesised template is the same for every account.
 *
 * Not a construct of its own: each parameter is created directly in `scope` (the stack), so its logical
 * ID is its id here, as deploy scripts and `--parameters` name it.
 */
export class StackParameters {
  /** Id of the existing Cognito user pool Gatehouse manages. */
  readonly userPoolId: CfnParameter;
  /** The pool's managed-login domain, host only. */
  readonly userPoolDomain: CfnParameter;
  /** The SaaS's production app client ids, comma-separated. */
  readonly appClientIds: CfnParameter;
  readonly portalDomainName: CfnParameter;
  readonly portalCertificateArn: CfnParameter;
  readonly alarmEmail: CfnParameter;
  /** `attach` or `skip`: the tenant claims trigger. */
  readonly tenantClaimsTrigger: CfnParameter;
  /** `attach` or `skip`: the SSO enforcement triggers. */
  readonly ssoEnforcementTriggers: CfnParameter;
  readonly webAclArn: CfnParameter;
  readonly hasWebAcl: CfnCondition;
  readonly hasPortalDomain: CfnCondition;
  readonly hasAlarmEmail: CfnCondition;

  constructor(scope: Construct) {
    this.userPoolId = new CfnParameter(scope, 'UserPoolId', {
      type: 'String',
      description: 'Id of the existing Cognito user pool Gatehouse manages (same Region as this stack).',
      allowedPattern: '[\\w-]+_[0-9a-zA-Z]+',
      constraintDescription: 'a user pool id such as eu-west-1_AbC123xyZ',
    });
    this.userPoolDomain = new CfnParameter(scope, 'UserPoolDomain', {
      type: 'String',
      description: 'The pool’s managed-login domain, host only: auth.example.com or <prefix>.auth.<region>.amazoncognito.com.',
      allowedPattern: '[a-z0-9.-]+',
      constraintDescription: 'a host name without scheme or path',
    });
    this.appClientIds = new CfnParameter(scope, 'AppClientIds', {
      type: 'String',
      description: 'The SaaS’s production app client ids, comma-separated: activated IdPs are enabled on these.',
      allowedPattern: '[\\w+]+(,[\\w+]+)*',
      constraintDescription: 'one or more app client ids separated by commas, no spaces',
    });
    this.portalDomainName = new CfnParameter(scope, 'PortalDomainName', {
      type: 'String',
      default: '',
      description: 'Optional custom domain for the portal (e.g. sso.example.com); empty uses the CloudFront domain.',
      allowedPattern: '([a-z0-9.-]+)?',
    });
    this.portalCertificateArn = new CfnParameter(scope, 'PortalCertificateArn', {
      type: 'String',
      default: '',
      description: 'ACM certificate in us-east-1 covering PortalDomainName; required when PortalDomainName is set.',
      allowedPattern: '(arn:aws[\\w-]*:acm:us-east-1:\\d{12}:certificate/[\\w-]+)?',
      constraintDescription: 'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates there)',
    });
    this.alarmEmail = new CfnParameter(scope, 'AlarmEmail', {
      type: 'String',
      default: '',
      description: 'Optional email address subscribed to the alarm topic.',
    });

    this.tenantClaimsTrigger = new CfnParameter(scope, 'TenantClaimsTrigger', {
      type: 'String',
      default: 'attach',
      allowedValues: ['attach', 'skip'],
      description:
        'attach: make Gatehouse’s pre token generation trigger (V2_0, tenant_id in ID and access tokens) the pool’s, restoring the previous one when the stack is deleted; needs the Essentials or Plus feature plan. skip: deploy the trigger function without attaching it.',
    });
    this.ssoEnforcementTriggers = new CfnParameter(scope, 'SsoEnforcementTriggers', {
      type: 'String',
      default: 'attach',
      allowedValues: ['attach', 'skip'],
      description:
        'attach: make Gatehouse’s SSO enforcement the pool’s Pre Authentication and Pre Sign-up trigger (restoring the previous ones when the stack is deleted). skip: deploy it without attaching.',
    });
    this.webAclArn = new CfnParameter(scope, 'WebAclArn', {
      type: 'String',
      default: '',
      description:
        'Optional: the AWS WAF web ACL (CLOUDFRONT scope, in us-east-1) for the portal, e.g. the WebAclArn output of the GatehouseEdge stack.',
      allowedPattern: '(arn:aws[\\w-]*:wafv2:us-east-1:\\d{12}:global/webacl/[\\w-]+/[\\w-]+)?',
      constraintDescription: 'a WAFv2 web ACL ARN of the CLOUDFRONT scope (us-east-1, global/webacl/...)',
    });
    this.hasWebAcl = new CfnCondition(scope, 'HasWebAcl', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.webAclArn.valueAsString, '')),
    });
    this.hasPortalDomain = new CfnCondition(scope, 'HasPortalDomain', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.portalDomainName.valueAsString, '')),
    });
    new CfnRule(scope, 'PortalDomainNeedsCertificate', {
      ruleCondition: Fn.conditionNot(Fn.conditionEquals(this.portalDomainName.valueAsString, '')),
      assertions: [
        {
          assert: Fn.conditionNot(Fn.conditionEquals(this.portalCertificateArn.valueAsString, '')),
          assertDescription: 'PortalCertificateArn is required when PortalDomainName is set.',
        },
      ],
    });
    this.hasAlarmEmail = new CfnCondition(scope, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.alarmEmail.valueAsString, '')),
    });
  }
}
