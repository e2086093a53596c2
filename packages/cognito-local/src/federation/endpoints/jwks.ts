import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { jwks } from '../tokens.ts';

/**
 * `GET /<poolId>/.well-known/jwks.json`: the pool's token signing keys, where a verifier looks them up
 * (developer guide, verifying a JSON web token).
 */
export function jwksEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.get('/:poolId/.well-known/jwks.json', async (c) => {
    const pool = engine.data.pools[c.req.param('poolId')];
    if (!pool) return c.json({ message: 'User pool does not exist' }, 404);
    return c.json(await jwks(engine, pool));
  });

  return app;
}
