import { timingSafeEqual } from 'node:crypto';
import { GatehouseError } from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { AppDeps, AppEnv } from '../deps.ts';
import { EDGE_SECRET_HEADER } from '../env.ts';
import { errorResponses, newRouter } from '../http/openapi.ts';
import { createDiscovery, createRateLimiter } from '../services/discovery.ts';

const discoveryInputSchema = z.object({ email: z.string().max(320) });
const discoveryAnswerSchema = z.object({ providerName: z.string().nullable(), idpIdentifier: z.string().optional() });

/**
 * The client's address for rate limiting: CloudFront's viewer address when the API sits behind it,
 * else the address the request came from.
 */
/**
 * The caller's address, for the rate limit. Behind CloudFront every connection comes from an edge server,
 * so the viewer's address is taken from `cloudfront-viewer-address`, but only when the request also
 * carries the edge secret: anyone reaching the API another way could otherwise name a new address on
 * every request and never be limited.
 */
function clientAddress(c: Context<AppEnv>, edgeSecret: string | undefined): string {
  const viewer = c.req.header('cloudfront-viewer-address');
  if (viewer && edgeSecret && sameSecret(c.req.header(EDGE_SECRET_HEADER), edgeSecret)) return viewer.replace(/:\d+$/, '');
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const lambda = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event;
  return incoming?.socket?.remoteAddress ?? lambda?.requestContext?.http?.sourceIp ?? 'unknown';
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** POST /v1/discovery: the SaaS login page asks which IdP an email address signs in with. */
export function discoveryRoutes(deps: AppDeps) {
  const discover = createDiscovery(deps, { cacheMs: deps.config.discovery.cacheSeconds * 1000, now: deps.now });
  const allow = createRateLimiter({ limit: deps.config.discovery.perMinute, windowMs: 60_000, now: deps.now });
  const router = newRouter();
  // The SaaS's login page calls this from its own origin. No cookie is involved, so any origin may read it.
  const preflight = cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['content-type'], maxAge: 86_400 });
  // Outside a preflight, cors() with origin '*' adds only Access-Control-Allow-Origin, but it writes it on
  // c.res before the route answers, which makes Hono build an empty response and then copy the route's
  // answer into a new one. Setting the header through c.header() gives the same header without the copy.
  router.use('/discovery', (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('Access-Control-Allow-Origin', '*');
    return next();
  });
  return router.openapi(
    createRoute({
      method: 'post',
      path: '/discovery',
      tags: ['public'],
      summary: 'Which identity provider an email address signs in with (null when none)',
      request: { body: { required: true, content: { 'application/json': { schema: discoveryInputSchema } } } },
      responses: {
        200: { description: 'The answer', content: { 'application/json': { schema: discoveryAnswerSchema } } },
        ...errorResponses(400, 429),
      },
    }),
    async (c) => {
      const verdict = allow(clientAddress(c, deps.config.edgeSecret));
      if (!verdict.allowed) {
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        throw new GatehouseError('RATE_LIMITED', 'Too many lookups from this address. Wait a moment and try again.', {
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
      }
      return c.json(await discover(c.req.valid('json').email), 200);
    },
  );
}
