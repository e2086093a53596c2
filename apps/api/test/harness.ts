import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createApp } from '../src/app.ts';
import { depsFromConfig } from '../src/compose.ts';
import type { AppDeps } from '../src/deps.ts';
import { type Config, testConfig } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { connectDynamo, ensureTable } from '../src/store/table.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them.
export type Loose = any;

/** A Response whose JSON body tests can inspect without declaring its type first. */
export interface TestResponse extends Response {
  json(): Promise<Loose>;
}

export interface Harness {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: { now: Date; advance(ms: number): void };
  logs: string[];
  /** Every item in this harness's table, as raw JSON text (to prove what is and is not stored). */
  tableDump(): Promise<string>;
  /** Calls the app in-process like a same-origin browser would. */
  request(
    path: string,
    init?: RequestInit & { cookie?: string | undefined; csrf?: string | undefined; json?: unknown },
  ): Promise<TestResponse>;
}

/** A fresh table in the suite's DynamoDB Local, the real store and the real app over it. */
export async function createHarness(overrides: Partial<Config> = {}): Promise<Harness> {
  const dynamo = connectDynamo({ tableName: `test-${randomUUID()}`, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
  await ensureTable(dynamo);
  // The clock starts at the real time: DynamoDB Local runs TTL deletion against the real clock, so items
  // whose expiry lies in the real past would vanish in the middle of a test.
  const clock = {
    now: new Date(Math.floor(Date.now() / 1000) * 1000),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const logs: string[] = [];
  const config = testConfig({ tableName: dynamo.tableName, dynamoEndpoint: inject('dynamoEndpoint'), ...overrides });
  const deps: AppDeps = depsFromConfig(config, {
    logger: createLogger('debug', (line) => logs.push(line)),
    now: () => clock.now,
  });
  const app = createApp(deps);
  const origin = config.publicUrl.origin;
  return {
    deps,
    app,
    clock,
    logs,
    async tableDump() {
      const result = await dynamo.doc.send(new ScanCommand({ TableName: dynamo.tableName }));
      return JSON.stringify(result.Items ?? []);
    },
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.cookie) headers.set('cookie', init.cookie);
      if (init.csrf) headers.set('x-csrf-token', init.csrf);
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers.set('content-type', 'application/json');
      }
      const method = init.method ?? (body === undefined ? 'GET' : 'POST');
      if (method !== 'GET' && !headers.has('origin')) headers.set('origin', origin);
      return Promise.resolve(app.request(`${origin}${path}`, { ...init, method, headers, body }));
    },
  };
}

/** The `name=value` part of a Set-Cookie header, for sending the cookie back. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie');
  if (!header) throw new Error('The response set no cookie');
  return header.split(';')[0] ?? '';
}
