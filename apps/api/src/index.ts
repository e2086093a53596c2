export { createApp, type GatehouseApp, MAX_BODY_BYTES } from './app.ts';
export { depsFromConfig } from './compose.ts';
export type { AppDeps } from './deps.ts';
export { type Config, configFromEnv, loadConfig, testConfig } from './env.ts';
export { createLogger, type Logger, redact } from './logger.ts';
export { issueSetupLink, listSetupLinks, revokeSetupLink, setupLinkUrl } from './services/setup-links.ts';
export { createTenant, requireTenant } from './services/tenants.ts';
export { connectDynamo, type DynamoConnection, ensureTable, TABLE_KEYS, tableDefinition } from './store/table.ts';
export { DynamoTenantStore, type TenantStore } from './store/tenant-store.ts';
