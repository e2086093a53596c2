import {
  approvedConnection,
  connectDynamo,
  DynamoConnectionStore,
  DynamoDomainStore,
  DynamoTenantStore,
  ensureTable,
  type StoredDomainClaim,
} from '@gatehouse/api';

/** What the discovery suites seed: many tenants, each with a live connection and verified domains. */
export const DISCOVERY_SEED = { tenants: 1_000, domainsPerTenant: 3 } as const;

/** The seeded table, and the email addresses the load generator sends. */
export interface DiscoverySeed {
  tableName: string;
  /** Addresses at verified domains of live connections: discovery answers with a provider. */
  routed: string[];
  /** Addresses discovery answers with null: suspended tenants and connections, pending claims, unknown domains. */
  unrouted: string[];
}

const VENDORS = ['entra', 'okta', 'google', 'adfs', 'ping', 'onelogin'] as const;
const pad = (i: number) => String(i).padStart(5, '0');
const domainOf = (tenant: number, j: number) =>
  `${['corp', 'mail', 'eu', 'us'][j % 4]}-${pad(tenant)}.example-${tenant % 97}.com`;

/**
 * Seeds DynamoDB Local through the API's own stores, as activation and domain verification write them:
 * 1,000 tenants (unless told otherwise), each with one connection and three domain claims. Every tenth tenant is suspended,
 * every seventh connection is suspended, and every tenant's third domain is still pending, so the table
 * holds the mix discovery must tell apart.
 */
export async function seedDiscovery(
  endpoint: string,
  options: { tableName?: string; tenants?: number } = {},
): Promise<DiscoverySeed> {
  const tableName = options.tableName ?? 'bench-discovery';
  const tenantCount = options.tenants ?? DISCOVERY_SEED.tenants;
  const db = connectDynamo({ tableName, region: 'us-east-1', endpoint });
  await ensureTable(db);
  const tenants = new DynamoTenantStore(db);
  const connections = new DynamoConnectionStore(db);
  const domains = new DynamoDomainStore(db);
  const at = '2026-01-01T00:00:00.000Z';
  const routed: string[] = [];
  const unrouted: string[] = [];

  async function seedTenant(i: number) {
    const tenantId = `tenant-${pad(i)}`;
    const connectionId = `conn-${pad(i)}`;
    const tenantSuspended = i % 10 === 0;
    const connectionSuspended = i % 7 === 0;
    await tenants.createTenant({
      id: tenantId,
      name: `Customer ${i}`,
      status: tenantSuspended ? 'suspended' : 'active',
      createdAt: at,
      version: 0,
    });
    await connections.create(
      approvedConnection(tenantId, connectionId, at, {
        vendor: VENDORS[i % VENDORS.length] ?? 'generic',
        protocol: i % 3 === 0 ? 'oidc' : 'saml',
        displayName: `Customer ${i} SSO`,
        providerName: `gh-customer-${i}-${pad(i)}`,
        testProviderName: `ghtest-customer-${i}-${pad(i)}`,
        suspended: connectionSuspended,
        version: 3,
      }),
    );
    for (let j = 0; j < DISCOVERY_SEED.domainsPerTenant; j++) {
      const claim: StoredDomainClaim = {
        tenantId,
        domain: domainOf(i, j),
        connectionId,
        status: 'pending',
        challenge: `gatehouse-verification=${pad(i)}${j}`,
        createdAt: at,
        updatedAt: at,
      };
      await domains.add(claim, 50);
      const verified = j < DISCOVERY_SEED.domainsPerTenant - 1;
      if (verified) await domains.markVerified(claim, at);
      const email = `user${j}@${claim.domain}`;
      (verified && !tenantSuspended && !connectionSuspended ? routed : unrouted).push(email);
    }
  }

  for (let base = 0; base < tenantCount; base += 100) {
    await Promise.all(Array.from({ length: Math.min(100, tenantCount - base) }, (_, j) => seedTenant(base + j)));
  }
  for (let i = 0; i < 200; i++) unrouted.push(`someone@unknown-${i}.example.net`);
  return { tableName, routed, unrouted };
}

/**
 * `count` request bodies for POST /v1/discovery, mostly routed addresses with one in five answered
 * null, spread over the seeded domains.
 */
export function discoveryBodies(seed: DiscoverySeed, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const pool = i % 5 === 4 ? seed.unrouted : seed.routed;
    const email = pool[(i * 7919) % pool.length] ?? 'nobody@example.com';
    return JSON.stringify({ email });
  });
}
