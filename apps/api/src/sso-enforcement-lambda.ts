import { createLogger } from './logger.ts';
import { ssoEnforcementTriggerFor } from './sso-enforcement/index.ts';
import { loadTriggerConfig } from './triggers/env.ts';

/**
 * AWS Lambda entry point of Gatehouse's SSO enforcement, attached to the SaaS's user pool as both its Pre
 * Authentication and its Pre Sign-up trigger. Its own small bundle: the signed DynamoDB reader and the
 * rules, no AWS SDK.
 */
const config = loadTriggerConfig();
export const handler = ssoEnforcementTriggerFor(config, createLogger(config.logLevel));
