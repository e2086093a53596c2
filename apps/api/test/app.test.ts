import { apiErrorSchema } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild, redact } from '../src/logger.ts';
import { createHarness } from './harness.ts';

describe('API edge', () => {
  it('answers /v1/health', async () => {
    const h = await createHarness();
    const response = await h.request('/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: 'dev' });
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('sends security headers on every response', async () => {
    const h = await createHarness();
    for (const path of ['/v1/health', '/v1/nowhere']) {
      const response = await h.request(path);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const h = await createHarness();
    const doc = await (await h.request('/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/health', '/v1/setup/session']));
    expect(Object.keys(doc.paths['/v1/setup/session'])).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    const post = doc.paths['/v1/setup/session'].post;
    expect(post.requestBody.content['application/json'].schema.properties.token.type).toBe('string');
  });

  it('answers unknown routes with the error model', async () => {
    const h = await createHarness();
    const response = await h.request('/v1/nowhere');
    expect(response.status).toBe(404);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('reports every invalid field as VALIDATION_FAILED', async () => {
    const h = await createHarness();
    const response = await h.request('/v1/setup/session', { json: { token: 42 } });
    expect(response.status).toBe(400);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual({ problems: [expect.objectContaining({ field: 'token' })] });
  });

  it('refuses a declared length over the limit from the header alone, and reads a declared length under it', async () => {
    const h = await createHarness();
    const big = JSON.stringify({ token: 'x'.repeat(1024 * 1024 + 1) });
    const refused = await h.request('/v1/setup/session', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = JSON.stringify({ email: 'someone@example.com' });
    const read = await h.request('/v1/discovery', {
      method: 'POST',
      body: small,
      headers: { 'content-type': 'application/json', 'content-length': String(small.length) },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ providerName: null });
  });

  it('refuses bodies over the limit before reading them', async () => {
    const h = await createHarness();
    const response = await h.request('/v1/setup/session', {
      method: 'POST',
      body: JSON.stringify({ token: 'x'.repeat(1024 * 1024 + 1) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns an unexpected failure, even a thrown string, into INTERNAL without details', async () => {
    const h = await createHarness();
    h.app.get('/v1/boom', () => {
      throw 'ERR_EXCEPTION_VALIDATE_XML';
    });
    const response = await h.request('/v1/boom');
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('ERR_EXCEPTION');
    expect(body.error.details.requestId).toBe(response.headers.get('x-request-id'));
    expect(h.logs.some((line) => line.includes('"level":"error"') && line.includes(body.error.details.requestId))).toBe(true);
  });
});

describe('structured logs', () => {
  it('redact secrets by key and setup tokens anywhere', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.info('saving', {
      providerDetails: { client_id: 'abc', client_secret: 's3cr3t-value' },
      path: '/setup/gsl_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      headers: { authorization: 'Bearer xyz', Cookie: 'gh_setup=1' },
    });
    const line = lines[0] ?? '';
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'saving', providerDetails: { client_id: 'abc' } });
    for (const secret of ['s3cr3t-value', 'abcdefghijklmnop', 'Bearer xyz', 'gh_setup=1']) {
      expect(line).not.toContain(secret);
    }
  });

  it('drop lines below the configured level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });

  it('keep non-secret values intact', () => {
    expect(redact({ tenantId: 'acme', count: 3, nested: [{ ok: true }] })).toEqual({
      tenantId: 'acme',
      count: 3,
      nested: [{ ok: true }],
    });
  });

  it('carry the fields of a child on every line, each key once, the value of the line winning', () => {
    const lines: string[] = [];
    const child = createLogger('info', (line) => lines.push(line)).child({ requestId: 'r-1', tenantId: 'acme', token: 'x' });
    child.info('first');
    child.child({ operator: 'op-1' }).info('second', { tenantId: 'other', count: 2 });
    const [first, second] = lines;
    expect(JSON.parse(first ?? '')).toMatchObject({ msg: 'first', requestId: 'r-1', tenantId: 'acme', token: '[redacted]' });
    expect(JSON.parse(second ?? '')).toMatchObject({
      msg: 'second',
      requestId: 'r-1',
      operator: 'op-1',
      tenantId: 'other',
      count: 2,
    });
    expect(second?.match(/"tenantId"/g)).toHaveLength(1);
  });

  it('make a lazy child only when it first writes, with the same lines as a child', () => {
    const lines: string[] = [];
    let children = 0;
    const parent = createLogger('info', (line) => lines.push(line));
    const counting = {
      ...parent,
      child: (fields: Record<string, unknown>) => {
        children++;
        return parent.child(fields);
      },
    };
    for (const key of ['debug', 'info', 'warn', 'error'] as const) counting[key] = parent[key].bind(parent);
    const lazy = lazyChild(counting, { requestId: 'r-2' });
    expect(children).toBe(0);
    lazy.info('now', { n: 1 });
    lazy.warn('again');
    expect(children).toBe(1);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 'info', msg: 'now', requestId: 'r-2', n: 1 },
      { level: 'warn', msg: 'again', requestId: 'r-2' },
    ]);
  });
});
