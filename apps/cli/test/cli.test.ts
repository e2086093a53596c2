import { randomUUID } from 'node:crypto';
import { connectDynamo, ensureTable } from '@gatehouse/api';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../src/main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function run(...argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

describe('gatehouse CLI', () => {
  beforeAll(async () => {
    const tableName = `cli-${randomUUID()}`;
    await ensureTable(connectDynamo({ tableName, region: 'us-east-1', endpoint: inject('dynamoEndpoint') }));
    process.env.GATEHOUSE_TABLE = tableName;
    process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
    process.env.PUBLIC_URL = 'https://sso.example.com';
    process.env.AWS_REGION = 'us-east-1';
    process.env.COGNITO_USER_POOL_ID = 'us-east-1_CliTest1';
    process.env.COGNITO_DOMAIN_URL = 'https://auth.example.com';
    process.env.COGNITO_TEST_CLIENT_ID = 'testclient1';
  });

  it('exits 2 with help on bad usage', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('tenants', 'create')).code).toBe(2);
    expect((await run('tenants', 'create', '--name', 'X', '--bogus')).code).toBe(2);
    expect((await run('setup-links', 'create', 'acme', '--expires-in', 'forever')).code).toBe(2);
    expect((await run('setup-links', 'create', 'acme', '--expires-in', '31d')).code).toBe(2);
    expect((await run('help')).code).toBe(0);
  });

  it('creates a tenant, issues, lists and revokes its setup links', async () => {
    const created = await run('tenants', 'create', '--name', 'Acme Corp', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ id: 'acme-corp', name: 'Acme Corp', status: 'active' });
    expect((await run('tenants', 'create', '--name', 'Acme Corp')).code).toBe(1);

    const first = JSON.parse((await run('setup-links', 'create', 'acme-corp', '--expires-in', '3d', '--json')).out);
    expect(first.url).toMatch(/^https:\/\/sso\.example\.com\/setup\/gsl_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(first.expiresAt) - Date.parse(first.createdAt)).toBe(3 * 24 * 3_600_000);

    const second = JSON.parse((await run('setup-links', 'create', 'acme-corp', '--json')).out);
    expect(second.revokedLinkId).toBe(first.id);
    expect(Date.parse(second.expiresAt) - Date.parse(second.createdAt)).toBe(72 * 3_600_000);

    const listed = JSON.parse((await run('setup-links', 'list', 'acme-corp', '--json')).out);
    expect(listed.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([
      [second.id, 'active'],
      [first.id, 'revoked'],
    ]);

    expect((await run('setup-links', 'revoke', 'acme-corp', second.id)).code).toBe(0);
    const after = JSON.parse((await run('setup-links', 'list', 'acme-corp', '--json')).out);
    expect(after.every((l: { status: string }) => l.status === 'revoked')).toBe(true);
  });

  it('fails with the error code for an unknown tenant', async () => {
    const result = await run('setup-links', 'create', 'nobody-here');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^TENANT_NOT_FOUND:/);
  });
});
