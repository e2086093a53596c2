export { createGatehouseApp, type SynthOptions } from './app.ts';
export {
  bundleLambdas,
  bundleTriggerLambdas,
  LAMBDA_ENTRIES,
  LAMBDA_NODE_TARGET,
  type LambdaBundle,
  TRIGGER_ENTRIES,
  type TriggerBundles,
} from './bundle.ts';
export {
  cloudFormationExecutionPolicy,
  type DeployerPolicyOptions,
  deployerPolicy,
  type PolicyDocument,
} from './deployer-policy.ts';
export { EdgeProtectionStack } from './edge-protection-stack.ts';
export { GatehouseStack, type GatehouseStackProps } from './gatehouse-stack.ts';
export { ENV_KEYS_NOT_SET } from './lambda-functions.ts';
export { JOB_SCHEDULES } from './monitoring-jobs.ts';
export { MONITORING_WORKER_TIMEOUT, MonitoringQueue } from './monitoring-queue.ts';
export { SPA_ROUTE_PREFIXES, SPA_ROUTING_FUNCTION_CODE } from './spa-routing.ts';
