import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { depsFromConfig } from './compose.ts';
import type { PublicDeps } from './deps.ts';

/**
 * The API Lambda's full app: every route off the public paths, over the SDK stores. lambda.ts imports
 * this module on the first request that needs it, and the bundler builds it apart from the public
 * entry (infra/src/bundle.ts), so what it loads never weighs on a discovery cold start.
 */
export function fullLambdaHandler(deps: PublicDeps) {
  return handle(createApp(depsFromConfig(deps.config, { logger: deps.logger, items: deps.items, now: deps.now })));
}
