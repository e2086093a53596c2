import { createLogger } from './logger.ts';
import { loadTriggerConfig, tenantClaimsTriggerFor } from './tenant-claims/index.ts';

/**
 * AWS Lambda entry point of the Pre Token Generation trigger (V2_0) that the CDK app attaches to the
 * SaaS's user pool. Its own small bundle: the signed DynamoDB reader and the rules, no AWS SDK.
 */
const config = loadTriggerConfig();
export const handler = tenantClaimsTriggerFor(config, createLogger(config.logLevel));
