import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import type { PublicDeps } from './deps.ts';
import { createPublicApp, PUBLIC_PATHS } from './public-app.ts';

export type LambdaHandler = (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;

const pathOf = (event: LambdaEvent): string => ('rawPath' in event ? event.rawPath : event.path);

/**
 * The Lambda handler: the public paths from the small public app over `deps`, everything else from
 * the full app's handler, which `loadFull()` imports on the first request that needs it and which is
 * kept for the life of the instance (a failed import is tried again on the next request). The two
 * apps share the edge middleware and the error answers, so a request gets the same answer from either.
 */
export function createLambdaHandler(deps: PublicDeps, loadFull: () => Promise<LambdaHandler>): LambdaHandler {
  const publicHandler: LambdaHandler = handle(createPublicApp(deps));
  let fullHandler: Promise<LambdaHandler> | undefined;
  return async (event, context) => {
    if (PUBLIC_PATHS.has(pathOf(event))) return publicHandler(event, context);
    fullHandler ??= loadFull().catch((error: unknown) => {
      fullHandler = undefined;
      throw error;
    });
    return (await fullHandler)(event, context);
  };
}
