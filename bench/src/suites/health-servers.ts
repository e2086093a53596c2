// Child process of the api-health suite: a bare Hono route and the Gatehouse API, side by side.
import { createApp, createLogger, depsFromConfig, publicPathsFirst, testConfig } from '@gatehouse/api';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });

const bare = new Hono();
bare.get('/v1/health', (c) => c.json({ status: 'ok', version: 'dev' }));

// /v1/health never touches DynamoDB; the store only has to exist.
const config = testConfig({ logLevel: 'silent' });
const deps = depsFromConfig(
  { ...config, dynamoEndpoint: 'http://127.0.0.1:9' },
  // Log lines are built as in production, then dropped: the figure includes their cost, not a terminal's.
  { logger: createLogger('info', () => undefined) },
);
// Served as the API server and the Lambda serve it: the public paths by the public app.
const api = publicPathsFirst(deps, createApp(deps).fetch);

const barePort = await listen(bare.fetch);
const apiPort = await listen(api);
process.stdout.write(
  `${JSON.stringify({ bare: `http://127.0.0.1:${barePort}/v1/health`, api: `http://127.0.0.1:${apiPort}/v1/health` })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
