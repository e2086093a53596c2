import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../src/env.ts';

const required = {
  COGNITO_USER_POOL_ID: 'us-east-1_TestPool1',
  COGNITO_DOMAIN_URL: 'https://auth.example.com',
  COGNITO_TEST_CLIENT_ID: 'testclient1',
};

describe('ALLOW_PRIVATE_NETWORK', () => {
  it('is off unless set', () => {
    expect(loadConfig(required).allowPrivateNetwork).toBe(false);
    expect(loadConfig({ ...required, ALLOW_PRIVATE_NETWORK: 'false' }).allowPrivateNetwork).toBe(false);
  });

  it('turns on with true or 1, and refuses anything else', () => {
    expect(loadConfig({ ...required, ALLOW_PRIVATE_NETWORK: 'true' }).allowPrivateNetwork).toBe(true);
    expect(loadConfig({ ...required, ALLOW_PRIVATE_NETWORK: '1' }).allowPrivateNetwork).toBe(true);
    expect(() => loadConfig({ ...required, ALLOW_PRIVATE_NETWORK: 'yes please' })).toThrow(/ALLOW_PRIVATE_NETWORK/);
  });
});

describe('the README configuration table', () => {
  it('lists every environment variable the API reads', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const missing = ENV_KEYS.filter((key) => !table.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
