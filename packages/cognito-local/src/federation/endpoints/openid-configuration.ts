import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';

/**
 * `GET /<poolId>/.well-known/openid-configuration`: the pool's OpenID Provider metadata, with the managed
 * login endpoints when the pool has a domain.
 */
export function openidConfigurationEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.get('/:poolId/.well-known/openid-configuration', (c) => {
    const pool = engine.data.pools[c.req.param('poolId')];
    if (!pool) return c.json({ message: 'User pool does not exist' }, 404);
    const issuer = engine.issuer(pool.Id);
    const base = pool.Domain ? engine.domainBaseUrl(pool.Domain) : undefined;
    return c.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      ...(base
        ? {
            authorization_endpoint: `${base}/oauth2/authorize`,
            token_endpoint: `${base}/oauth2/token`,
            userinfo_endpoint: `${base}/oauth2/userInfo`,
            end_session_endpoint: `${base}/logout`,
          }
        : {}),
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  return app;
}
