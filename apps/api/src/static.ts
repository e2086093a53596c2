import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono, MiddlewareHandler } from 'hono';

/**
 * The web app's Content-Security-Policy. CloudFront sends the same policy in AWS (infra/), so a page that
 * works locally works there.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface WebRuntimeConfig {
  apiBaseUrl: string;
  environment: string;
}

/**
 * Serves the built single-page app from `distDir` for local runs: hashed assets cached forever, every
 * other path answered with index.html (client-side routing), and `/config.json` from the running config.
 */
export function serveWeb(app: Hono<never>, distDir: string, runtime: WebRuntimeConfig): void {
  const root = normalize(distDir);
  const send = async (c: Context, relative: string, fallback: boolean) => {
    const full = normalize(join(root, relative));
    if (full !== root && !full.startsWith(root + sep)) return c.notFound();
    try {
      const body = await readFile(full);
      const type = TYPES[extname(full)] ?? 'application/octet-stream';
      c.header('Content-Type', type);
      c.header('Cache-Control', relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (type.startsWith('text/html')) c.header('Content-Security-Policy', WEB_CSP);
      return c.body(body);
    } catch {
      if (!fallback) return c.notFound();
      return send(c, 'index.html', false);
    }
  };
  const handler: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (c.req.path.startsWith('/v1/') || c.req.path === '/v1') return next();
    if (c.req.path === '/config.json') {
      c.header('Cache-Control', 'no-cache');
      return c.json(runtime);
    }
    // Hono has already decoded the path, leaving any malformed escape (/setup/%E0%A4%A) as it was sent.
    // Decoding again would throw on those (a 500 for a typo) and decode twice what was escaped once.
    const relative = c.req.path.replace(/^\/+/, '');
    const isAsset = relative.startsWith('assets/') || /\.[a-z0-9]+$/i.test(relative);
    return send(c, relative === '' ? 'index.html' : relative, !isAsset);
  };
  app.use('*', handler);
}
