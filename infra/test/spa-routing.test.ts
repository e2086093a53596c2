import { describe, expect, it } from 'vitest';
import { SPA_ROUTING_FUNCTION_CODE } from '../src/spa-routing.ts';

interface ViewerRequest {
  uri: string;
  method: string;
}

// The exact source CloudFront runs, evaluated as its runtime would: a script defining `handler`.
const handler = new Function(`${SPA_ROUTING_FUNCTION_CODE}\nreturn handler;`)() as (event: {
  request: ViewerRequest;
}) => ViewerRequest;
const route = (uri: string) => handler({ request: { uri, method: 'GET' } }).uri;

describe('SPA routing function', () => {
  it('answers the wizard and console routes with index.html', () => {
    for (const uri of [
      '/setup',
      '/setup/',
      '/setup/gsl_abcDEF123',
      '/setup/acme/connections/1/mapping',
      '/admin',
      '/admin/tenants/acme',
    ]) {
      expect(route(uri), uri).toBe('/index.html');
    }
  });

  it('leaves static files, /config.json and look-alike paths alone', () => {
    for (const uri of [
      '/',
      '/index.html',
      '/assets/index-abc123.js',
      '/config.json',
      '/favicon.svg',
      '/setupx',
      '/administrator',
      '/v1/health',
    ]) {
      expect(route(uri), uri).toBe(uri);
    }
  });
});
