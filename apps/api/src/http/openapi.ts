import { apiErrorSchema } from '@gatehouse/core';
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppEnv } from '../deps.ts';
import { validationFailed } from './validation.ts';

/** Turns a failed zod validation into VALIDATION_FAILED with one entry per problem. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.error.issues);
    },
  });
}

/** The standard error response entry for a route's OpenAPI description. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429>) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: 'Error', content: { 'application/json': { schema: apiErrorSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof apiErrorSchema } } }>;
}

/** A JSON request or response body for a route's OpenAPI description. */
export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
