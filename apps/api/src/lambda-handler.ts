import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import type { AppDeps } from './deps.ts';
import { createPublicApp, PUBLIC_PATHS } from './public-app.ts';

type Handler = (event: LambdaEvent, context?: LambdaContext) => Promise<APIGatewayProxyResult>;

const pathOf = (event: LambdaEvent): string => ('rawPath' in event ? event.rawPath : event.path);

/**
 * The Lambda handler over `deps`: the public paths from the small public app, everything else from the
 * full app, imported on the first request that needs it and kept for the life of the instance. Both
 * apps share the deps, the edge middleware and the error answers, so a request gets the same answer
 * from either.
 */
export function createLambdaHandler(deps: AppDeps): Handler {
  const publicHandler: Handler = handle(createPublicApp(deps));
  let fullHandler: Promise<Handler> | undefined;
  const loadFull = () =>
    import('./app.ts')
      .then(({ createApp }): Handler => handle(createApp(deps)))
      .catch((error: unknown) => {
        fullHandler = undefined;
        throw error;
      });
  return async (event, context) => {
    if (PUBLIC_PATHS.has(pathOf(event))) return publicHandler(event, context);
    fullHandler ??= loadFull();
    return (await fullHandler)(event, context);
  };
}
