import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv, PublicDeps } from '../deps.ts';
import { sendJson } from '../http/edge.ts';

export const healthSchema = v.object({ status: v.literal('ok'), version: v.string() });

/** GET /v1/health: a plain Hono route, like discovery (see routes/discovery.ts), documented in public-docs.ts. */
export function healthRoutes(deps: PublicDeps) {
  const answer = { status: 'ok' as const, version: deps.config.version };
  return new Hono<AppEnv>().get('/health', (c) => sendJson(c, answer, 200));
}
