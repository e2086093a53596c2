import { z } from 'zod';

/** A tenant's setting, set by the operator (and by the IT admin when the operator allows it). */
export const ssoEnforcementSchema = z.object({
  /** Native sign-in and self sign-up are refused for the tenant's verified, live domains. */
  enforced: z.boolean(),
  /** The tenant's IT admin may turn enforcement on and off in the wizard. */
  itAdminMayChange: z.boolean(),
});
export type SsoEnforcement = z.infer<typeof ssoEnforcementSchema>;

export const SSO_NOT_ENFORCED: SsoEnforcement = { enforced: false, itAdminMayChange: false };

/** The operator's change: the setting and the tenant version they saw. */
export const ssoEnforcementInputSchema = ssoEnforcementSchema.extend({ version: z.number().int().nonnegative() });
export type SsoEnforcementInput = z.infer<typeof ssoEnforcementInputSchema>;

/** The IT admin's change, when allowed. */
export const setupSsoEnforcementInputSchema = z.object({ enforced: z.boolean(), version: z.number().int().nonnegative() });

/** What the wizard and the console show: the setting and, per verified domain, whether it is enforced now. */
export const ssoEnforcementViewSchema = ssoEnforcementSchema.extend({
  version: z.number().int().nonnegative(),
  domains: z.array(
    z.object({
      domain: z.string(),
      /** Enforced now: the setting is on, the domain verified and its connection live. */
      enforcedNow: z.boolean(),
    }),
  ),
});
export type SsoEnforcementView = z.infer<typeof ssoEnforcementViewSchema>;

/** A user of the pool who signs in with a password under one of the tenant's verified domains. */
export const nativeUserSchema = z.object({
  username: z.string(),
  email: z.string(),
  /** Cognito's user status (CONFIRMED, FORCE_CHANGE_PASSWORD, ...). */
  status: z.string(),
  enabled: z.boolean(),
});
export type NativeUser = z.infer<typeof nativeUserSchema>;

/** GET …/native-users: the page after `cursor`, the first without one. */
export const nativeUsersQuerySchema = z.object({ cursor: z.string().max(4096).optional() });

export const nativeUserListSchema = z.object({
  users: z.array(nativeUserSchema),
  /** Where the next page of the pool starts; null when the whole pool was read. */
  nextCursor: z.string().nullable(),
});
export type NativeUserList = z.infer<typeof nativeUserListSchema>;

export const disableNativeUsersInputSchema = z.object({ usernames: z.array(z.string().min(1).max(128)).min(1).max(60) });
export const disableNativeUsersResultSchema = z.object({ disabled: z.number().int().nonnegative() });
