import type { AppDeps } from '@gatehouse/api';
import { createTenant } from '@gatehouse/api';
import { createTenantInputSchema } from '@gatehouse/core';
import { commandHelp } from '../help.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

export async function tenantsCommand(args: string[], deps: () => AppDeps, io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parse(rest, { name: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } }, false);
    const input = createTenantInputSchema.safeParse({ name: values.name, id: values.id });
    if (!input.success) {
      throw new UsageError(input.error.issues.map((i) => `--${i.path.join('.') || 'name'}: ${i.message}`).join('\n'));
    }
    const d = deps();
    const tenant = await createTenant(d.tenants, input.data, d.now());
    io.out(
      values.json
        ? JSON.stringify(tenant)
        : `Created tenant ${tenant.id} (${tenant.name}).\nIssue its setup link: gatehouse setup-links create ${tenant.id}`,
    );
    return 0;
  }
  if (sub === 'list') {
    const { values } = parse(rest, { limit: { type: 'string' }, json: { type: 'boolean' } }, false);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new UsageError('--limit must be a whole number from 1 to 1000.');
    const page = await deps().tenants.listTenants({ limit });
    if (values.json) {
      io.out(JSON.stringify(page.tenants));
    } else if (page.tenants.length === 0) {
      io.out('No tenants yet. Create one: gatehouse tenants create --name "Acme Corp"');
    } else {
      for (const t of page.tenants) io.out(`${t.id.padEnd(34)}${t.status.padEnd(11)}${t.name}`);
    }
    return 0;
  }
  throw new UsageError(commandHelp('tenants'));
}
