import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWeb, WEB_CSP } from '../src/static.ts';
import { createHarness } from './harness.ts';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'gatehouse-web-'));
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  await writeFile(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(dist, 'secret-outside.txt'), 'not served from assets');
});

afterAll(() => rm(dist, { recursive: true, force: true }));

async function webHarness() {
  const h = await createHarness();
  serveWeb(h.app as unknown as Hono<never>, dist, { apiBaseUrl: '/v1', environment: 'test' });
  return h;
}

describe('the web app served from Node', () => {
  it('answers client-side routes with index.html and assets as files', async () => {
    const h = await webHarness();
    const page = await h.request('/setup/gsl_abc');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Gatehouse</title>');
    expect(page.headers.get('content-security-policy')).toBe(WEB_CSP);
    const asset = await h.request('/assets/app-1234.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await h.request('/assets/missing.js')).status).toBe(404);
  });

  it.each(['/setup/%E0%A4%A', '/setup/%E0%A4%A/next', '/%', '/admin/%zz'])(
    'answers the malformed escape %s with the app, not a server error, and logs nothing alarming',
    async (path) => {
      const h = await webHarness();
      const response = await h.request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Gatehouse</title>');
      expect(h.logs.filter((line) => /"level":"(error|warn)"/.test(line))).toEqual([]);
    },
  );

  it('refuses a malformed escape in an asset path as not found', async () => {
    const h = await webHarness();
    expect((await h.request('/assets/%E0%A4%A.js')).status).toBe(404);
    expect(h.logs.filter((line) => /"level":"(error|warn)"/.test(line))).toEqual([]);
  });

  it('never serves a file outside the built app, however the path is escaped', async () => {
    const h = await webHarness();
    for (const path of ['/assets/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%252e%252e/index.html']) {
      const response = await h.request(path);
      expect(await response.text(), path).not.toContain('root:');
    }
  });
});
