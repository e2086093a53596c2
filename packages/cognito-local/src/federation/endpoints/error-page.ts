import { Hono } from 'hono';
import { errorPage } from '../responses.ts';

/** `GET /error`: managed login's error page, where a redirect_mismatch and the like send the user. */
export function errorPageEndpoint(): Hono {
  const app = new Hono();

  app.get('/domains/:domain/error', (c) => {
    const error = c.req.query('error') ?? 'unknown';
    return errorPage(`An error was encountered with the requested page: ${error}`, 400);
  });

  return app;
}
