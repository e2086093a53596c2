import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { depsFromConfig } from './compose.ts';
import type { AppDeps } from './deps.ts';
import { loadConfig } from './env.ts';
import { startOutboxDrainer } from './events/drain.ts';
import { publicPathsFirst } from './public-app.ts';
import { serveWeb } from './static.ts';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Runs the API on Node, bound to 127.0.0.1 by default, optionally with the built web app beside it on
 * the same origin (as CloudFront serves both in AWS). Health and discovery are answered by the public app,
 * as the Lambda answers them. Without an EventBridge bus configured, it also
 * drains the event outbox into the in-memory bus (the stream consumer's job in AWS).
 */
export async function startServer(deps: AppDeps, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = createApp(deps);
  if (deps.config.webDistDir) {
    // Static files are registered on a parent app so API routes keep precedence and their own 404s.
    serveWeb(app as unknown as Hono<never>, deps.config.webDistDir, { apiBaseUrl: '/v1', environment: 'local' });
  }
  const drainer = deps.localEvents ? startOutboxDrainer(deps, deps.localEvents) : null;
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve) => {
    const server = serve({ fetch: publicPathsFirst(deps, app.fetch), port: options.port ?? 0, hostname: host }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            drainer?.stop();
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const config = loadConfig();
  const running = await startServer(depsFromConfig(config), { port: Number(new URL(config.publicUrl).port) || 8787 });
  console.log(`Gatehouse API listening on ${running.url}`);
}
