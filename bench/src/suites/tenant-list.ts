import { connectDynamo, DynamoTenantStore, ensureTable } from '@gatehouse/api';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { type Row, row } from '../report.ts';

const TENANTS = 10_000;
const PAGE = 25;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeEach(times: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  // Untimed first calls: connection set-up and DynamoDB Local's own warm-up would land on whichever runs first.
  for (let i = 0; i < 10; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/**
 * The console's tenants list at 10,000 tenants in DynamoDB Local: a page newest first, of one status,
 * and by name prefix, each as a ratio to a single GetItem of one tenant. Queries read one page of an
 * index whatever the table holds; a Scan would grow with it.
 */
export async function tenantListSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const dynamo = await startDynamoDbLocal();
  try {
    const db = connectDynamo({ tableName: 'bench-tenants', region: 'us-east-1', endpoint: dynamo.endpoint });
    await ensureTable(db);
    const store = new DynamoTenantStore(db);
    const names = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell'];
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let base = 0; base < TENANTS; base += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const i = base + j;
          return store.createTenant({
            id: `tenant-${String(i).padStart(5, '0')}`,
            name: `${names[i % names.length]} ${i}`,
            status: i % 4 === 0 ? 'suspended' : 'active',
            createdAt: new Date(start + i * 60_000).toISOString(),
            version: 0,
          });
        }),
      );
    }
    const times = Math.max(50, options.seconds * 40);
    const rows: Row[] = [];
    const suite = `Tenants list at ${TENANTS.toLocaleString('en')} tenants (DynamoDB Local, page of ${PAGE})`;
    for (let round = 0; round < options.rounds; round++) {
      const getItem = await timeEach(times, (i) => store.getTenant(`tenant-${String((i * 37) % TENANTS).padStart(5, '0')}`));
      const newest = await timeEach(times, () => store.listTenants({ limit: PAGE }));
      const byStatus = await timeEach(times, () => store.listTenants({ limit: PAGE, status: 'suspended' }));
      const search = await timeEach(times, (i) => store.listTenants({ limit: PAGE, search: names[i % names.length] ?? 'a' }));
      if (round === options.rounds - 1) {
        for (const [metric, value] of [
          ['newest first, median', newest],
          ['one status, median', byStatus],
          ['name prefix, median', search],
        ] as const) {
          rows.push(row({ suite, metric, baselineName: 'one GetItem', baseline: getItem, value, unit: 'ms' }));
        }
      }
    }
    return rows;
  } finally {
    await dynamo.stop();
  }
}
