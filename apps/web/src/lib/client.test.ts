import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, setCsrfToken } from './api.ts';
import { client, routePath } from './client.ts';
import { errorDetails } from './error-details.ts';

/** Answers every fetch with `body` and `status`, and keeps what was asked. */
function answer(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('routePath', () => {
  it('fills each parameter in, encoded, and drops the /v1 the API base already has', () => {
    expect(routePath('/v1/setup/domains/{domain}/verify', { domain: 'a/b.example' })).toBe('/setup/domains/a%2Fb.example/verify');
    expect(routePath('/v1/admin/tenants/{id}/connections/{connectionId}/iac', { id: 'acme', connectionId: 'c123' })).toBe(
      '/admin/tenants/acme/connections/c123/iac',
    );
  });

  it('adds the query without the values left out', () => {
    expect(routePath('/v1/admin/tenants', {}, { limit: '25', q: undefined, cursor: 'x y' })).toBe(
      '/admin/tenants?limit=25&cursor=x+y',
    );
    expect(routePath('/v1/admin/tenants', {}, { q: undefined })).toBe('/admin/tenants');
  });

  it('refuses a route whose parameter is missing', () => {
    expect(() => routePath('/v1/setup/connections/{id}', {})).toThrow();
  });
});

describe('client.call', () => {
  it('sends the method, body and CSRF token of the route and answers with the body', async () => {
    const calls = answer(200, { id: 'c1' });
    setCsrfToken('csrf-1');
    const saved = await client.call('PUT /v1/setup/connections/{id}/step', { params: { id: 'c1' }, body: { step: 'mapping' } });
    expect(saved.id).toBe('c1');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/v1/setup/connections/c1/step');
    expect(calls[0]?.init.method).toBe('PUT');
    expect(calls[0]?.init.body).toBe(JSON.stringify({ step: 'mapping' }));
    expect(new Headers(calls[0]?.init.headers).get('x-csrf-token')).toBe('csrf-1');
  });

  it('reads a GET without a CSRF token and a 204 as nothing', async () => {
    const calls = answer(204, null);
    setCsrfToken('csrf-1');
    await expect(client.call('DELETE /v1/setup/session')).resolves.toBeUndefined();
    expect(calls[0]?.init.method).toBe('DELETE');
    const reads = answer(200, { connections: [] });
    expect(await client.call('GET /v1/setup/connections')).toEqual({ connections: [] });
    expect(reads[0]?.init.method).toBe('GET');
    expect(new Headers(reads[0]?.init.headers).has('x-csrf-token')).toBe(false);
  });

  it('throws the refusal with its code, and its details read through their schema', async () => {
    const findings = [{ code: 'METADATA_DOCTYPE_FORBIDDEN', severity: 'error', field: 'metadata', message: 'm', fix: 'f' }];
    answer(422, { error: { code: 'SETTINGS_INVALID', message: 'Fix them', details: { findings } } });
    const refused = await client
      .call('PUT /v1/setup/connections/{id}/saml', {
        params: { id: 'c1' },
        body: { metadata: { source: 'url', url: 'https://idp.example/metadata' }, version: 1 },
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiRequestError);
    expect(refused).toMatchObject({ code: 'SETTINGS_INVALID', status: 422 });
    expect(errorDetails(refused, 'SETTINGS_INVALID')?.findings).toEqual(findings);
    // Another code, or details of another shape, read as none.
    expect(errorDetails(refused, 'DOMAIN_NOT_ALLOWED')).toBeNull();
    expect(errorDetails(new ApiRequestError(422, 'SETTINGS_INVALID', 'x', { findings: 'none' }), 'SETTINGS_INVALID')).toBeNull();
    expect(errorDetails(new Error('x'), 'SETTINGS_INVALID')).toBeNull();
  });

  it('makes the compiler check the route, its parameters and its body', async () => {
    answer(200, {});
    const calls = [
      // @ts-expect-error no such route
      client.call('GET /v1/setup/nothing'),
      // @ts-expect-error the connection id is missing
      client.call('GET /v1/setup/connections/{id}'),
      // @ts-expect-error a step is one of the wizard's
      client.call('PUT /v1/setup/connections/{id}/step', { params: { id: 'c1' }, body: { step: 'elsewhere' } }),
      // @ts-expect-error the body is required
      client.call('POST /v1/admin/route-lookup'),
    ];
    await Promise.allSettled(calls);
  });

  it('reports an unreachable API as NETWORK', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.call('GET /v1/setup/session')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
