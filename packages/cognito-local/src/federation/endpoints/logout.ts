import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { poolOfDomain } from '../authorize-request.ts';
import { errorPage } from '../responses.ts';

/**
 * `GET /logout` (developer guide, logout endpoint): with `logout_uri`, back to that URI when it is one of the
 * client's sign-out URLs; with `redirect_uri` and `response_type`, on to a new sign-in at
 * `/oauth2/authorize`; anything else is a redirect_mismatch.
 */
export function logoutEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.get('/domains/:domain/logout', (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(engine, domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const client = q.client_id ? pool.clients[q.client_id] : undefined;
    if (!client) return errorPage('Invalid client id.');
    if (q.logout_uri) {
      if (!((client.LogoutURLs as string[] | undefined) ?? []).includes(q.logout_uri)) {
        return c.redirect(
          `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
          302,
        );
      }
      return c.redirect(q.logout_uri, 302);
    }
    if (q.redirect_uri && q.response_type) {
      const url = new URL(`${engine.domainBaseUrl(domain)}/oauth2/authorize`);
      for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
      return c.redirect(url.toString(), 302);
    }
    return c.redirect(
      `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
      302,
    );
  });

  return app;
}
