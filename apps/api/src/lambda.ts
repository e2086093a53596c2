import { handle } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { depsFromConfig } from './compose.ts';
import { loadConfig } from './env.ts';

/** AWS Lambda entry point (API Gateway HTTP API, payload format 2.0). */
export const handler = handle(createApp(depsFromConfig(loadConfig())));
