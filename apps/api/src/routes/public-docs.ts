import type { OpenAPIHono } from '@hono/zod-openapi';
import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import type { AppEnv } from '../deps.ts';
import { errorResponses } from '../http/openapi.ts';
import { discoveryAnswerSchema, discoveryInputSchema } from './discovery.ts';
import { healthSchema } from './health.ts';

/** A valibot schema as the JSON Schema an OpenAPI 3.1 document embeds. */
function jsonSchema(schema: GenericSchema): object {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema);
  return rest;
}

/**
 * Puts the public routes (plain Hono routers, see routes/discovery.ts) in the full app's OpenAPI
 * document, from the same schemas they validate with.
 */
export function documentPublicRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/health',
    tags: ['public'],
    summary: 'Liveness check',
    responses: { 200: { description: 'The API is up', content: { 'application/json': { schema: jsonSchema(healthSchema) } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/discovery',
    tags: ['public'],
    summary: 'Which identity provider an email address signs in with (null when none)',
    request: { body: { required: true, content: { 'application/json': { schema: jsonSchema(discoveryInputSchema) } } } },
    responses: {
      200: { description: 'The answer', content: { 'application/json': { schema: jsonSchema(discoveryAnswerSchema) } } },
      ...errorResponses(400, 429),
    },
  });
}
