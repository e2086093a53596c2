import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import type { AppEnv, PublicDeps } from './deps.ts';
import { useEdgeMiddleware, useErrorAnswers } from './http/edge.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { healthRoutes } from './routes/health.ts';

/** The paths the public app answers; every other path belongs to the full app in app.ts. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/v1/health', '/v1/discovery']);

/**
 * The API's public routes alone (health and discovery), with the same edge middleware and error answers
 * as createApp(). The Lambda serves these paths from this app, so a cold start on the login page's
 * discovery call loads neither the AWS SDK nor zod, nor the setup wizard's or the console's
 * code (SAML and OIDC analysis, the Cognito client, sessions).
 */
export function createPublicApp(deps: PublicDeps) {
  const app = new Hono<AppEnv>();
  useEdgeMiddleware(app, deps);
  app.route('/v1', healthRoutes(deps));
  app.route('/v1', discoveryRoutes(deps));
  useErrorAnswers(app);
  return app;
}

/** A fetch handler, as Hono's app.fetch and @hono/node-server's serve() take it. */
export type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * The Node server's dispatch, the same as the Lambda's (lambda-handler.ts): the public paths answered by
 * the public app over `deps`, every other request by `rest` (the full app). A discovery call then runs
 * the same code locally as in AWS, and does not pass through the full app's router and middleware.
 */
export function publicPathsFirst(deps: PublicDeps, rest: FetchHandler): FetchHandler {
  const publicApp = createPublicApp(deps);
  return (request, env) => (PUBLIC_PATHS.has(getPath(request)) ? publicApp.fetch(request, env) : rest(request, env));
}
