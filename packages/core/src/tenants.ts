import { z } from 'zod';
import { ssoEnforcementSchema } from './sso-enforcement-settings.ts';

/** Tenant ids are short slugs: they appear in URLs, logs and (later) in Cognito provider names. */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])$/;

export const tenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'Use 3-32 lowercase letters, digits or hyphens, starting and ending with a letter or digit.');

/** `deleting`: an operator started deleting the tenant; nothing of it serves, and deleting again finishes the job. */
export const tenantStatusSchema = z.enum(['active', 'suspended', 'deleting']);
export type TenantStatus = z.infer<typeof tenantStatusSchema>;

export const tenantNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the customer’s name.')
  .max(120, 'Keep the name under 120 characters.');

export const tenantSchema = z.object({
  id: tenantIdSchema,
  name: tenantNameSchema,
  status: tenantStatusSchema,
  createdAt: z.iso.datetime(),
  version: z.number().int().nonnegative(),
  /** SSO enforcement for the tenant's verified domains; off when absent. */
  ssoEnforcement: ssoEnforcementSchema.optional(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const createTenantInputSchema = z.object({
  name: tenantNameSchema,
  id: tenantIdSchema.optional(),
});
export type CreateTenantInput = z.infer<typeof createTenantInputSchema>;

/**
 * Derives a tenant id from a display name: "Acme Corp." becomes "acme-corp". Returns null when nothing
 * usable is left (a name in a script without Latin letters), so the caller asks for an explicit id.
 */
export function slugifyTenantName(name: string): string | null {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
  return TENANT_ID_PATTERN.test(slug) ? slug : null;
}
