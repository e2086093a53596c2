import type { PublicDeps } from './deps.ts';
import { loadConfig } from './env.ts';
import { createLambdaHandler } from './lambda-handler.ts';
import { createLogger } from './logger.ts';
import { createItemReader } from './store/item-reader.ts';

/**
 * AWS Lambda entry point (API Gateway HTTP API, payload format 2.0). A cold start builds only what
 * the public routes need; the SDK stores and every other route load with lambda-full.ts on the first
 * request off the public paths.
 */
const config = loadConfig();
const deps: PublicDeps = {
  config,
  logger: createLogger(config.logLevel),
  now: () => new Date(),
  items: createItemReader(config),
};

export const handler = createLambdaHandler(deps, async () => (await import('./lambda-full.ts')).fullLambdaHandler(deps));
