import type { LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { fullLambdaHandler } from '../src/lambda-full.ts';
import { createLambdaHandler } from '../src/lambda-handler.ts';
import { publicPathsFirst } from '../src/public-app.ts';
import { approvedConnection } from '../src/store/seed.ts';
import { createHarness, type Harness } from './harness.ts';

/** An API Gateway HTTP API (payload format 2.0) event, as the Lambda receives it. */
function httpApiEvent(method: string, path: string, options: { headers?: Record<string, string>; json?: unknown } = {}) {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'sso.example.com',
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(body.length) }),
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'sso.example.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'request',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

/** A tenant with a live connection and one verified domain, written as activation and verification do. */
async function routedDomain(h: Harness, domain: string) {
  const at = h.clock.now.toISOString();
  await h.deps.tenants.createTenant({ id: 'tenant-lambda', name: 'Lambda Co', status: 'active', createdAt: at, version: 0 });
  await h.deps.connections.create(
    approvedConnection('tenant-lambda', 'conn-lambda', at, {
      vendor: 'okta',
      displayName: 'Okta',
      providerName: 'gh-lambda-co-0001',
      testProviderName: 'ghtest-lambda-co-0001',
      version: 1,
    }),
  );
  const claim = {
    tenantId: 'tenant-lambda',
    domain,
    connectionId: 'conn-lambda',
    status: 'pending' as const,
    challenge: 'challenge',
    createdAt: at,
    updatedAt: at,
  };
  await h.deps.domains.add(claim, 50);
  await h.deps.domains.markVerified(claim, at);
}

const errorCode = (body: string | undefined) => {
  try {
    return (JSON.parse(body ?? '') as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

describe('Lambda handler', () => {
  it('answers discovery from the public app with the full middleware: route, CORS, security headers, request id', async () => {
    const h = await createHarness();
    await routedDomain(h, 'lambda-co.example.com');
    const handler = createLambdaHandler(h.deps, async () => fullLambdaHandler(h.deps));
    const result = await handler(
      httpApiEvent('POST', '/v1/discovery', {
        json: { email: 'Jane@Lambda-Co.example.com' },
        headers: { origin: 'https://app.saas.example' },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ providerName: 'gh-lambda-co-0001', idpIdentifier: 'lambda-co.example.com' });
    expect(result.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    expect(result.headers?.['x-request-id']).toMatch(/^[\w-]{8,64}$/);
    expect(h.logs.some((line) => line.includes('"path":"/v1/discovery"') && line.includes('"status":200'))).toBe(true);
  });

  it('gives every request the same status and error code as the full app, loading it only off the public paths', async () => {
    const h = await createHarness();
    await routedDomain(h, 'lambda-same.example.com');
    const handler = createLambdaHandler(h.deps, async () => fullLambdaHandler(h.deps));
    const cases: Array<{ method: string; path: string; json?: unknown; headers?: Record<string, string> }> = [
      { method: 'POST', path: '/v1/discovery', json: { email: 'a@lambda-same.example.com' } },
      { method: 'POST', path: '/v1/discovery', json: { email: 'a@unknown.example.com' } },
      { method: 'POST', path: '/v1/discovery', json: { mail: 'missing the email field' } },
      { method: 'POST', path: '/v1/discovery', headers: { 'content-type': 'text/plain' } },
      { method: 'GET', path: '/v1/discovery' },
      {
        method: 'OPTIONS',
        path: '/v1/discovery',
        headers: { origin: 'https://app.saas.example', 'access-control-request-method': 'POST' },
      },
      { method: 'GET', path: '/v1/health' },
      { method: 'GET', path: '/v1/setup/session' },
      { method: 'GET', path: '/v1/admin/tenants' },
      { method: 'GET', path: '/v1/no-such-route' },
      { method: 'POST', path: '/v1/setup/session', json: { token: 'gsl_not-a-real-token-at-all-000000' } },
    ];
    for (const { method, path, json, headers = {} } of cases) {
      const viaLambda = await handler(httpApiEvent(method, path, { json, headers }));
      const viaApp = await h.app.request(`https://sso.example.com${path}`, {
        method,
        headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      const appBody = await viaApp.text();
      expect({ method, path, status: viaLambda.statusCode, code: errorCode(viaLambda.body) }).toEqual({
        method,
        path,
        status: viaApp.status,
        code: errorCode(appBody),
      });
    }
  });

  it('serves the OpenAPI document, with the discovery route in it, from the full app', async () => {
    const h = await createHarness();
    const handler = createLambdaHandler(h.deps, async () => fullLambdaHandler(h.deps));
    const result = await handler(httpApiEvent('GET', '/v1/openapi.json'));
    expect(result.statusCode).toBe(200);
    const doc = JSON.parse(result.body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/discovery', '/v1/health', '/v1/setup/session']));
  });
});

describe('Node server dispatch', () => {
  it('answers the public paths from the public app, as the Lambda does, and passes every other request on', async () => {
    const h = await createHarness();
    await routedDomain(h, 'node-co.example.com');
    const passedOn: string[] = [];
    const fetch = publicPathsFirst(h.deps, (request) => {
      passedOn.push(new URL(request.url).pathname);
      return h.app.fetch(request);
    });
    const discovery = await fetch(
      new Request('http://127.0.0.1:8787/v1/discovery', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'jane@node-co.example.com' }),
      }),
    );
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toEqual({ providerName: 'gh-lambda-co-0001', idpIdentifier: 'node-co.example.com' });
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(new Request('http://127.0.0.1:8787/v1/health?probe=1'))).status).toBe(200);
    expect(passedOn).toEqual([]);
    expect((await fetch(new Request('http://127.0.0.1:8787/v1/setup/session'))).status).toBe(401);
    expect((await fetch(new Request('http://127.0.0.1:8787/v1/discovery/more'))).status).toBe(404);
    expect(passedOn).toEqual(['/v1/setup/session', '/v1/discovery/more']);
  });
});
