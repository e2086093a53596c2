import {
  type AuditActor,
  type Branding,
  type BrandingInput,
  checkBranding,
  DEFAULT_BRANDING,
  GatehouseError,
  type SetupBranding,
} from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import { audit } from './audit.ts';

type BrandingDeps = Pick<AppDeps, 'branding' | 'audit' | 'logger' | 'now'>;

/** The installation's branding, or Gatehouse's own while the operator has set none. */
export async function currentBranding(deps: Pick<AppDeps, 'branding'>): Promise<Branding> {
  return (await deps.branding.get()) ?? DEFAULT_BRANDING;
}

/** What the wizard shows. */
export async function setupBranding(deps: Pick<AppDeps, 'branding'>): Promise<SetupBranding> {
  const { productName, accentColor, logo } = await currentBranding(deps);
  return { productName, accentColor, logo };
}

/** The audit log's view of branding: the logo is summarised, not copied into every entry. */
const auditedBranding = (branding: Branding) => ({
  productName: branding.productName,
  accentColor: branding.accentColor,
  logo:
    branding.logo === null ? null : `${branding.logo.slice(5, branding.logo.indexOf(';'))}, ${branding.logo.length} characters`,
});

/**
 * Saves the operator's branding after checking it; a refusal names every problem with its fix (the
 * first one's code is the error's code) and stores nothing.
 */
export async function setBranding(deps: BrandingDeps, actor: AuditActor, input: BrandingInput): Promise<Branding> {
  const checked = checkBranding(input);
  const [first] = checked.problems;
  if (first) throw new GatehouseError(first.code, `${first.message} ${first.fix}`, { problems: checked.problems });
  const before = await currentBranding(deps);
  if (before.version !== input.version) {
    throw new GatehouseError('VERSION_CONFLICT', 'Someone else changed the branding since you opened it. Reload and try again.', {
      currentVersion: before.version,
    });
  }
  const after = {
    productName: input.productName,
    accentColor: input.accentColor,
    logo: checked.logo,
    version: input.version + 1,
    updatedAt: deps.now().toISOString(),
  };
  await deps.branding.save(after, input.version);
  await audit(deps, actor, {
    tenantId: null,
    action: 'branding.changed',
    summary: `Changed the setup wizard’s branding to “${after.productName}”.`,
    before: auditedBranding(before),
    after: auditedBranding(after),
  });
  return after;
}
