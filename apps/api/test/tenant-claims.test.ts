import { createServer, type Socket } from 'node:net';
import type { PreTokenGenerationEvent } from '@gatehouse/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createConnection } from '../src/services/connections.ts';
import { backfillProviderIndex } from '../src/services/provider-index.ts';
import { createTenant } from '../src/services/tenants.ts';
import type { StoredConnection } from '../src/store/connection-store.ts';
import { createItemReader, type ItemReader } from '../src/store/item-reader.ts';
import {
  cachedProviderTenants,
  createTenantClaimsTrigger,
  type TenantClaimsEvent,
  tableProviderTenants,
  tenantClaimsTriggerFor,
} from '../src/tenant-claims/index.ts';
import { createHarness, type Harness } from './harness.ts';

/** A V2_0 event as Cognito sends it at a federated sign-in (developer guide, pre token generation trigger). */
function tokenEvent(userName: string, providerName: string | null, extra: Record<string, string> = {}): TenantClaimsEvent {
  const identities: Record<string, string> = providerName
    ? {
        identities: JSON.stringify([
          {
            userId: 'subject-1',
            providerName,
            providerType: 'SAML',
            issuer: null,
            primary: true,
            dateCreated: 1_700_000_000_000,
          },
        ]),
      }
    : {};
  const event: PreTokenGenerationEvent = {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: 'us-east-1_test',
    userName,
    callerContext: { clientId: 'app-client', awsSdkVersion: 'aws-sdk-unknown-unknown' },
    request: {
      userAttributes: {
        sub: 'b3c1',
        email: 'pat@acme.example',
        'cognito:user_status': 'EXTERNAL_PROVIDER',
        ...identities,
        ...extra,
      },
      groupConfiguration: { groupsToOverride: ['us-east-1_test_provider'], iamRolesToOverride: [], preferredRole: null },
      scopes: ['openid', 'email'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
  return event;
}

const userOf = (providerName: string) => `${providerName}_subject-1`;

/** The reader the trigger uses, counting the reads it makes. */
function countingReader(h: Harness) {
  const inner = createItemReader(h.deps.config);
  const counter = { reads: 0 };
  const reader: ItemReader = {
    get: (key, options) => {
      counter.reads += 1;
      return inner.get(key, options);
    },
    getMany: (keys, options) => {
      counter.reads += 1;
      return inner.getMany(keys, options);
    },
  };
  return { reader, counter };
}

function triggerFor(h: Harness, reader: ItemReader = createItemReader(h.deps.config)) {
  return createTenantClaimsTrigger({ lookup: tableProviderTenants(reader), logger: createLogger('silent') });
}

/** A tenant with one connection; `live` approves it (revision 1 serves) without going through Cognito. */
async function tenantWithConnection(h: Harness, name: string, live: boolean): Promise<StoredConnection> {
  const tenant = await createTenant(h.deps.tenants, { name }, h.clock.now);
  const connection = await createConnection(h.deps.connections, tenant.id, { vendor: 'okta', protocol: 'saml' }, h.clock.now);
  if (!live) return connection;
  return h.deps.connections.save({ ...connection, activeRevision: 1, draft: null, draftState: null }, connection.version);
}

const claimsOf = (event: TenantClaimsEvent) => event.response.claimsAndScopeOverrideDetails;

describe('the tenant claims trigger', () => {
  it('puts the tenant of a live provider in both tokens, and never touches reserved claims or groups', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', true);
    const result = await triggerFor(h)(tokenEvent(userOf(connection.providerName), connection.providerName));
    expect(claimsOf(result)).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: { tenant_id: connection.tenantId } },
      accessTokenGeneration: { claimsToAddOrOverride: { tenant_id: connection.tenantId } },
    });
  });

  it('puts the tenant in the tokens of a test login, before the connection is approved', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', false);
    const trigger = triggerFor(h);
    const test = await trigger(tokenEvent(userOf(connection.testProviderName), connection.testProviderName));
    expect(claimsOf(test)?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: connection.tenantId });
    // The live provider of a connection that was never approved serves no one yet.
    const live = await trigger(tokenEvent(userOf(connection.providerName), connection.providerName));
    expect(claimsOf(live)).toBeNull();
  });

  it('ignores a tenant the IdP sends: a forged custom:tenant_id is suppressed and the real tenant wins', async () => {
    const h = await createHarness();
    const acme = await tenantWithConnection(h, 'Acme', true);
    const globex = await tenantWithConnection(h, 'Globex', true);
    const forged = tokenEvent(userOf(acme.providerName), acme.providerName, { 'custom:tenant_id': globex.tenantId });
    const result = await triggerFor(h)(forged);
    expect(claimsOf(result)?.idTokenGeneration).toEqual({
      claimsToAddOrOverride: { tenant_id: acme.tenantId },
      claimsToSuppress: ['custom:tenant_id'],
    });
    expect(claimsOf(result)?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: acme.tenantId });
    // A user name that claims another tenant's provider without Cognito's identities to back it: nothing.
    const spoofed = await triggerFor(h)(tokenEvent(userOf(globex.providerName), acme.providerName));
    expect(claimsOf(spoofed)).toBeNull();
  });

  it('leaves native users and providers it does not manage exactly as Cognito made them', async () => {
    const h = await createHarness();
    await tenantWithConnection(h, 'Acme', true);
    const trigger = triggerFor(h);
    const native = tokenEvent('pat', null, { 'custom:tenant_id': 'acme' });
    expect(await trigger(structuredClone(native))).toEqual(native);
    const other = tokenEvent(userOf('CorporateAD'), 'CorporateAD', { 'custom:tenant_id': 'acme' });
    expect(await trigger(structuredClone(other))).toEqual(other);
  });

  it('issues no tenant for a suspended or deleted tenant, or a suspended connection', async () => {
    const h = await createHarness();
    const trigger = triggerFor(h);
    const suspendedTenant = await tenantWithConnection(h, 'Suspended Co', true);
    const tenant = await h.deps.tenants.getTenant(suspendedTenant.tenantId);
    if (!tenant) throw new Error('no tenant');
    await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version);
    expect(claimsOf(await trigger(tokenEvent(userOf(suspendedTenant.providerName), suspendedTenant.providerName)))).toBeNull();
    expect(
      claimsOf(await trigger(tokenEvent(userOf(suspendedTenant.testProviderName), suspendedTenant.testProviderName))),
    ).toBeNull();

    const paused = await tenantWithConnection(h, 'Paused Co', true);
    await h.deps.connections.save({ ...paused, suspended: true }, paused.version);
    expect(claimsOf(await trigger(tokenEvent(userOf(paused.providerName), paused.providerName)))).toBeNull();

    const gone = await tenantWithConnection(h, 'Gone Co', true);
    await h.deps.connections.deleteProviderIndex(gone);
    await h.deps.tenants.purgeTenant(gone.tenantId);
    expect(claimsOf(await trigger(tokenEvent(userOf(gone.providerName), gone.providerName)))).toBeNull();
  });

  it('refuses the token when the table cannot be read, and remembers no failure', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', true);
    // A port that accepts connections and never answers: every read times out.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const port = (silent.address() as { port: number }).port;
    const down = tenantClaimsTriggerFor(
      { ...h.deps.config, dynamoEndpoint: `http://127.0.0.1:${port}`, cacheSeconds: 60 },
      createLogger('silent'),
    );
    const event = tokenEvent(userOf(connection.providerName), connection.providerName);
    const started = Date.now();
    await expect(down(structuredClone(event))).rejects.toThrow();
    // Three attempts of at most a second each, inside the 5 seconds Cognito gives a trigger.
    expect(Date.now() - started).toBeLessThan(4500);
    // The table is back (the same lookup over the working endpoint): the next token gets its tenant.
    const { reader, counter } = countingReader(h);
    let failing = true;
    const flaky: ItemReader = {
      get: (key, options) => (failing ? Promise.reject(new Error('ThrottlingException')) : reader.get(key, options)),
      getMany: (keys, options) => reader.getMany(keys, options),
    };
    const trigger = createTenantClaimsTrigger({
      lookup: cachedProviderTenants(tableProviderTenants(flaky), { ttlMs: 60_000 }),
      logger: createLogger('silent'),
    });
    await expect(trigger(structuredClone(event))).rejects.toThrow();
    failing = false;
    const result = await trigger(structuredClone(event));
    expect(claimsOf(result)?.idTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: connection.tenantId });
    expect(counter.reads).toBe(2);
  });

  it('answers from its cache while the answer is fresh, then reads again and sees a suspension', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', true);
    const { reader, counter } = countingReader(h);
    let now = 1_000_000;
    const trigger = createTenantClaimsTrigger({
      lookup: cachedProviderTenants(tableProviderTenants(reader), { ttlMs: 10_000, now: () => now }),
      logger: createLogger('silent'),
    });
    const event = () => tokenEvent(userOf(connection.providerName), connection.providerName);
    await Promise.all([trigger(event()), trigger(event()), trigger(event())]);
    expect(counter.reads).toBe(2);
    const tenant = await h.deps.tenants.getTenant(connection.tenantId);
    if (!tenant) throw new Error('no tenant');
    await h.deps.tenants.updateTenantStatus(tenant.id, 'suspended', tenant.version);
    now += 9_999;
    expect(claimsOf(await trigger(event()))?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      tenant_id: connection.tenantId,
    });
    now += 2;
    expect(claimsOf(await trigger(event()))).toBeNull();
    expect(counter.reads).toBe(4);
  });

  it('answers a V1_0 event in its shape: the ID token only', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', true);
    const event = { ...tokenEvent(userOf(connection.providerName), connection.providerName), version: '1' };
    const result = await triggerFor(h)(event);
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: null,
      claimsOverrideDetails: { claimsToAddOrOverride: { tenant_id: connection.tenantId } },
    });
  });
});

describe('the provider index', () => {
  it('is written with every connection and put back for connections made before it', async () => {
    const h = await createHarness();
    const connection = await tenantWithConnection(h, 'Acme', false);
    expect(await h.deps.connections.ensureProviderIndex(connection)).toBe(false);
    await h.deps.connections.deleteProviderIndex(connection);
    expect(await h.deps.connections.ensureProviderIndex(connection)).toBe(true);
    const test = await triggerFor(h)(tokenEvent(userOf(connection.testProviderName), connection.testProviderName));
    expect(claimsOf(test)?.idTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: connection.tenantId });
  });

  it('never lets a connection take over a provider name another connection holds', async () => {
    const h = await createHarness();
    const acme = await tenantWithConnection(h, 'Acme', true);
    const globex = await tenantWithConnection(h, 'Globex', true);
    // A connection whose provider names collide with Acme's (as if generated twice): refused, and Acme's
    // users keep their tenant.
    const impostor = { ...globex, providerName: acme.providerName, testProviderName: acme.testProviderName };
    await expect(h.deps.connections.ensureProviderIndex(impostor)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(h.deps.connections.create({ ...impostor, id: 'impostor' })).rejects.toThrow();
    const result = await triggerFor(h)(tokenEvent(userOf(acme.providerName), acme.providerName));
    expect(claimsOf(result)?.idTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: acme.tenantId });
    expect(await h.deps.connections.get(globex.tenantId, 'impostor')).toBeNull();
  });
});

describe('backfilling the provider index', () => {
  it('indexes every connection made before the index existed, once', async () => {
    const h = await createHarness();
    const acme = await tenantWithConnection(h, 'Acme', true);
    const globex = await tenantWithConnection(h, 'Globex', false);
    for (const connection of [acme, globex]) await h.deps.connections.deleteProviderIndex(connection);
    expect(claimsOf(await triggerFor(h)(tokenEvent(userOf(acme.providerName), acme.providerName)))).toBeNull();
    expect(await backfillProviderIndex(h.deps)).toBe(2);
    expect(await backfillProviderIndex(h.deps)).toBe(0);
    const live = await triggerFor(h)(tokenEvent(userOf(acme.providerName), acme.providerName));
    expect(claimsOf(live)?.idTokenGeneration?.claimsToAddOrOverride).toEqual({ tenant_id: acme.tenantId });
  });
});
