// Child process of the discovery suite: a bare Hono route and the Gatehouse API (cache warm, cache off),
// side by side, against the DynamoDB Local table the parent seeded.
import { createApp, createLogger, depsFromConfig, publicPathsFirst, testConfig } from '@gatehouse/api';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const [endpoint, tableName, busyMicroseconds] = process.argv.slice(2);
if (!endpoint || !tableName || !busyMicroseconds)
  throw new Error('Usage: discovery-servers.ts <dynamodb endpoint> <table> <calibration work in µs>');

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });

// The baseline reads the same JSON body and answers the same shape, with no lookup at all.
const bare = new Hono();
bare.post('/v1/discovery', async (c) => {
  await c.req.json<{ email: string }>();
  return c.json({ providerName: null });
});

// The calibration: the bare route plus a fixed amount of work per request, so that the report shows what
// a microsecond of work costs in requests per second on this machine.
const busy = new Hono();
busy.post('/v1/discovery', async (c) => {
  await c.req.json<{ email: string }>();
  const until = performance.now() + Number(busyMicroseconds) / 1000;
  while (performance.now() < until);
  return c.json({ providerName: null });
});

// Served as the API server and the Lambda serve it: discovery by the public app, the rest by the full app.
const gatehouse = (cacheSeconds: number) => {
  const deps = depsFromConfig(
    // The load generator sends every request from one address; the per-address limit is raised so
    // that it never answers 429 (DISCOVERY_RATE_PER_MINUTE, see docs/benchmarks.md).
    testConfig({ tableName, dynamoEndpoint: endpoint, discovery: { perMinute: 1_000_000_000, cacheSeconds } }),
    // Log lines are built as in production, then dropped: the figure includes their cost, not a terminal's.
    { logger: createLogger('info', () => undefined) },
  );
  return publicPathsFirst(deps, createApp(deps).fetch);
};

const urls = {
  bare: `http://127.0.0.1:${await listen(bare.fetch)}/v1/discovery`,
  busy: `http://127.0.0.1:${await listen(busy.fetch)}/v1/discovery`,
  // The longest cache allowed (DISCOVERY_CACHE_SECONDS=3600), so no entry expires during the rounds.
  warm: `http://127.0.0.1:${await listen(gatehouse(3600))}/v1/discovery`,
  cold: `http://127.0.0.1:${await listen(gatehouse(0))}/v1/discovery`,
};
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
