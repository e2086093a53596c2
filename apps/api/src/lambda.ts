import { depsFromConfig } from './compose.ts';
import { loadConfig } from './env.ts';
import { createLambdaHandler } from './lambda-handler.ts';

/** AWS Lambda entry point (API Gateway HTTP API, payload format 2.0). */
export const handler = createLambdaHandler(depsFromConfig(loadConfig()));
