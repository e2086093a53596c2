// Without zod: the tenant store computes this key on every write and should not load the schemas.

/**
 * The key tenants are searched by: the name lowercased, accents removed, spaces collapsed. The same
 * function builds the stored key and the searched prefix, so both always agree.
 */
export function tenantSearchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
