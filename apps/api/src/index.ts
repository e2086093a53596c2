export { createApp, type GatehouseApp, MAX_BODY_BYTES } from './app.ts';
export { depsFromConfig } from './compose.ts';
export type { AppDeps } from './deps.ts';
export { type DnsOptions, nodeTxtResolver, type TxtLookup, type TxtResolver } from './dns.ts';
export { type Config, configFromEnv, loadConfig, testConfig } from './env.ts';
export {
  type InProcessRunOptions,
  isMonitoringJob,
  type JobDeps,
  type JobResult,
  MONITORING_CONCURRENCY,
  MONITORING_FANOUT,
  MONITORING_JOBS,
  runJob,
} from './jobs.ts';
export { createLogger, type Logger, redact } from './logger.ts';
export { type FetchHandler, publicPathsFirst } from './public-app.ts';
export { activateRevision, refreshLiveProvider } from './services/activation.ts';
export { audit, jobActor } from './services/audit.ts';
export { saveSamlDetails } from './services/connection-details.ts';
export { createConnection } from './services/connections.ts';
export { addDomain, reverifyDomain, verifyDomain } from './services/domains.ts';
export { backfillLiveIndex, backfillProviderIndex, backfillReviewQueue } from './services/provider-index.ts';
export { issueSetupLink, listSetupLinks, revokeSetupLink, setupLinkUrl } from './services/setup-links.ts';
export { startRevision, submitForReview } from './services/submission.ts';
export { createTenant, requireTenant } from './services/tenants.ts';
export {
  type ConnectionStore,
  DynamoConnectionStore,
  type StoredConnection,
  type StoredRevision,
} from './store/connection-store.ts';
export { type DomainStore, DynamoDomainStore, type StoredDomainClaim } from './store/domain-store.ts';
export { DynamoMonitoringStore, type MonitoringStore } from './store/monitoring-store.ts';
export { approvedConnection, approvedRevision } from './store/seed.ts';
export { connectDynamo, type DynamoConnection, ensureTable, TABLE_KEYS, tableDefinition } from './store/table.ts';
export { DynamoTenantStore, type TenantStore } from './store/tenant-store.ts';
