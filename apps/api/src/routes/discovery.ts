import { GatehouseError } from '@gatehouse/core';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import * as v from 'valibot';
import { constantTimeEqual } from '../crypto.ts';
import type { AppEnv, PublicDeps } from '../deps.ts';
import { EDGE_SECRET_HEADER } from '../env.ts';
import { sendJson } from '../http/edge.ts';
import { validationFailed } from '../http/validation.ts';
import { createDiscovery, createRateLimiter } from '../services/discovery.ts';

// The public routes use valibot and a plain Hono router, not @hono/zod-openapi: the Lambda answers
// discovery cold, and zod with its OpenAPI layer costs that start tens of milliseconds (valibot about 1). The
// schemas below are still the route's contract; public-docs.ts puts them in the OpenAPI document.

const EMAIL_EXPECTED = 'Send the email address to look up, as {"email": "jane@example.com"}.';

export const discoveryInputSchema = v.object(
  { email: v.pipe(v.string(EMAIL_EXPECTED), v.maxLength(320, 'An email address is at most 320 characters.')) },
  EMAIL_EXPECTED,
);

export const discoveryAnswerSchema = v.object({
  providerName: v.nullable(v.string()),
  idpIdentifier: v.optional(v.string()),
});

/** What Hono's JSON validator accepts as a JSON content type (application/json, application/x+json). */
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/;

/**
 * The request's JSON body, read as the other routes' validator reads it: a body that is not declared
 * as JSON counts as empty (and fails the schema), one that is declared but does not parse is refused.
 */
async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (!type || !JSON_TYPE.test(type)) return {};
  try {
    return await c.req.json();
  } catch {
    throw new GatehouseError('VALIDATION_FAILED', 'The request body is not valid JSON. Send {"email": "jane@example.com"}.');
  }
}

/**
 * The caller's address, for the rate limit. Behind CloudFront every connection comes from an edge server,
 * so the viewer's address is taken from `cloudfront-viewer-address`, but only when the request also
 * carries the edge secret: anyone reaching the API another way could otherwise name a new address on
 * every request and never be limited.
 */
function clientAddress(c: Context<AppEnv>, edgeSecret: string | undefined): string {
  // Without an edge secret no header is trusted, so none is read (each read costs a lookup per request).
  const viewer = edgeSecret ? c.req.header('cloudfront-viewer-address') : undefined;
  if (viewer && edgeSecret && constantTimeEqual(c.req.header(EDGE_SECRET_HEADER), edgeSecret)) return viewer.replace(/:\d+$/, '');
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const lambda = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event;
  return incoming?.socket?.remoteAddress ?? lambda?.requestContext?.http?.sourceIp ?? 'unknown';
}

/** POST /v1/discovery: the SaaS login page asks which IdP an email address signs in with. */
export function discoveryRoutes(deps: PublicDeps) {
  const discover = createDiscovery(deps, { cacheMs: deps.config.discovery.cacheSeconds * 1000, now: deps.now });
  const allow = createRateLimiter({ limit: deps.config.discovery.perMinute, windowMs: 60_000, now: deps.now });
  const router = new Hono<AppEnv>();
  // The SaaS's login page calls this from its own origin. No cookie is involved, so any origin may read it.
  const preflight = cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['content-type'], maxAge: 86_400 });
  router.options('/discovery', (c, next) => preflight(c, next));
  router.post('/discovery', async (c) => {
    try {
      const verdict = allow(clientAddress(c, deps.config.edgeSecret));
      if (!verdict.allowed) {
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        throw new GatehouseError('RATE_LIMITED', 'Too many lookups from this address. Wait a moment and try again.', {
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
      }
      const input = v.safeParse(discoveryInputSchema, await jsonBody(c));
      if (!input.success) {
        throw validationFailed(
          input.issues.map((issue) => ({
            path: issue.path?.map((item) => item.key as PropertyKey) ?? [],
            message: issue.message,
          })),
        );
      }
      return sendJson(c, await discover(input.output.email), 200, { 'access-control-allow-origin': '*' });
    } catch (error) {
      // The login page must be able to read refusals and failures too.
      c.header('Access-Control-Allow-Origin', '*');
      throw error;
    }
  });
  return router;
}
