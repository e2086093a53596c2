import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { resumeConnection, suspendConnection } from '../src/services/connection-lifecycle.ts';
import { backfillLiveIndex, backfillReviewQueue } from '../src/services/provider-index.ts';
import { deleteTenant } from '../src/services/tenant-deletion.ts';
import { createTenant } from '../src/services/tenants.ts';
import type { StoredConnection } from '../src/store/connection-store.ts';
import { connectionKey } from '../src/store/items.ts';
import { approvedConnection } from '../src/store/seed.ts';
import { connectDynamo } from '../src/store/table.ts';
import { submittedConnection } from './flows.ts';
import { createHarness, type Harness } from './harness.ts';

/** Every entry of the live connections index, read page by page. */
async function liveIndex(h: Harness, limit = 100) {
  const entries: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const page = await h.deps.connections.listLive({ limit, cursor });
    entries.push(...page.connections.map((c) => `${c.tenantId}/${c.connectionId}/${c.protocol}`));
    cursor = page.cursor;
    pages++;
  } while (cursor);
  return { entries, pages };
}

const storedConnection = (tenantId: string, id: string, activeRevision: number | null): StoredConnection =>
  approvedConnection(tenantId, id, '2026-01-01T00:00:00.000Z', { activeRevision });

describe('the live connections index', () => {
  it('follows activation, suspension, resumption and the tenant’s deletion', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await submittedConnection(h, 'saml');
    expect((await liveIndex(h)).entries).toEqual([]);

    const live = await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'op' });
    const entry = `${admin.tenant.id}/${connection.id}/saml`;
    expect((await liveIndex(h)).entries).toEqual([entry]);

    // A suspended connection is still live: the jobs keep checking it (without expecting it on the app clients).
    const suspended = await suspendConnection(h.deps, live, live.version);
    expect((await liveIndex(h)).entries).toEqual([entry]);
    const resumed = await resumeConnection(h.deps, suspended, suspended.version);
    expect((await liveIndex(h)).entries).toEqual([entry]);
    // The index keys are the store's business: they never leak into the connection read back.
    expect(Object.keys(resumed)).not.toContain('GSI1PK');
    expect(Object.keys((await h.deps.connections.get(admin.tenant.id, connection.id)) ?? {})).not.toContain('GSI1PK');

    await deleteTenant(h.deps, { type: 'operator', id: 'op' }, admin.tenant.id, admin.tenant.id, { userDeletionBudgetMs: 0 });
    expect((await liveIndex(h)).entries).toEqual([]);
  });

  it('drops a connection whose approval is taken back, and keeps a refused save out of it', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    await h.deps.connections.create(storedConnection(tenant.id, 'c1', 1));
    expect((await liveIndex(h)).entries).toEqual([`${tenant.id}/c1/saml`]);

    const stored = await h.deps.connections.get(tenant.id, 'c1');
    if (!stored) throw new Error('missing');
    const error = await h.deps.connections.save({ ...stored, activeRevision: null }, stored.version + 5).catch((e) => e);
    expect(error.code).toBe('VERSION_CONFLICT');
    expect((await liveIndex(h)).entries).toEqual([`${tenant.id}/c1/saml`]);

    await h.deps.connections.save({ ...stored, activeRevision: null }, stored.version);
    expect((await liveIndex(h)).entries).toEqual([]);
  });

  it('lists page by page, in tenant and connection order, never a connection twice', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    const ids = Array.from({ length: 7 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id) => h.deps.connections.create(storedConnection(tenant.id, id, 1))));
    await h.deps.connections.create(storedConnection(tenant.id, 'draft-only', null));

    const { entries, pages } = await liveIndex(h, 3);
    expect(entries).toEqual(ids.map((id) => `${tenant.id}/${id}/saml`));
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('backfills live connections saved before the index existed, once', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    const db = connectDynamo({ tableName: h.deps.config.tableName, region: 'us-east-1', endpoint: h.deps.config.dynamoEndpoint });
    // As an older version stored them: no index keys.
    for (const connection of [storedConnection(tenant.id, 'old-live', 2), storedConnection(tenant.id, 'old-draft', null)]) {
      await db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { ...connectionKey(tenant.id, connection.id), type: 'connection', ...connection },
        }),
      );
    }
    expect((await liveIndex(h)).entries).toEqual([]);
    expect(await backfillLiveIndex(h.deps)).toBe(1);
    expect((await liveIndex(h)).entries).toEqual([`${tenant.id}/old-live/saml`]);
    expect(await backfillLiveIndex(h.deps)).toBe(0);
  });

  it('backfills connections submitted before the review queue existed, once', async () => {
    const h = await createHarness();
    const tenant = await createTenant(h.deps.tenants, { name: 'Acme' }, h.clock.now);
    const db = connectDynamo({ tableName: h.deps.config.tableName, region: 'us-east-1', endpoint: h.deps.config.dynamoEndpoint });
    const waiting = { ...storedConnection(tenant.id, 'old-waiting', null), draftState: 'submitted' as const, draftRevision: 1 };
    // As an older version stored them: no index keys.
    for (const connection of [waiting, storedConnection(tenant.id, 'old-live', 1)]) {
      await db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { ...connectionKey(tenant.id, connection.id), type: 'connection', ...connection },
        }),
      );
    }
    expect(await h.deps.connections.listAwaitingReview()).toEqual([]);
    expect(await backfillReviewQueue(h.deps)).toBe(1);
    expect(await h.deps.connections.listAwaitingReview()).toEqual([{ tenantId: tenant.id, connectionId: 'old-waiting' }]);
    expect(await backfillReviewQueue(h.deps)).toBe(0);
  });
});
