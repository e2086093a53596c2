import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { depsFromConfig } from '../src/compose.ts';
import { testConfig } from '../src/env.ts';

/** A route as docs/api.md and the OpenAPI document both can spell it: parameters and queries blanked. */
const normalise = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}').replace(/[?[].*$/, '')}`;

describe('docs/api.md', () => {
  it('documents every route the API serves, and no route it does not', async () => {
    const app = createApp(depsFromConfig(testConfig({ logLevel: 'silent' })));
    const document = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
    const served = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => normalise(m, path))),
    );
    const text = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const documented = new Set(
      [...text.matchAll(/`(GET|POST|PUT|DELETE|PATCH) (\/v1\/[^`\s]*)`/g)].map((m) => normalise(m[1] ?? '', m[2] ?? '')),
    );
    expect([...served].filter((route) => !documented.has(route)).sort()).toEqual([]);
    // The few routes outside the OpenAPI document (redirects, the document itself) must still answer.
    for (const route of [...documented].filter((r) => !served.has(r))) {
      const [method, path] = route.split(' ');
      const response = await app.request(path ?? '', { method });
      expect({ route, status: response.status }).not.toMatchObject({ status: 404 });
    }
  });
});
