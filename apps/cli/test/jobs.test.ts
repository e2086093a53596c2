import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { connectDynamo, createTenant, DynamoConnectionStore, DynamoTenantStore, ensureTable } from '@gatehouse/api';
import { startCognitoLocal } from '@gatehouse/cognito-local';
import { ensureDevPool, localCognitoClient } from '@gatehouse/dev-pool';
import { startSamlIdp } from '@gatehouse/test-idps';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../src/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const DAY_MS = 86_400_000;

/** A live SAML connection stored as approval leaves it, with metadata from a real IdP whose certificate is near expiry. */
async function liveConnection(tableName: string, tenantName: string, options: { withRevision: boolean }) {
  const db = connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
  const tenant = await createTenant(new DynamoTenantStore(db), { name: tenantName }, new Date());
  const idp = await startSamlIdp({ certificate: { notAfter: new Date(Date.now() + 10 * DAY_MS) } });
  const metadataXml = idp.metadataXml();
  await idp.stop();
  const connections = new DynamoConnectionStore(db);
  const at = new Date().toISOString();
  const connection = {
    id: 'conn-1',
    tenantId: tenant.id,
    vendor: 'generic' as const,
    protocol: 'saml' as const,
    displayName: 'Corporate SSO',
    providerName: `gh-${tenant.id}-1`,
    testProviderName: `ghtest-${tenant.id}-1`,
    suspended: false,
    activeRevision: 1,
    draft: null,
    draftState: null,
    draftRevision: null,
    step: 'submit' as const,
    changeSeq: 1,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  await connections.create(connection);
  const settings = {
    saml: { metadataSource: 'file' as const, metadataXml, signRequests: false, idpInitiated: false, idpSignout: false },
    attributeMapping: { email: 'email' },
    findings: [],
  };
  const test = { at, passed: true, changeSeq: 1, report: {} };
  if (options.withRevision) {
    await connections.putRevision({
      connectionId: connection.id,
      tenantId: tenant.id,
      revision: 1,
      settings,
      vendor: 'generic',
      protocol: 'saml',
      submittedAt: at,
      test,
      state: 'approved',
    });
  }
  return tenant;
}

describe('gatehouse jobs run', () => {
  let tableName: string;
  let stopCognito: () => Promise<void>;
  afterAll(() => stopCognito());
  beforeAll(async () => {
    // detect-drift reads the live IdPs from a real (local) Cognito.
    const cognito = await startCognitoLocal({ allowLoopbackHttp: true });
    stopCognito = () => cognito.stop();
    const pool = await ensureDevPool(localCognitoClient(cognito.endpoint), {
      portalUrl: 'https://sso.example.com',
      domainUrl: (d) => cognito.domainBaseUrl(d),
    });
    tableName = `cli-jobs-${randomUUID()}`;
    await ensureTable(connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') }));
    process.env.GATEHOUSE_TABLE = tableName;
    process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
    process.env.PUBLIC_URL = 'https://sso.example.com';
    process.env.AWS_REGION = 'us-east-1';
    process.env.COGNITO_USER_POOL_ID = pool.userPoolId;
    process.env.COGNITO_DOMAIN_URL = pool.domainUrl;
    process.env.COGNITO_ENDPOINT = cognito.endpoint;
    process.env.COGNITO_TEST_CLIENT_ID = pool.testClientId;
  });

  it('exits 2 on bad usage and 1 with VALIDATION_FAILED for a job it does not know', async () => {
    expect((await run('jobs')).code).toBe(2);
    expect((await run('jobs', 'run')).code).toBe(2);
    expect((await run('jobs', 'run', 'detect-drift', 'verify-domains')).code).toBe(2);
    expect((await run('jobs', 'run', 'detect-drift', '--bogus')).code).toBe(2);
    const unknown = await run('jobs', 'run', 'reticulate-splines');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^VALIDATION_FAILED:/);
    expect((await run('help')).out).toContain('gatehouse jobs run <refresh-metadata|verify-domains|detect-drift|all>');
  });

  it('runs every job, exits 0 with findings, and prints what it checked and found', async () => {
    const tenant = await liveConnection(tableName, 'Expiring Corp', { withRevision: true });
    const all = await run('jobs', 'run', 'all', '--json');
    expect(all.code).toBe(0);
    const report = JSON.parse(all.out);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r: { job: string; result: { status: string } }) => [r.job, r.result.status])).toEqual([
      ['refresh-metadata', 'done'],
      ['verify-domains', 'done'],
      ['detect-drift', 'done'],
    ]);
    expect(report.runs[0].result).toMatchObject({ checked: 1, findings: 1, newFindings: 1 });
    expect(report.runs[0].openFindings).toMatchObject([
      { tenantId: tenant.id, code: 'CERTIFICATE_EXPIRING', details: { threshold: 14 } },
    ]);
    // Stored as approved, but never created in Cognito: drift, and still a job that ran.
    expect(report.runs[2].openFindings).toMatchObject([{ tenantId: tenant.id, code: 'IDP_MISSING' }]);

    const text = await run('jobs', 'run', 'refresh-metadata');
    expect(text.code).toBe(0);
    expect(text.out).toContain('refresh-metadata: done. Checked 1 connection; 1 open finding (0 new).');
    expect(text.out).toContain(`${tenant.id} / Corporate SSO: CERTIFICATE_EXPIRING`);
  });

  it('exits 1 when the job could not run completely', async () => {
    await liveConnection(tableName, 'Broken Corp', { withRevision: false });
    const result = await run('jobs', 'run', 'refresh-metadata');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^refresh-metadata: FAILED \(INTERNAL\)/);
    const json = JSON.parse((await run('jobs', 'run', 'refresh-metadata', '--json')).out);
    expect(json).toMatchObject({ ok: false, runs: [{ error: { code: 'INTERNAL' }, result: { status: 'failed', errors: 1 } }] });
  });
});

describe('gatehouse jobs index-providers', () => {
  it('indexes the providers of connections made before the index, once', async () => {
    const tableName = `cli-index-${randomUUID()}`;
    const db = connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
    await ensureTable(db);
    await liveConnection(tableName, 'Old Co', { withRevision: false });
    const connections = new DynamoConnectionStore(db);
    const [tenant] = (await new DynamoTenantStore(db).listTenants({ limit: 10 })).tenants;
    const [connection] = await connections.list(tenant?.id ?? '');
    if (!connection) throw new Error('no connection');
    // As stored by a version without the index.
    await connections.deleteProviderIndex(connection);
    process.env.GATEHOUSE_TABLE = tableName;
    const first = await run('jobs', 'index-providers');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Indexed the providers of 1 connection;/);
    expect(await connections.ensureProviderIndex(connection)).toBe(false);
    const again = await run('jobs', 'index-providers');
    expect(again.out).toMatch(/^Indexed the providers of 0 connections;/);
    expect((await run('jobs', 'index-providers', 'extra')).code).toBe(2);
  });
});

describe('gatehouse jobs index-live-connections', () => {
  it('puts live connections saved before the index into it, once', async () => {
    const tableName = `cli-live-${randomUUID()}`;
    const db = connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
    await ensureTable(db);
    await liveConnection(tableName, 'Old Co', { withRevision: true });
    const connections = new DynamoConnectionStore(db);
    // As stored by a version without the index: the connection item without its index keys.
    const [entry] = (await connections.listLive({ limit: 10 })).connections;
    if (!entry) throw new Error('not indexed');
    await db.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `TENANT#${entry.tenantId}`, SK: `CONN#${entry.connectionId}` },
        UpdateExpression: 'REMOVE GSI1PK, GSI1SK',
      }),
    );
    expect((await connections.listLive({ limit: 10 })).connections).toEqual([]);
    process.env.GATEHOUSE_TABLE = tableName;
    const first = await run('jobs', 'index-live-connections');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Indexed 1 live connection;/);
    expect((await connections.listLive({ limit: 10 })).connections).toEqual([entry]);
    expect((await run('jobs', 'index-live-connections')).out).toMatch(/^Indexed 0 live connections;/);
    expect((await run('jobs', 'index-live-connections', 'extra')).code).toBe(2);
  });
});

describe('gatehouse jobs index-review-queue', () => {
  it('reports what it queued and takes no arguments (the backfill itself is tested in the API)', async () => {
    const tableName = `cli-review-${randomUUID()}`;
    await ensureTable(connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') }));
    process.env.GATEHOUSE_TABLE = tableName;
    const first = await run('jobs', 'index-review-queue');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Queued 0 connections for review;/);
    expect((await run('jobs', 'index-review-queue', 'extra')).code).toBe(2);
  });
});
