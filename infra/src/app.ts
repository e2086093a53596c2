import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { EdgeProtectionStack } from './edge-protection-stack.ts';
import { GatehouseStack } from './gatehouse-stack.ts';

export interface SynthOptions {
  /** Where the cloud assembly (templates and assets) is written. */
  outdir: string;
  lambdaBundleDir: string;
  triggerBundleDir: string;
  webDistDir: string;
  version: string;
  stackName?: string;
  /** Extra CDK context, e.g. from `--context key=value`. */
  context?: Record<string, string>;
}

/**
 * The CDK feature flags recommended when this app was created, pinned in infra/cdk.json (as `cdk init`
 * does) so that upgrading aws-cdk-lib never changes what an existing deployment's resources look like.
 */
const FEATURE_FLAGS = (
  JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

/**
 * Builds the CDK app in-process (no CDK CLI, no network): one environment-agnostic stack whose
 * deployment-specific values are CloudFormation parameters, and the optional edge protection stack (the
 * WAF web ACL, in us-east-1) whose ARN the first takes as a parameter.
 */
export function createGatehouseApp(options: SynthOptions): { app: App; stack: GatehouseStack; edge: EdgeProtectionStack } {
  const app = new App({ outdir: options.outdir, context: { ...FEATURE_FLAGS, ...options.context } });
  const stack = new GatehouseStack(app, options.stackName ?? 'Gatehouse', {
    description: 'Gatehouse: self-service SSO onboarding for an existing Amazon Cognito user pool',
    lambdaBundleDir: options.lambdaBundleDir,
    triggerBundleDir: options.triggerBundleDir,
    webDistDir: options.webDistDir,
    version: options.version,
  });
  // CloudFront's web ACLs live in us-east-1 only: the edge protection is a stack of its own there.
  const edge = new EdgeProtectionStack(app, `${options.stackName ?? 'Gatehouse'}Edge`, {
    description: 'Gatehouse: AWS WAF web ACL for the portal’s CloudFront distribution (deploy in us-east-1)',
    env: { region: 'us-east-1' },
  });
  return { app, stack, edge };
}
