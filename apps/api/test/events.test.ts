import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type EventType, type GatehouseEvent, gatehouseEventSchema } from '@gatehouse/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { drainOutbox } from '../src/events/drain.ts';
import { EventBridgePublisher } from '../src/events/eventbridge-publisher.ts';
import type { EventPublisher } from '../src/events/publisher.ts';
import { publishStreamBatch } from '../src/events/stream-consumer.ts';
import { adminEventRoutes } from '../src/routes/admin-events.ts';
import { activateRevision } from '../src/services/activation.ts';
import { resumeConnection, rollbackConnection, suspendConnection } from '../src/services/connection-lifecycle.ts';
import { removeDomain, reverifyDomain, verifyDomain } from '../src/services/domains.ts';
import { lifecycleEvent } from '../src/services/events.ts';
import { newRunContext, recordHealth } from '../src/services/monitoring/context.ts';
import { rejectRevision } from '../src/services/submission.ts';
import { deleteTenant } from '../src/services/tenant-deletion.ts';
import type { StoredConnection } from '../src/store/connection-store.ts';
import type { StoredDomainClaim } from '../src/store/domain-store.ts';
import { OIDC_SECRET, recordTest, submittedConnection } from './flows.ts';
import { adminOf, createHarness, type Harness, useTestDns } from './harness.ts';
import { stored, twoRevisions } from './lifecycle-flows.ts';

const testDns = useTestDns();

function bus(h: Harness) {
  const local = h.deps.localEvents;
  if (!local) throw new Error('the test harness drains into the in-memory bus');
  return local;
}

const drain = (h: Harness, publisher: EventPublisher = bus(h)) => drainOutbox(h.deps, publisher);
const types = (events: GatehouseEvent[]) => events.map((event) => event['detail-type']);
const ids = (events: GatehouseEvent[]) => events.map((event) => event.detail.eventId);

/** The outbox items in the table, published or not. */
async function outboxItems(h: Harness): Promise<Array<Record<string, unknown>>> {
  return (JSON.parse(await h.tableDump()) as Array<Record<string, unknown>>).filter((item) =>
    String(item.PK).startsWith('OUTBOX#'),
  );
}

/** A connection in draft, made through the wizard's API (no Cognito needed to store it). */
async function draftConnection(h: Harness, name: string): Promise<StoredConnection> {
  const admin = await adminOf(h, name);
  const created = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
  return stored(h, { tenantId: admin.tenant.id, id: created.id });
}

/** Events for a connection, written through the store as a service would (a save with nothing else changed). */
async function saveWithEvents(h: Harness, connection: StoredConnection, count: number) {
  const events = Array.from({ length: count }, () =>
    lifecycleEvent(
      'gatehouse.connection.suspended',
      { tenantId: connection.tenantId, connectionId: connection.id, providerName: connection.providerName },
      h.clock.now,
    ),
  );
  const saved = await h.deps.connections.save(connection, connection.version, events);
  return { saved, events };
}

describe('connection lifecycle events', () => {
  it('sends one event per change, once however often the outbox is drained, and none for a refused change', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await submittedConnection(h, 'oidc');
    const rejected = await rejectRevision(h.deps, connection, { version: connection.version, reason: 'Wrong tenant id' });
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    expect((await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version })).status).toBe(200);
    const submitted = await stored(h, connection);

    // Refused: approving a version that is no longer current changes nothing and sends nothing.
    await expect(
      activateRevision(h.deps, submitted, { version: rejected.version, approvedBy: 'op@example.com' }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const active = await activateRevision(h.deps, submitted, { version: submitted.version, approvedBy: 'op@example.com' });
    const suspended = await suspendConnection(h.deps, active, active.version);
    await expect(suspendConnection(h.deps, suspended, suspended.version)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await resumeConnection(h.deps, suspended, suspended.version);

    expect(await drain(h)).toEqual({ published: 6, failed: 0 });
    expect(await drain(h)).toEqual({ published: 0, failed: 0 });
    const events = bus(h).all();
    expect(types(events)).toEqual([
      'gatehouse.connection.submitted',
      'gatehouse.connection.rejected',
      'gatehouse.connection.submitted',
      'gatehouse.connection.activated',
      'gatehouse.connection.suspended',
      'gatehouse.connection.resumed',
    ]);
    expect(new Set(ids(events)).size).toBe(6);
    for (const event of events) {
      expect(gatehouseEventSchema.parse(event)).toEqual(event);
      expect(event.detail).toMatchObject({ version: 1, tenantId: admin.tenant.id, connectionId: connection.id });
    }
    expect(events[1]?.detail).toMatchObject({ revision: 1, reason: 'Wrong tenant id' });
    expect(events[3]?.detail).toMatchObject({ revision: 1, previousRevision: null, providerName: connection.providerName });
    // Nothing secret travels: not the OIDC client secret, not a setup-link token.
    const sent = JSON.stringify(events);
    expect(sent).not.toContain(OIDC_SECRET);
    expect(sent).not.toContain('gsl_');
    expect(JSON.stringify(await outboxItems(h))).not.toContain(OIDC_SECRET);
  });

  it('sends the roll back, and the deletion of the tenant with its connections only when it is deleted', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const { admin, connection } = await twoRevisions(h);
    await rollbackConnection(h.deps, connection, connection.version);
    const operator = { type: 'operator' as const, id: 'op@example.com' };
    await expect(deleteTenant(h.deps, operator, admin.tenant.id, 'not-its-id')).rejects.toMatchObject({
      code: 'CONFIRMATION_MISMATCH',
    });
    await drain(h);
    expect(types(bus(h).all()).slice(-1)).toEqual(['gatehouse.connection.rolled-back']);
    expect(bus(h).all().at(-1)?.detail).toMatchObject({ fromRevision: 2, toRevision: 1 });

    await deleteTenant(h.deps, operator, admin.tenant.id, admin.tenant.id);
    // Deleting again finds no tenant: it sends nothing more.
    await expect(deleteTenant(h.deps, operator, admin.tenant.id, admin.tenant.id)).rejects.toMatchObject({
      code: 'TENANT_NOT_FOUND',
    });
    await drain(h);
    const deletion = bus(h).all().slice(-2);
    expect(types(deletion)).toEqual(['gatehouse.connection.deleted', 'gatehouse.tenant.deleted']);
    expect(deletion[0]?.detail).toMatchObject({ connectionId: connection.id, providerName: connection.providerName });
    expect(deletion[1]?.detail).toMatchObject({ tenantId: admin.tenant.id, connectionIds: [connection.id] });
  });
});

describe('the outbox', () => {
  it('is written in the same transaction as the change: a write that fails its condition leaves no event', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const event = lifecycleEvent(
      'gatehouse.connection.suspended',
      { tenantId: connection.tenantId, connectionId: connection.id, providerName: connection.providerName },
      h.clock.now,
    );
    await expect(h.deps.connections.save(connection, connection.version + 1, [event])).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(await outboxItems(h)).toEqual([]);
    expect(await h.deps.outbox.pending(10)).toEqual([]);

    await h.deps.connections.save(connection, connection.version, [event]);
    expect(await h.deps.outbox.pending(10)).toEqual([event]);
    expect(await outboxItems(h)).toEqual([expect.objectContaining({ type: 'outbox-event', eventId: event.detail.eventId })]);
  });

  it('delivers at least once: a failed publish is retried until delivered, and nothing is lost', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const { events } = await saveWithEvents(h, connection, 3);
    const [first, second, third] = events;
    if (!first || !second || !third) throw new Error('three events');

    // The whole call fails (EventBridge unreachable): nothing is marked, everything stays pending.
    const down: EventPublisher = {
      publish: () => Promise.reject(new Error('EventBridge is unreachable')),
    };
    expect(await drain(h, down)).toEqual({ published: 0, failed: 3 });
    expect(await h.deps.outbox.pending(10)).toHaveLength(3);

    // One entry refused (a partial failure): the others are delivered, the refused one stays pending.
    const refusing: EventPublisher = {
      publish: async (batch) => {
        await bus(h).publish(batch.filter((event) => event.detail.eventId !== second.detail.eventId));
        return { failed: batch.filter((event) => event.detail.eventId === second.detail.eventId) };
      },
    };
    expect(await drain(h, refusing)).toEqual({ published: 2, failed: 1 });
    expect(ids(await h.deps.outbox.pending(10))).toEqual([second.detail.eventId]);

    // Delivered, but the answer was lost: it goes out again (at least once), then it is done.
    const answerLost: EventPublisher = {
      publish: async (batch) => {
        await bus(h).publish(batch);
        return { failed: [...batch] };
      },
    };
    expect(await drain(h, answerLost)).toEqual({ published: 0, failed: 1 });
    expect(await drain(h)).toEqual({ published: 1, failed: 0 });
    expect(await drain(h)).toEqual({ published: 0, failed: 0 });

    const delivered = ids(bus(h).all());
    for (const event of events) expect(delivered).toContain(event.detail.eventId);
    expect(delivered.filter((id) => id === first.detail.eventId)).toHaveLength(1);
    expect(delivered.filter((id) => id === second.detail.eventId)).toHaveLength(2);
    // Published items are kept a day, then DynamoDB's TTL deletes them.
    for (const item of await outboxItems(h))
      expect(item).toMatchObject({ publishedAt: expect.any(String), ttl: expect.any(Number) });
  });

  it('is published by the stream consumer, which reports only the records it could not publish', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const { events } = await saveWithEvents(h, connection, 3);
    const items = await outboxItems(h);
    const records = [
      // The connection's own change is in the stream too; the consumer leaves it alone.
      { eventName: 'MODIFY', dynamodb: { SequenceNumber: '100', NewImage: marshall({ PK: 'TENANT#x', SK: 'META' }) } },
      ...items.map((item, index) => ({
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: String(200 + index), NewImage: marshall(item, { removeUndefinedValues: true }) },
      })),
    ];
    const refusedId = String(items[1]?.eventId);
    const refusing: EventPublisher = {
      publish: async (batch) => {
        await bus(h).publish(batch.filter((event) => event.detail.eventId !== refusedId));
        return { failed: batch.filter((event) => event.detail.eventId === refusedId) };
      },
    };
    expect(await publishStreamBatch(h.deps, refusing, records)).toEqual({ batchItemFailures: [{ itemIdentifier: '201' }] });
    expect(ids(await h.deps.outbox.pending(10))).toEqual([refusedId]);
    // Lambda delivers the failed record again; this time it goes through.
    expect(await publishStreamBatch(h.deps, bus(h), records.slice(2, 3))).toEqual({ batchItemFailures: [] });
    expect(await h.deps.outbox.pending(10)).toEqual([]);
    expect(new Set(ids(bus(h).all()))).toEqual(new Set(ids(events)));
  });
});

describe('domain events', () => {
  it('sends verified once, and withdrawn when re-verification fails or a verified domain is removed', async () => {
    const h = await createHarness({ dns: testDns.config().dns });
    const connection = await draftConnection(h, 'Acme');
    const add = async (domain: string) => {
      await h.deps.domains.add(
        {
          tenantId: connection.tenantId,
          domain,
          connectionId: connection.id,
          status: 'pending',
          challenge: `gatehouse-verification=v1.${domain}`,
          createdAt: h.clock.now.toISOString(),
          updatedAt: h.clock.now.toISOString(),
        },
        50,
      );
      testDns.server.setTxt(`_gatehouse-challenge.${domain}`, [`gatehouse-verification=v1.${domain}`]);
      return (await h.deps.domains.get(connection.tenantId, domain)) ?? expect.fail('claim');
    };
    const current = async (domain: string) => (await h.deps.domains.get(connection.tenantId, domain)) ?? expect.fail('claim');

    const claim = await add('events-a.example.com');
    await verifyDomain(h.deps, claim, h.clock.now);
    h.clock.advance(10_000);
    // Checked again and still verified: nothing changed for the SaaS.
    await verifyDomain(h.deps, await current('events-a.example.com'), h.clock.now);
    testDns.server.removeTxt('_gatehouse-challenge.events-a.example.com');
    await reverifyDomain(h.deps, await current('events-a.example.com'), h.clock.now, { graceMs: 0 });

    const other = await add('events-b.example.com');
    await verifyDomain(h.deps, other, h.clock.now);
    await removeDomain(h.deps, await current('events-b.example.com'), h.clock.now);
    // A pending domain never routed: removing it sends nothing.
    await removeDomain(h.deps, await add('events-c.example.com'), h.clock.now);

    await drain(h);
    const events = bus(h).all();
    expect(events.map((event) => [event['detail-type'], (event.detail as { domain?: string }).domain])).toEqual([
      ['gatehouse.domain.verified', 'events-a.example.com'],
      ['gatehouse.domain.withdrawn', 'events-a.example.com'],
      ['gatehouse.domain.verified', 'events-b.example.com'],
      ['gatehouse.domain.withdrawn', 'events-b.example.com'],
    ]);
    expect(events[1]?.detail).toMatchObject({ reason: 'record_not_found', connectionId: connection.id });
    expect(events[3]?.detail).toMatchObject({ reason: 'removed' });
  });

  it('writes no event when the claim changed under the write, and one when two checks race', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const at = h.clock.now.toISOString();
    const claim = {
      tenantId: connection.tenantId,
      domain: 'events-race.example.com',
      connectionId: connection.id,
      status: 'pending' as const,
      challenge: 'gatehouse-verification=v1.first',
      createdAt: at,
      updatedAt: at,
    };
    await h.deps.domains.add(claim, 50);
    const event = (type: 'gatehouse.domain.verified' | 'gatehouse.domain.withdrawn') => (before: StoredDomainClaim) =>
      (type === 'gatehouse.domain.verified') === (before.status !== 'verified')
        ? [
            type === 'gatehouse.domain.verified'
              ? lifecycleEvent(
                  type,
                  { tenantId: claim.tenantId, connectionId: claim.connectionId, domain: claim.domain },
                  h.clock.now,
                )
              : lifecycleEvent(
                  type,
                  {
                    tenantId: claim.tenantId,
                    connectionId: claim.connectionId,
                    domain: claim.domain,
                    reason: 'record_not_found',
                  },
                  h.clock.now,
                ),
          ]
        : [];
    // Removed and added again with a new challenge meanwhile: the old check must not mark it.
    await expect(
      h.deps.domains.markVerified(
        { ...claim, challenge: 'gatehouse-verification=v1.stale' },
        at,
        event('gatehouse.domain.verified'),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await outboxItems(h)).toEqual([]);

    // Two checks of the pending claim pass at once, then two re-checks of the verified claim fail at once:
    // each change is reported once, whichever write comes second.
    await Promise.all([0, 1].map(() => h.deps.domains.markVerified(claim, at, event('gatehouse.domain.verified'))));
    const verifiedClaim = (await h.deps.domains.get(claim.tenantId, claim.domain)) ?? expect.fail('claim');
    await Promise.all(
      [0, 1].map(() => h.deps.domains.markFailed(verifiedClaim, 'record_not_found', at, event('gatehouse.domain.withdrawn'))),
    );
    expect((await outboxItems(h)).map((item) => item.detailType).sort()).toEqual([
      'gatehouse.domain.verified',
      'gatehouse.domain.withdrawn',
    ]);
    expect(await h.deps.domains.get(claim.tenantId, claim.domain)).toMatchObject({ status: 'failed' });
  });
});

describe('monitoring events', () => {
  const check = { job: 'detect-drift', runId: 'run-1', tenantId: 'unused', connectionId: 'unused' } as const;

  it('sends a finding when it is first found and when it is no longer found', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const target = { tenantId: connection.tenantId, connectionId: connection.id, displayName: connection.displayName };
    const finding = {
      code: 'IDP_MISSING' as const,
      severity: 'error' as const,
      key: 'IDP_MISSING',
      message: 'The live identity provider is gone from the user pool.',
    };
    await recordHealth(newRunContext(check, h.deps), target, [finding]);
    await recordHealth(newRunContext(check, h.deps), target, [finding]);
    await recordHealth(newRunContext(check, h.deps), target, []);
    await drain(h);
    const events = bus(h).all();
    expect(types(events)).toEqual<EventType[]>(['gatehouse.monitoring.finding-opened', 'gatehouse.monitoring.finding-cleared']);
    expect(events[0]?.detail).toMatchObject({ job: 'detect-drift', code: 'IDP_MISSING', severity: 'error', key: 'IDP_MISSING' });
    expect(events[1]?.detail).toMatchObject({ job: 'detect-drift', code: 'IDP_MISSING', key: 'IDP_MISSING' });
  });

  it('reports a finding once when two runs of the job record it at the same time', async () => {
    const h = await createHarness();
    const connection = await draftConnection(h, 'Acme');
    const target = { tenantId: connection.tenantId, connectionId: connection.id, displayName: connection.displayName };
    const finding = { code: 'IDP_DRIFT' as const, severity: 'warning' as const, key: 'IDP_DRIFT', message: 'Drifted.' };
    await Promise.all([0, 1, 2].map(() => recordHealth(newRunContext(check, h.deps), target, [finding])));
    expect((await outboxItems(h)).map((item) => item.detailType)).toEqual(['gatehouse.monitoring.finding-opened']);
  });
});

describe('GET /v1/admin/events', () => {
  it('lists the latest events of the local bus newest first, and in AWS names the bus instead', async () => {
    const h = await createHarness();
    expect((await h.request('/v1/admin/events')).status).toBe(401);
    const connection = await draftConnection(h, 'Acme');
    const { events } = await saveWithEvents(h, connection, 3);
    await drain(h);
    const local = await adminEventRoutes(h.deps).request('/events?limit=2');
    expect(local.status).toBe(200);
    expect(await local.json()).toEqual({
      delivery: 'local',
      busName: null,
      events: [events[2], events[1]],
    });

    const inAws = adminEventRoutes({
      ...h.deps,
      localEvents: null,
      config: { ...h.deps.config, eventBusName: 'Gatehouse-events' },
    });
    expect(await (await inAws.request('/events')).json()).toEqual({
      delivery: 'eventbridge',
      busName: 'Gatehouse-events',
      events: [],
    });
  });
});

describe('the EventBridge publisher', () => {
  it('sends PutEvents in batches of ten and returns exactly the entries EventBridge refused', async () => {
    const calls: Array<{ target: string | undefined; entries: Array<Record<string, unknown>> }> = [];
    // A stand-in EventBridge endpoint speaking its JSON protocol: it refuses the entry whose detail says so.
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const entries = (JSON.parse(body) as { Entries: Array<Record<string, unknown>> }).Entries;
        calls.push({ target: request.headers['x-amz-target'] as string | undefined, entries });
        const results = entries.map((entry, index) =>
          String(entry.Detail).includes('"refuse-me"')
            ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
            : { EventId: `eb-${calls.length}-${index}` },
        );
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const publisher = new EventBridgePublisher(
      'Gatehouse-events',
      new EventBridgeClient({
        region: 'eu-west-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    );
    const now = new Date('2026-03-02T10:15:00.000Z');
    const events = Array.from({ length: 12 }, (_, index) =>
      lifecycleEvent(
        'gatehouse.connection.rejected',
        { tenantId: 'acme', connectionId: 'c1', revision: 1, reason: index === 11 ? 'refuse-me' : 'fine' },
        now,
      ),
    );
    const result = await publisher.publish(events);
    expect(result.failed).toEqual([events[11]]);
    expect(calls.map((call) => [call.target, call.entries.length])).toEqual([
      ['AWSEvents.PutEvents', 10],
      ['AWSEvents.PutEvents', 2],
    ]);
    expect(calls[0]?.entries[0]).toMatchObject({
      EventBusName: 'Gatehouse-events',
      Source: 'gatehouse',
      DetailType: 'gatehouse.connection.rejected',
      Detail: JSON.stringify(events[0]?.detail),
    });

    // Unreachable: the whole batch is returned as failed, nothing is thrown.
    server.close();
    server.closeAllConnections();
    expect((await publisher.publish(events.slice(0, 2))).failed).toEqual(events.slice(0, 2));
  });
});
