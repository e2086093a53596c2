import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDemoSaasApp, type DemoSaasOptions } from './app.ts';

export { createDemoSaasApp, type DemoSaasOptions } from './app.ts';
export { type AccessRefusal, authorizeTenant, type TokenSource, tokenVerifiers } from './verify.ts';

export interface RunningDemoSaas {
  url: string;
  callbackUrl: string;
  stop(): Promise<void>;
}

/** Serves the demo SaaS on 127.0.0.1 at `port`, which `options.baseUrl` must name. */
export async function startDemoSaas(options: DemoSaasOptions, port: number): Promise<RunningDemoSaas> {
  const app = createDemoSaasApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    callbackUrl: `${url}/callback`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
