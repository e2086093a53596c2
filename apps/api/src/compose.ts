import type { AppDeps } from './deps.ts';
import type { Config } from './env.ts';
import { createLogger } from './logger.ts';
import { connectDynamo } from './store/table.ts';
import { DynamoTenantStore } from './store/tenant-store.ts';

/** Production wiring: real DynamoDB (or DynamoDB Local when an endpoint is configured), real clock. */
export function depsFromConfig(config: Config): AppDeps {
  const dynamo = connectDynamo({ tableName: config.tableName, region: config.region, endpoint: config.dynamoEndpoint });
  return {
    config,
    tenants: new DynamoTenantStore(dynamo),
    logger: createLogger(config.logLevel),
    now: () => new Date(),
  };
}
