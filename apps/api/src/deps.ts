import type { FetchedDocument } from '@gatehouse/guarded-fetch';
import type { CognitoGateway } from './cognito/gateway.ts';
import type { IdTokenVerifier } from './cognito/id-token.ts';
import type { TxtResolver } from './dns.ts';
import type { Config } from './env.ts';
import type { InMemoryEventBus } from './events/publisher.ts';
import type { Logger } from './logger.ts';
import type { ResolvedSetupSession } from './services/setup-sessions.ts';
import type { AuditStore } from './store/audit-store.ts';
import type { BrandingStore } from './store/branding-store.ts';
import type { ConnectionStore } from './store/connection-store.ts';
import type { DomainStore } from './store/domain-store.ts';
import type { ItemReader } from './store/item-reader.ts';
import type { MonitoringStore } from './store/monitoring-store.ts';
import type { OperatorStore, StoredOperatorSession } from './store/operator-store.ts';
import type { OutboxStore } from './store/outbox.ts';
import type { TenantStore } from './store/tenant-store.ts';
import type { TestLoginStore } from './store/test-login-store.ts';

/** Everything the app needs from the outside world, handed to createApp() in one place. */
export interface AppDeps {
  config: Config;
  tenants: TenantStore;
  connections: ConnectionStore;
  /** Operator login attempts and sessions. */
  operators: OperatorStore;
  cognito: CognitoGateway;
  /** Test-login attempts and results. */
  testLogins: TestLoginStore;
  /** Verifies ID tokens of the test-login app client (issuer, audience, RS256, nonce). */
  verifyIdToken: IdTokenVerifier;
  /** Fetches customer-supplied URLs (metadata, discovery, JWKS) through the SSRF guard. */
  fetchUrl: (url: string, init?: { accept?: string }) => Promise<FetchedDocument>;
  domains: DomainStore;
  /** Single-item reads without the AWS SDK: what discovery reads domain routes with. */
  items: ItemReader;
  /** The append-only audit log. */
  audit: AuditStore;
  /** The operator's branding of the setup wizard. */
  branding: BrandingStore;
  /** What the monitoring jobs found: per-connection health and each job's last run. */
  monitoring: MonitoringStore;
  /** The event outbox: services write events into it with their changes; a drainer or the stream consumer publishes them. */
  outbox: OutboxStore;
  /** The in-memory bus events are drained into locally and in tests; null in AWS, where they go to EventBridge. */
  localEvents: InMemoryEventBus | null;
  /** TXT lookups for domain verification (servers from DNS_SERVERS). */
  dns: TxtResolver;
  logger: Logger;
  /** The clock; tests move it. */
  now: () => Date;
}

/**
 * What the public routes (health, discovery) and the edge middleware need. The Lambda builds only this
 * for a discovery cold start; the rest of AppDeps (the SDK stores, Cognito) loads with the full app.
 */
export type PublicDeps = Pick<AppDeps, 'config' | 'logger' | 'now' | 'items'>;

/** Hono context variables set by the middleware in http/. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The headers the edge puts on this request's answer, besides X-Request-Id (see http/edge.ts). */
    edgeHeaders: Record<string, string>;
    /** The answer sendJson() made with the edge headers already on it. */
    completeAnswer: Response;
    setup: ResolvedSetupSession;
    operator: StoredOperatorSession;
    /** The API client that called the admin API with a token (http/machine-access.ts). */
    client: MachineClient;
  };
}

/** An API client that called the admin API with a verified token. */
export interface MachineClient {
  clientId: string;
  scopes: string[];
}
