import { UpdateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { runJob } from '../src/jobs.ts';
import { activateRevision } from '../src/services/activation.ts';
import { submittedConnection } from './flows.ts';
import { operatorHarness, operatorSession } from './operators.ts';

describe('GET /v1/admin/monitoring and connection health', () => {
  it('shows operators each job’s last run, the connections with open findings, and health on the tenant detail', async () => {
    const { h, signIn } = await operatorHarness();
    const { cookie } = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    const { admin, connection } = await submittedConnection(h, 'saml');
    await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'alice' });

    const before = await (await h.request('/v1/admin/monitoring', { cookie })).json();
    expect(before.jobs.map((j: { job: string; lastRun: unknown }) => [j.job, j.lastRun])).toEqual([
      ['refresh-metadata', null],
      ['verify-domains', null],
      ['detect-drift', null],
    ]);
    expect(before.connections).toEqual([]);
    const fresh = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie })).json();
    expect(fresh.connections[0].health).toBeNull();

    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
    await localCognitoClient(h.cognitoEndpoint).send(
      new UpdateIdentityProviderCommand({
        UserPoolId: pool.userPoolId,
        ProviderName: connection.providerName,
        AttributeMapping: { email: 'changed-by-hand' },
      }),
    );
    await runJob('detect-drift', h.deps);
    await runJob('refresh-metadata', h.deps);

    const overview = await h.request('/v1/admin/monitoring', { cookie });
    expect(overview.status).toBe(200);
    const body = await overview.json();
    const drift = body.jobs.find((j: { job: string }) => j.job === 'detect-drift');
    expect(drift.lastRun).toMatchObject({ status: 'done', checked: 1, findings: 1, newFindings: 1 });
    expect(body.jobs.find((j: { job: string }) => j.job === 'verify-domains').lastRun).toBeNull();
    expect(body.connections).toMatchObject([
      {
        tenantId: admin.tenant.id,
        connectionId: connection.id,
        health: { findings: [{ code: 'IDP_DRIFT', job: 'detect-drift' }] },
      },
    ]);

    const detail = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie })).json();
    const health = detail.connections[0].health;
    expect(health.checks.map((c: { job: string }) => c.job)).toEqual(['refresh-metadata', 'detect-drift']);
    expect(health.findings.map((f: { code: string }) => f.code)).toEqual(['IDP_DRIFT']);
  });

  it('is for operators only', async () => {
    const { h } = await operatorHarness();
    const { admin } = await submittedConnection(h, 'saml');
    expect((await h.request('/v1/admin/monitoring')).status).toBe(401);
    expect((await h.request('/v1/admin/monitoring', { cookie: admin.cookie })).status).toBe(401);
  });
});
