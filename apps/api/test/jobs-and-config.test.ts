import { isGatehouseError } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';
import { MONITORING_JOBS, runJob } from '../src/jobs.ts';
import { createLogger } from '../src/logger.ts';

describe('monitoring jobs', () => {
  it('reports each known job as not built yet, and logs it', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    for (const job of MONITORING_JOBS) {
      expect(await runJob(job, logger)).toMatchObject({ job, status: 'not-implemented' });
    }
    expect(lines.map((line) => JSON.parse(line).job)).toEqual([...MONITORING_JOBS]);
  });

  it('fails on an unknown job so the failed-job alarm fires', async () => {
    const error = await runJob('reticulate-splines', createLogger('silent')).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('VALIDATION_FAILED');
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
