import { API_ROUTES, type ApiRouteSpec } from '@gatehouse/core/api-routes';
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { depsFromConfig } from '../src/compose.ts';
import { testConfig } from '../src/env.ts';

type Operation = {
  requestBody?: { content?: unknown };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: unknown }>;
  responses: Record<string, { content?: unknown }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

const ROUTES = Object.entries(API_ROUTES) as Array<[string, ApiRouteSpec]>;
const split = (key: string) => {
  const [method = '', path = ''] = key.split(' ');
  return { method: method.toLowerCase() as 'get' | 'post' | 'put' | 'delete', path };
};

let document: Promise<Document> | undefined;
/** The document the API serves. */
function served(): Promise<Document> {
  document ??= (async () => {
    const app = createApp(depsFromConfig(testConfig({ logLevel: 'silent' })));
    return (await app.request('/v1/openapi.json')).json() as Promise<Document>;
  })();
  return document;
}

let table: Document | undefined;
/** The client's route table written out by the same generator, so both sides' schemas read alike. */
function fromTable(): Document {
  if (table) return table;
  const mirror = new OpenAPIHono();
  for (const [key, spec] of ROUTES) {
    const { method, path } = split(key);
    mirror.openAPIRegistry.registerPath({
      method,
      path,
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
      },
      responses: {
        [spec.status]: {
          description: '',
          ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
        },
      },
    });
  }
  table = mirror.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'client', version: '0' } }) as unknown as Document;
  return table;
}

const queryOf = (operation: Operation | undefined) =>
  (operation?.parameters ?? []).filter((p) => p.in === 'query').sort((a, b) => a.name.localeCompare(b.name));

describe("the web client's route table", () => {
  it('names only routes the API serves, with the method and path of its OpenAPI document', async () => {
    const document = await served();
    const missing = ROUTES.map(([key]) => split(key)).filter(({ method, path }) => !document.paths[path]?.[method]);
    expect(missing).toEqual([]);
  });

  it.each(ROUTES.map(([key]) => key))('%s: status, body, query and answer match the document', async (key) => {
    const { method, path } = split(key);
    const spec = API_ROUTES[key as keyof typeof API_ROUTES] as ApiRouteSpec;
    const actual = (await served()).paths[path]?.[method];
    const expected = fromTable().paths[path]?.[method];
    expect(actual?.responses).toHaveProperty(String(spec.status));
    expect(actual?.responses[String(spec.status)]?.content).toEqual(expected?.responses[String(spec.status)]?.content);
    expect(actual?.requestBody?.content).toEqual(expected?.requestBody?.content);
    expect(queryOf(actual)).toEqual(queryOf(expected));
  });
});
