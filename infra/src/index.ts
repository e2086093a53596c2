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
export { ENV_KEYS_NOT_SET, GatehouseStack, type GatehouseStackProps, JOB_SCHEDULES } from './gatehouse-stack.ts';
export { MONITORING_WORKER_TIMEOUT, MonitoringQueue } from './monitoring-queue.ts';
export { SPA_ROUTE_PREFIXES, SPA_ROUTING_FUNCTION_CODE } from './spa-routing.ts';
