import { type CreateTenantInput, GatehouseError, slugifyTenantName, type Tenant } from '@gatehouse/core';
import type { TenantStore } from '../store/tenant-store.ts';

/** Creates a tenant; its id is the given slug or one derived from its name. */
export async function createTenant(store: TenantStore, input: CreateTenantInput, now: Date): Promise<Tenant> {
  const id = input.id ?? slugifyTenantName(input.name);
  if (!id) {
    throw new GatehouseError(
      'VALIDATION_FAILED',
      'No tenant id can be made from this name. Give one explicitly: 3-32 lowercase letters, digits or hyphens.',
      { field: 'id' },
    );
  }
  const tenant: Tenant = { id, name: input.name, status: 'active', createdAt: now.toISOString(), version: 0 };
  await store.createTenant(tenant);
  return tenant;
}

/** Loads a tenant or fails with TENANT_NOT_FOUND. */
export async function requireTenant(store: TenantStore, id: string): Promise<Tenant> {
  const tenant = await store.getTenant(id);
  if (!tenant) throw new GatehouseError('TENANT_NOT_FOUND', `There is no tenant "${id}".`);
  return tenant;
}
