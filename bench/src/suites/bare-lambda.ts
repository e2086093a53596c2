// The cold-start baseline: a bare Hono Lambda handler with one route, bundled like the API's.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();
app.post('/v1/discovery', async (c) => {
  await c.req.json<{ email: string }>();
  return c.json({ providerName: null });
});

export const handler = handle(app);
