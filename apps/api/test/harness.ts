import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type CognitoLocal, type Faults, startCognitoLocal } from '@gatehouse/cognito-local';
import {
  ADMIN_API_RESOURCE_SERVER,
  type ApiClient,
  attachSsoEnforcement,
  attachTenantClaims,
  type DevPool,
  ensureApiClient,
  ensureDevPool,
  LOCAL_SSO_ENFORCEMENT_ARN,
  LOCAL_TENANT_CLAIMS_ARN,
  localCognitoClient,
} from '@gatehouse/dev-pool';
import { startDnsServer, type TestDnsServer } from '@gatehouse/test-dns';
import { afterAll, beforeAll, inject, onTestFinished } from 'vitest';
import { createApp } from '../src/app.ts';
import { depsFromConfig } from '../src/compose.ts';
import type { AppDeps } from '../src/deps.ts';
import { type Config, testConfig } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { issueSetupLink } from '../src/services/setup-links.ts';
import { createTenant } from '../src/services/tenants.ts';
import { ssoEnforcementTriggerFor } from '../src/sso-enforcement/index.ts';
import { connectDynamo, ensureTable } from '../src/store/table.ts';
import { tenantClaimsTriggerFor } from '../src/tenant-claims/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them.
export type Loose = any;

/** A Response whose JSON body tests can inspect without declaring its type first. */
export interface TestResponse extends Response {
  json(): Promise<Loose>;
}

export interface Harness {
  /** The local Cognito's user pool, when the harness was created with `cognito: true`. */
  pool: DevPool | null;
  /** The admin API's client-credentials client, when created with `apiClient: true`. */
  apiClient: ApiClient | null;
  /** Base URL of the local Cognito, when started. */
  cognitoEndpoint: string | null;
  /** Faults on demand in the local Cognito, when started. */
  cognitoFaults: Faults | null;
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

/**
 * A fresh table in the suite's DynamoDB Local, the real store and the real app over it. With
 * `cognito: true`, also a local Cognito (stopped when the test ends) holding the SaaS's user pool,
 * which the app's Cognito gateway talks to over the AWS SDK.
 */
export async function createHarness(
  overrides: Partial<Config> = {},
  options: { cognito?: boolean; apiClient?: boolean; cognitoNow?: () => Date } = {},
): Promise<Harness> {
  let apiClient: ApiClient | null = null;
  let pool: DevPool | null = null;
  let cognitoEndpoint: string | null = null;
  let cognitoFaults: Faults | null = null;
  let cognito: CognitoLocal | null = null;
  if (options.cognito) {
    cognito = await startCognitoLocal({ allowLoopbackHttp: true, ...(options.cognitoNow ? { now: options.cognitoNow } : {}) });
    const started = cognito;
    onTestFinished(() => started.stop());
    cognitoEndpoint = cognito.endpoint;
    cognitoFaults = cognito.faults;
    const portalUrl = (overrides.publicUrl ?? new URL('http://127.0.0.1:8787')).origin;
    pool = await ensureDevPool(localCognitoClient(started.endpoint), { portalUrl, domainUrl: (d) => started.domainBaseUrl(d) });
    if (options.apiClient) {
      apiClient = await ensureApiClient(localCognitoClient(started.endpoint), pool);
      overrides = { ...overrides, m2m: { clientIds: [apiClient.clientId], resourceServer: ADMIN_API_RESOURCE_SERVER } };
    }
    overrides = {
      ...overrides,
      cognito: {
        userPoolId: pool.userPoolId,
        domainUrl: pool.domainUrl,
        endpoint: cognito.endpoint,
        testClientId: pool.testClientId,
        appClientIds: [pool.appClientId],
        operatorClientId: pool.operatorClientId,
        operatorIdpName: undefined,
      },
    };
  }
  const dynamo = connectDynamo({ tableName: `test-${randomUUID()}`, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
  await ensureTable(dynamo);
  if (cognito && pool) {
    // Gatehouse's tenant claims trigger on the pool, over this harness's table (no cache: tests change
    // tenants and read tokens right after), as the CDK app attaches it in AWS.
    const triggerConfig = {
      tableName: dynamo.tableName,
      region: 'us-east-1',
      dynamoEndpoint: inject('dynamoEndpoint'),
      cacheSeconds: 0,
      logLevel: 'silent' as const,
    };
    cognito.registerLambda(
      LOCAL_TENANT_CLAIMS_ARN,
      tenantClaimsTriggerFor(triggerConfig, createLogger('silent')) as (event: unknown) => Promise<unknown>,
    );
    await attachTenantClaims(localCognitoClient(cognito.endpoint), pool);
    // And its SSO enforcement (pre authentication, pre sign-up), without its cache for the same reason.
    cognito.registerLambda(
      LOCAL_SSO_ENFORCEMENT_ARN,
      ssoEnforcementTriggerFor(triggerConfig, createLogger('silent')) as (event: unknown) => Promise<unknown>,
    );
    await attachSsoEnforcement(localCognitoClient(cognito.endpoint), pool);
  }
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
    pool,
    apiClient,
    cognitoEndpoint,
    cognitoFaults,
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

/** Signs an IT admin of a new tenant in, as the browser does: link exchange, cookie, CSRF token. */
export async function adminOf(h: Harness, name: string) {
  const tenant = await createTenant(h.deps.tenants, { name }, h.clock.now);
  const { token } = await issueSetupLink(h.deps.tenants, {
    tenantId: tenant.id,
    ttlHours: 72,
    createdBy: 'test',
    publicUrl: h.deps.config.publicUrl,
    now: h.clock.now,
  });
  const response = await h.request('/v1/setup/session', { json: { token } });
  const session = await response.json();
  const cookie = cookieFrom(response);
  const csrf: string = session.csrfToken;
  return {
    tenant,
    cookie,
    csrf,
    get: (path: string) => h.request(`/v1/setup${path}`, { cookie }),
    send: (method: string, path: string, json?: unknown) => h.request(`/v1/setup${path}`, { method, cookie, csrf, json }),
  };
}

/**
 * A test DNS server shared by one file's tests (started before them, stopped after them), and the config
 * that points domain verification at it.
 */
export function useTestDns() {
  let server: TestDnsServer | undefined;
  beforeAll(async () => {
    server = await startDnsServer();
  });
  afterAll(() => server?.stop());
  const started = (): TestDnsServer => {
    if (!server) throw new Error('the test DNS server starts before the tests');
    return server;
  };
  return {
    get server() {
      return started();
    },
    config: (): Pick<Config, 'dns'> => ({ dns: { servers: [started().address], timeoutMs: 2_000 } }),
  };
}
