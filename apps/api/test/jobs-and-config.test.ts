import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';

describe('monitoring configuration', () => {
  const pool = {
    COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
    COGNITO_DOMAIN_URL: 'https://auth.example.com',
    COGNITO_TEST_CLIENT_ID: 'testclient',
  };

  it('gives a withdrawn TXT record 72 hours of grace unless DOMAIN_REVERIFY_GRACE_HOURS says otherwise', () => {
    expect(loadConfig(pool).monitoring.domainGraceMs).toBe(72 * 3_600_000);
    expect(loadConfig({ ...pool, DOMAIN_REVERIFY_GRACE_HOURS: '0' }).monitoring.domainGraceMs).toBe(0);
    expect(loadConfig({ ...pool, DOMAIN_REVERIFY_GRACE_HOURS: '1.5' }).monitoring.domainGraceMs).toBe(5_400_000);
    for (const bad of ['-1', 'soon', String(24 * 31)]) {
      expect(() => loadConfig({ ...pool, DOMAIN_REVERIFY_GRACE_HOURS: bad }), bad).toThrow(/DOMAIN_REVERIFY_GRACE_HOURS/);
    }
  });
});

describe('Cognito configuration', () => {
  const pool = {
    COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
    COGNITO_DOMAIN_URL: 'https://auth.example.com/',
    COGNITO_TEST_CLIENT_ID: 'testclient',
  };

  it('is required: a portal without its user pool cannot start', () => {
    expect(() => loadConfig({})).toThrow(/COGNITO_USER_POOL_ID/);
  });

  it('reads the pool, its domain and the app clients the CDK app sets', () => {
    const config = loadConfig({
      ...pool,
      COGNITO_APP_CLIENT_IDS: 'prodclient1,prodclient2',
      COGNITO_OPERATOR_CLIENT_ID: 'opclient',
      OPERATOR_IDP_NAME: 'Okta-Ops',
    });
    expect(config.cognito).toEqual({
      userPoolId: 'eu-west-1_AbC123',
      domainUrl: 'https://auth.example.com',
      endpoint: undefined,
      appClientIds: ['prodclient1', 'prodclient2'],
      testClientId: 'testclient',
      operatorClientId: 'opclient',
      operatorIdpName: 'Okta-Ops',
    });
    expect(loadConfig(pool).cognito.appClientIds).toEqual([]);
  });

  it('refuses malformed values at start', () => {
    for (const bad of [
      { ...pool, COGNITO_USER_POOL_ID: 'not a pool' },
      { ...pool, COGNITO_APP_CLIENT_IDS: 'a, b' },
      { ...pool, COGNITO_DOMAIN_URL: 'auth.example.com' },
    ]) {
      expect(() => loadConfig(bad), JSON.stringify(bad)).toThrow();
    }
  });
});
