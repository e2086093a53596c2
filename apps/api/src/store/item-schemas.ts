import type { DomainClaimStatus, DomainFailureReason, TenantStatus } from '@gatehouse/core';
import { PROTOCOLS, VENDOR_IDS, WIZARD_STEPS } from '@gatehouse/core/connection-constants';
import * as v from 'valibot';
import type { StoredConnection, StoredRevision } from './connection-types.ts';

// Schemas of the items the stores read back, so that a read is checked rather than cast: an item that
// does not have the shape the code relies on is refused where it is read (StoredItemInvalid), not
// somewhere later. valibot, not zod: discovery reads connections and tenants on the Lambda's cold path.
// Nested settings are checked to the depth the services rely on; extra attributes are kept. The schemas
// are marked pure so that bundles importing only the keys in items.ts (the token triggers) leave them out.

const text = /* @__PURE__ */ v.string();
const optionalText = /* @__PURE__ */ v.optional(v.string());
const draftStates = /* @__PURE__ */ v.picklist(['draft', 'submitted', 'rejected']);
const mapping = /* @__PURE__ */ v.record(v.string(), v.string());

const finding = /* @__PURE__ */ v.looseObject({
  code: text,
  severity: v.picklist(['error', 'warning', 'info']),
  field: text,
  message: text,
  fix: text,
  places: v.optional(v.array(text)),
});

const draftSettings = /* @__PURE__ */ v.looseObject({
  saml: v.optional(
    v.looseObject({
      metadataSource: v.picklist(['file', 'url']),
      metadataUrl: optionalText,
      metadataXml: optionalText,
      fileName: optionalText,
      entityId: optionalText,
      signRequests: v.boolean(),
      idpInitiated: v.boolean(),
      idpSignout: v.boolean(),
    }),
  ),
  oidc: v.optional(
    v.looseObject({
      issuer: text,
      clientId: text,
      secret: v.nullable(v.looseObject({ set: v.literal(true), lastFour: text, setAt: text })),
      scopes: text,
      attributesRequestMethod: v.picklist(['GET', 'POST']),
    }),
  ),
  attributeMapping: mapping,
  findings: v.array(finding),
  mappingFindings: v.optional(v.array(finding)),
});

const testResult = /* @__PURE__ */ v.looseObject({
  at: text,
  passed: v.boolean(),
  changeSeq: v.number(),
  report: v.record(v.string(), v.unknown()),
});

const connectionItem = /* @__PURE__ */ v.looseObject({
  id: text,
  tenantId: text,
  vendor: v.picklist(VENDOR_IDS),
  protocol: v.picklist(PROTOCOLS),
  displayName: text,
  providerName: text,
  testProviderName: text,
  suspended: v.boolean(),
  activeRevision: v.nullable(v.number()),
  draft: v.nullable(draftSettings),
  draftState: v.nullable(draftStates),
  draftRevision: v.nullable(v.number()),
  rejection: v.optional(v.looseObject({ reason: text, at: text })),
  step: v.picklist(WIZARD_STEPS),
  changeSeq: v.number(),
  lastTest: v.optional(testResult),
  submittedAt: optionalText,
  createdAt: text,
  updatedAt: text,
  version: v.number(),
});

const revisionItem = /* @__PURE__ */ v.looseObject({
  connectionId: text,
  tenantId: text,
  revision: v.number(),
  settings: draftSettings,
  vendor: v.picklist(VENDOR_IDS),
  protocol: v.picklist(PROTOCOLS),
  submittedAt: text,
  test: testResult,
  state: v.picklist(['submitted', 'withdrawn', 'approved', 'rejected', 'superseded', 'rolled-back']),
});

/** Every tenant status; the type check below keeps the list complete. */
const TENANT_STATUSES = ['active', 'suspended', 'deleting'] as const satisfies readonly TenantStatus[];
const everyTenantStatus: Exclude<TenantStatus, (typeof TENANT_STATUSES)[number]> extends never ? true : never = true;
void everyTenantStatus;

const ssoEnforcementItem = /* @__PURE__ */ v.optional(
  v.looseObject({ enforced: v.optional(v.boolean()), itAdminMayChange: v.optional(v.boolean()) }),
);

const tenantItem = /* @__PURE__ */ v.looseObject({
  id: text,
  name: text,
  status: v.picklist(TENANT_STATUSES),
  createdAt: text,
  version: v.number(),
  activeLinkId: optionalText,
  ssoEnforcement: ssoEnforcementItem,
});

// Zod-free copies of core's domain vocabularies (the discovery path imports this module); the type checks
// keep each list exactly the type's members.
const DOMAIN_STATUSES = ['pending', 'verified', 'failed'] as const satisfies readonly DomainClaimStatus[];
const everyDomainStatus: Exclude<DomainClaimStatus, (typeof DOMAIN_STATUSES)[number]> extends never ? true : never = true;
void everyDomainStatus;
const FAILURE_REASONS = [
  'record_not_found',
  'value_mismatch',
  'dns_timeout',
  'dns_error',
  'already_claimed',
] as const satisfies readonly DomainFailureReason[];
const everyFailureReason: Exclude<DomainFailureReason, (typeof FAILURE_REASONS)[number]> extends never ? true : never = true;
void everyFailureReason;

const domainClaimItem = /* @__PURE__ */ v.looseObject({
  tenantId: text,
  domain: text,
  connectionId: text,
  status: v.picklist(DOMAIN_STATUSES),
  failure: v.optional(v.looseObject({ reason: v.picklist(FAILURE_REASONS), at: text })),
  challenge: text,
  createdAt: text,
  updatedAt: text,
  verifiedAt: optionalText,
  lastCheckedAt: optionalText,
  failingSince: optionalText,
  checkStartedAt: optionalText,
});

/** A stored item that does not have the shape its reader relies on: a fault of the data, never of the caller. */
export class StoredItemInvalid extends Error {
  constructor(
    readonly kind: string,
    readonly problems: string[],
  ) {
    super(`A stored ${kind} item does not have the expected shape: ${problems.join('; ')}`);
    this.name = 'StoredItemInvalid';
  }
}

function parse<S extends v.GenericSchema>(kind: string, schema: S, item: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, item);
  if (result.success) return result.output;
  throw new StoredItemInvalid(
    kind,
    result.issues.map((issue) => `${issue.path?.map((step) => String(step.key)).join('.') ?? '(item)'}: ${issue.message}`),
  );
}

/** The attributes of a stored connection, checked. */
export const parseConnection = (item: Record<string, unknown>): StoredConnection => parse('connection', connectionItem, item);

/** The attributes of a stored revision, checked. */
export const parseRevision = (item: Record<string, unknown>): StoredRevision => parse('revision', revisionItem, item);

/** The attributes of a stored tenant, checked. */
export const parseTenantItem = (item: Record<string, unknown>) => parse('tenant', tenantItem, item);

/** The attributes of a stored domain claim, checked. */
export const parseDomainClaim = (item: Record<string, unknown>) => parse('domain claim', domainClaimItem, item);

// What discovery, SSO enforcement and the operator's route lookup read of a domain's connection and
// tenant: only the attributes routing decides on (and the names shown), so that a fault elsewhere in a
// connection (a draft, a test report) never stops its domains from routing.
const routedConnectionItem = /* @__PURE__ */ v.looseObject({
  providerName: text,
  suspended: v.boolean(),
  activeRevision: v.nullable(v.number()),
  displayName: optionalText,
  draftState: v.optional(v.nullable(draftStates)),
});

const routedTenantItem = /* @__PURE__ */ v.looseObject({
  status: v.picklist(TENANT_STATUSES),
  name: optionalText,
  ssoEnforcement: ssoEnforcementItem,
});

/** The routing attributes of a stored connection, checked. */
export const parseRoutedConnection = (item: Record<string, unknown>) => parse('connection', routedConnectionItem, item);

/** The routing attributes of a stored tenant, checked. */
export const parseRoutedTenant = (item: Record<string, unknown>) => parse('tenant', routedTenantItem, item);

const brandingItem = /* @__PURE__ */ v.looseObject({
  productName: text,
  accentColor: v.nullable(text),
  logo: v.nullable(text),
  version: v.number(),
  updatedAt: text,
});

/** The attributes of the stored branding item, checked. */
export const parseBrandingItem = (item: Record<string, unknown>) => parse('branding', brandingItem, item);
