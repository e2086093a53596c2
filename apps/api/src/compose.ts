import type { CognitoGateway } from './cognito/gateway.ts';
import type { AppDeps } from './deps.ts';
import { nodeTxtResolver } from './dns.ts';
import type { Config } from './env.ts';
import { InMemoryEventBus } from './events/publisher.ts';
import { lazyFunction, lazyMethods } from './lazy.ts';
import { createLogger } from './logger.ts';
import { DynamoAuditStore } from './store/audit-store.ts';
import { DynamoBrandingStore } from './store/branding-store.ts';
import { DynamoConnectionStore } from './store/connection-store.ts';
import { DynamoDomainStore } from './store/domain-store.ts';
import { createItemReader } from './store/item-reader.ts';
import { dynamoLeases } from './store/lease.ts';
import { DynamoMonitoringStore } from './store/monitoring-store.ts';
import { DynamoOperatorStore } from './store/operator-store.ts';
import { DynamoOutboxStore } from './store/outbox.ts';
import { connectDynamo } from './store/table.ts';
import { DynamoTenantStore } from './store/tenant-store.ts';
import { DynamoTestLoginStore } from './store/test-login-store.ts';

/**
 * Wires the app's dependencies from configuration: DynamoDB (or DynamoDB Local when an endpoint is
 * configured) and the real clock. Tests and the local stack override the logger and the clock only;
 * the Lambda hands over the logger and item reader it built for the public routes.
 * The Cognito client, the ID-token verifier and the guarded fetcher are imported on first use: the
 * discovery path needs none of them, and its cold start should not pay for them.
 */
export function depsFromConfig(config: Config, overrides: Partial<Pick<AppDeps, 'logger' | 'now' | 'items'>> = {}): AppDeps {
  const dynamo = connectDynamo({ tableName: config.tableName, region: config.region, endpoint: config.dynamoEndpoint });
  return {
    config,
    tenants: new DynamoTenantStore(dynamo),
    connections: new DynamoConnectionStore(dynamo),
    operators: new DynamoOperatorStore(dynamo),
    cognito: lazyMethods<CognitoGateway>({ userPoolId: config.cognito.userPoolId }, async () => {
      const { SdkCognitoGateway } = await import('./cognito/gateway.ts');
      return new SdkCognitoGateway(config.cognito.userPoolId, {
        region: config.region,
        endpoint: config.cognito.endpoint,
        lease: dynamoLeases(dynamo),
      });
    }),
    testLogins: new DynamoTestLoginStore(dynamo),
    verifyIdToken: lazyFunction(async () => (await import('./cognito/id-token.ts')).createIdTokenVerifier(config.cognito)),
    fetchUrl: lazyFunction(async () =>
      (await import('@gatehouse/guarded-fetch')).createGuardedFetch({ allowPrivateNetwork: config.allowPrivateNetwork }),
    ),
    domains: new DynamoDomainStore(dynamo),
    items: overrides.items ?? createItemReader(config),
    audit: new DynamoAuditStore(dynamo),
    branding: new DynamoBrandingStore(dynamo),
    monitoring: new DynamoMonitoringStore(dynamo),
    outbox: new DynamoOutboxStore(dynamo),
    localEvents: config.eventBusName ? null : new InMemoryEventBus(),
    dns: nodeTxtResolver(config.dns),
    logger: overrides.logger ?? createLogger(config.logLevel),
    now: overrides.now ?? (() => new Date()),
  };
}
