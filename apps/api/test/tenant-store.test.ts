import { describe, expect, it } from 'vitest';
import { createTenant } from '../src/services/tenants.ts';
import { createHarness } from './harness.ts';

describe('DynamoTenantStore on DynamoDB Local', () => {
  it('refuses a second tenant with the same id', async () => {
    const h = await createHarness();
    await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    await expect(createTenant(h.deps.tenants, { name: 'ACME' }, h.clock.now)).rejects.toMatchObject({
      code: 'TENANT_ALREADY_EXISTS',
    });
    await expect(createTenant(h.deps.tenants, { name: 'Acme', id: 'acme-2' }, h.clock.now)).resolves.toMatchObject({
      id: 'acme-2',
    });
  });

  it('asks for an id when none can be derived from the name', async () => {
    const h = await createHarness();
    await expect(createTenant(h.deps.tenants, { name: '株式会社' }, h.clock.now)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('applies optimistic locking: a stale version is a conflict and changes nothing', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    const suspended = await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version);
    expect(suspended).toMatchObject({ status: 'suspended', version: 1 });
    await expect(h.deps.tenants.updateTenantStatus(tenant.id, 'active', tenant.version)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 1 },
    });
    expect(await h.deps.tenants.getTenant(tenant.id)).toMatchObject({ status: 'suspended', version: 1 });
    await expect(h.deps.tenants.updateTenantStatus('nobody', 'active', 0)).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });

  it('lets exactly one of two issues based on the same tenant version win (TransactWriteItems)', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    // Two operators who both read version 0: whichever order the writes land in, the second is stale.
    const link = (id: string, tokenHash: string) => ({
      id,
      tenantId: tenant.id,
      tokenHash,
      createdAt: h.clock.now.toISOString(),
      expiresAt: new Date(h.clock.now.getTime() + 3_600_000).toISOString(),
      createdBy: 'test',
    });
    const results = await Promise.allSettled([
      h.deps.tenants.issueSetupLink(link('link-a', 'a'.repeat(64)), tenant.version),
      h.deps.tenants.issueSetupLink(link('link-b', 'b'.repeat(64)), tenant.version),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await h.deps.tenants.listSetupLinks(tenant.id)).toHaveLength(1);
    expect(await h.deps.tenants.getTenant(tenant.id)).toMatchObject({ version: 1 });
  });

  it('pages through tenants newest first with an opaque cursor', async () => {
    const h = await createHarness();
    for (const name of ['One', 'Two', 'Three']) {
      await createTenant(h.deps.tenants, { name }, h.clock.now);
      h.clock.advance(1000);
    }
    const first = await h.deps.tenants.listTenants({ limit: 2 });
    expect(first.tenants.map((t) => t.id)).toEqual(['three', 'two']);
    expect(first.nextCursor).toBeTruthy();
    const second = await h.deps.tenants.listTenants({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.tenants.map((t) => t.id)).toEqual(['one']);
    await expect(h.deps.tenants.listTenants({ limit: 2, cursor: 'garbage!' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
