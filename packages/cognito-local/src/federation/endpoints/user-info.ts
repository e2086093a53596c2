import { Hono } from 'hono';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Engine } from '../../engine.ts';
import { poolOfDomain } from '../authorize-request.ts';
import { tokenError } from '../responses.ts';
import { jwks } from '../tokens.ts';

/**
 * `GET /oauth2/userInfo` (developer guide, userInfo endpoint): the attributes of the user an access token of
 * this pool was issued to, without `identities`.
 */
export function userInfoEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.get('/domains/:domain/oauth2/userInfo', async (c) => {
    const pool = poolOfDomain(engine, c.req.param('domain'));
    if (!pool) return tokenError('invalid_request', 404);
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer) return tokenError('invalid_token', 401);
    try {
      const { payload } = await jwtVerify(bearer, createLocalJWKSet(await jwks(engine, pool)), {
        issuer: engine.issuer(pool.Id),
        algorithms: ['RS256'],
        currentDate: engine.now(),
      });
      const user = payload.token_use === 'access' ? pool.users[String(payload.username)] : undefined;
      if (!user) return tokenError('invalid_token', 401);
      const { identities: _identities, ...attributes } = user.Attributes;
      return c.json({ ...attributes, username: user.Username });
    } catch {
      return tokenError('invalid_token', 401);
    }
  });

  return app;
}
