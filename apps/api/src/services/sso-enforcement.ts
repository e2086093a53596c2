import {
  type AuditActor,
  emailDomainOf,
  GatehouseError,
  type NativeUserList,
  SSO_NOT_ENFORCED,
  type SsoEnforcement,
  type SsoEnforcementView,
  type Tenant,
} from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import { isEnforced } from '../sso-enforcement/enforced-domains.ts';
import { audit } from './audit.ts';
import { routeDomain } from './discovery.ts';
import { requireTenant } from './tenants.ts';

type Deps = Pick<AppDeps, 'tenants' | 'domains' | 'items' | 'audit' | 'logger' | 'now' | 'cognito'>;

async function verifiedDomains(deps: Deps, tenantId: string): Promise<string[]> {
  return (await deps.domains.listForTenant(tenantId)).filter((claim) => claim.status === 'verified').map((claim) => claim.domain);
}

/** The setting and, for each verified domain, whether native sign-in is refused there now. */
export async function ssoEnforcementView(deps: Deps, tenant: Tenant): Promise<SsoEnforcementView> {
  const setting = tenant.ssoEnforcement ?? SSO_NOT_ENFORCED;
  const domains = await verifiedDomains(deps, tenant.id);
  return {
    ...setting,
    version: tenant.version,
    domains: await Promise.all(
      domains.map(async (domain) => ({ domain, enforcedNow: isEnforced(await routeDomain(deps, domain)) })),
    ),
  };
}

/** Changes a tenant's SSO enforcement (the operator, or the IT admin when allowed), audited. */
async function change(deps: Deps, actor: AuditActor, tenant: Tenant, next: SsoEnforcement, version: number) {
  const before = tenant.ssoEnforcement ?? SSO_NOT_ENFORCED;
  const updated = await deps.tenants.updateSsoEnforcement(tenant.id, next, version);
  await audit(deps, actor, {
    tenantId: tenant.id,
    action: 'tenant.sso-enforcement-changed',
    summary: next.enforced
      ? `Single sign-on is now required for ${tenant.name}'s verified domains: password sign-in and self sign-up there are refused.`
      : `Single sign-on is no longer required for ${tenant.name}'s domains.`,
    before: { ...before },
    after: { ...next },
  });
  return updated;
}

export async function setSsoEnforcement(
  deps: Deps,
  actor: AuditActor,
  tenantId: string,
  input: SsoEnforcement & { version: number },
): Promise<SsoEnforcementView> {
  const tenant = await requireTenant(deps.tenants, tenantId);
  const updated = await change(
    deps,
    actor,
    tenant,
    { enforced: input.enforced, itAdminMayChange: input.itAdminMayChange },
    input.version,
  );
  return ssoEnforcementView(deps, updated);
}

/** The IT admin's change: only the on/off switch, and only when the operator lets them. */
export async function setSsoEnforcementByItAdmin(
  deps: Deps,
  actor: AuditActor,
  tenant: Tenant,
  input: { enforced: boolean; version: number },
): Promise<SsoEnforcementView> {
  const current = (await requireTenant(deps.tenants, tenant.id)).ssoEnforcement ?? SSO_NOT_ENFORCED;
  if (!current.itAdminMayChange) {
    throw new GatehouseError(
      'FORBIDDEN',
      'Your service provider decides whether single sign-on is required for your domains. Ask your contact there to change it.',
    );
  }
  const updated = await change(deps, actor, tenant, { ...current, enforced: input.enforced }, input.version);
  return ssoEnforcementView(deps, updated);
}

/** How many pages of the pool one request reads at most (60 users each). */
const PAGES_PER_REQUEST = 10;

/**
 * The enabled password users of the pool whose email is under one of the tenant's verified domains: the
 * accounts that SSO enforcement locks out, which the operator may want to disable. Cognito's ListUsers
 * cannot filter by email suffix, so the pool is read a few pages per request; `nextCursor` goes on.
 */
export async function listNativeUsers(deps: Deps, tenantId: string, cursor: string | undefined): Promise<NativeUserList> {
  await requireTenant(deps.tenants, tenantId);
  const domains = new Set(await verifiedDomains(deps, tenantId));
  const users: NativeUserList['users'] = [];
  let next: string | null = cursor ?? null;
  for (let page = 0; page < PAGES_PER_REQUEST; page++) {
    const result = await deps.cognito.listUsersPage(next ?? undefined);
    for (const user of result.users) {
      if (user.status === 'EXTERNAL_PROVIDER' || !user.email) continue;
      const domain = emailDomainOf({ email: user.email });
      if (domain && domains.has(domain))
        users.push({ username: user.username, email: user.email, status: user.status, enabled: user.enabled });
    }
    next = result.nextCursor;
    if (!next) break;
  }
  return { users, nextCursor: next };
}

/** Disables password users under the tenant's verified domains (never anyone else), audited. */
export async function disableNativeUsers(deps: Deps, actor: AuditActor, tenantId: string, usernames: string[]): Promise<number> {
  const tenant = await requireTenant(deps.tenants, tenantId);
  const domains = new Set(await verifiedDomains(deps, tenantId));
  const disabled = [...new Set(usernames)];
  // Every one is checked before any is disabled: a list with one wrong name changes nothing.
  for (const username of disabled) {
    const attributes = await deps.cognito.userAttributes(username);
    const domain = attributes ? emailDomainOf(attributes) : null;
    if (!attributes || !domain || !domains.has(domain) || attributes.identities) {
      throw new GatehouseError(
        'VALIDATION_FAILED',
        `${username} is not a password user under ${tenant.name}'s verified domains.`,
        {
          username,
        },
      );
    }
  }
  for (const username of disabled) await deps.cognito.disableUser(username);
  await audit(deps, actor, {
    tenantId,
    action: 'tenant.native-users-disabled',
    summary: `Disabled ${disabled.length} password user(s) under ${tenant.name}'s verified domains.`,
    after: { usernames: disabled },
  });
  return disabled.length;
}
