/**
 * What the CDK app in infra/ must agree on with the API, in one import: the environment it sets, the
 * table it creates (and the outbox items its stream filter picks), the headers CloudFront sends, the Cognito
 * actions it allows and the jobs it schedules.
 */
export { COGNITO_IDP_ACTIONS, type CognitoIdpAction, OAUTH_CALLBACK_PATHS, OPERATORS_GROUP } from './cognito-access.ts';
export { EDGE_SECRET_HEADER, ENV_KEYS, type Env, type EnvKey, envDefault, isValidEnvValue } from './env.ts';
export { MACHINE_SCOPES, type MachineScope } from './http/machine-access.ts';
export { FINDING_LOG_MESSAGE, MONITORING_FANOUT, MONITORING_JOBS, type MonitoringJob, RUN_OVERRAN_LOG_MESSAGE } from './jobs.ts';
export { WEB_CSP, type WebRuntimeConfig } from './static.ts';
export { OUTBOX_ITEM_TYPE } from './store/outbox.ts';
export { TABLE_KEYS, tableDefinition } from './store/table.ts';
