import { z } from 'zod';
import { MAX_SETUP_LINK_TTL_HOURS } from './settings-limits.ts';
import { tenantIdSchema, tenantNameSchema, tenantStatusSchema } from './tenants.ts';

/** Setup-link tokens carry a prefix so secret scanners and people can recognise them. */
export const SETUP_TOKEN_PREFIX = 'gsl_';
/** `gsl_` followed by 32 random bytes in base64url (256 bits). */
export const SETUP_TOKEN_PATTERN = /^gsl_[A-Za-z0-9_-]{43}$/;

export { DEFAULT_SETUP_LINK_TTL_HOURS, MAX_SETUP_LINK_TTL_HOURS } from './settings-limits.ts';

export const setupTokenSchema = z.string().regex(SETUP_TOKEN_PATTERN, 'This is not a Gatehouse setup link.');

export const setupLinkStatusSchema = z.enum(['active', 'revoked', 'expired']);
export type SetupLinkStatus = z.infer<typeof setupLinkStatusSchema>;

export const setupLinkSchema = z.object({
  id: z.string(),
  tenantId: tenantIdSchema,
  status: setupLinkStatusSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});
export type SetupLink = z.infer<typeof setupLinkSchema>;

export const exchangeSetupLinkInputSchema = z.object({ token: z.string().max(200) });

export const setupSessionSchema = z.object({
  tenant: z.object({ id: tenantIdSchema, name: tenantNameSchema, status: tenantStatusSchema }),
  csrfToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type SetupSession = z.infer<typeof setupSessionSchema>;

/**
 * Parses a duration such as `72h`, `3d` or `90m` into hours. Returns null for anything else, or for a
 * duration outside (0, MAX_SETUP_LINK_TTL_HOURS].
 */
export function parseLinkLifetime(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/i.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 'h').toLowerCase();
  const hours = unit === 'd' ? amount * 24 : unit === 'm' ? amount / 60 : amount;
  if (!(hours > 0) || hours > MAX_SETUP_LINK_TTL_HOURS) return null;
  return hours;
}

/** Status of a link at `now`: revocation wins over expiry. */
export function setupLinkStatusAt(link: { expiresAt: string; revokedAt?: string | undefined }, now: Date): SetupLinkStatus {
  if (link.revokedAt) return 'revoked';
  return Date.parse(link.expiresAt) <= now.getTime() ? 'expired' : 'active';
}
