import { z } from 'zod';
import { MAX_METADATA_FILE_CHARACTERS } from './cognito/index.ts';
import { CONNECTION_STATUSES, PROTOCOLS, type SubmissionBlocker, VENDOR_IDS, WIZARD_STEPS } from './connection-constants.ts';
import { findingViewSchema } from './finding-view.ts';
import { wizardProgressSchema } from './wizard-progress.ts';

export * from './connection-constants.ts';
export { SUBMISSION_BLOCKERS, type SubmissionBlocker } from './connection-constants.ts';
export { type FindingView, findingViewSchema } from './finding-view.ts';

export const connectionIdSchema = z.string().regex(/^c[0-9a-z]{8,40}$/, 'Not a connection id.');

export const chooseProviderInputSchema = z.object({
  vendor: z.enum(VENDOR_IDS),
  protocol: z.enum(PROTOCOLS),
  displayName: z.string().trim().min(1).max(80).optional(),
});
export type ChooseProviderInput = z.infer<typeof chooseProviderInputSchema>;

export const samlDetailsInputSchema = z.object({
  metadata: z.discriminatedUnion('source', [
    z.object({
      source: z.literal('file'),
      // Somewhat over Cognito's limit, so a file a little too large gets the analysis's finding and its
      // fix (give the URL) rather than a bare length error; the analysis refuses it by length alone.
      xml: z
        .string()
        .min(1)
        .max(MAX_METADATA_FILE_CHARACTERS * 2),
      fileName: z.string().max(255).optional(),
    }),
    z.object({ source: z.literal('url'), url: z.string().trim().min(1).max(2048) }),
  ]),
  /** Sign Cognito's AuthnRequests (when the IdP wants signed requests). */
  signRequests: z.boolean().default(false),
  /** Let users start sign-in from the IdP's portal (IdP-initiated SSO). */
  idpInitiated: z.boolean().default(false),
  /** Sign users out of the IdP too when they sign out of the application. */
  idpSignout: z.boolean().default(false),
});
export type SamlDetailsInput = z.infer<typeof samlDetailsInputSchema>;

export const oidcDetailsInputSchema = z.object({
  issuer: z.string().trim().min(1).max(2048),
  clientId: z.string().trim().min(1).max(255),
  /** Write-only: absent means "keep the secret already set". */
  clientSecret: z.string().min(1).max(1024).optional(),
  scopes: z.string().trim().max(1024).default('openid email profile'),
  attributesRequestMethod: z.enum(['GET', 'POST']).default('GET'),
});
export type OidcDetailsInput = z.infer<typeof oidcDetailsInputSchema>;

/** Cognito user-pool attribute (key) <- IdP claim or SAML attribute name (value). */
export const attributeMappingSchema = z.record(z.string().min(1).max(32), z.string().min(1).max(2048));
export type AttributeMapping = z.infer<typeof attributeMappingSchema>;

/** What the wizard shows of a saved OIDC client secret: never the secret, only that it is set. */
export const secretHintSchema = z.object({ set: z.literal(true), lastFour: z.string().max(4), setAt: z.iso.datetime() });
export type SecretHint = z.infer<typeof secretHintSchema>;

/** Shows the last four characters only when the secret is long enough that they give little away. */
export function secretHint(secret: string, now: Date): SecretHint {
  return { set: true, lastFour: secret.length >= 16 ? secret.slice(-4) : '', setAt: now.toISOString() };
}

/** The values an admin registers in their IdP, derived from the user pool and its domain. */
export interface ServiceProviderValues {
  /** SAML Audience / SP entity ID: urn:amazon:cognito:sp:<poolId>. */
  entityId: string;
  /** SAML Assertion Consumer Service URL (HTTP-POST). */
  acsUrl: string;
  /** SAML single logout URL. */
  logoutUrl: string;
  /** OIDC redirect URI to register with the IdP. */
  redirectUri: string;
  /** The pool's managed-login domain, as a base URL. */
  domainUrl: string;
}

/** Builds the service-provider values from the user pool id and its managed-login base URL. */
export function serviceProviderValues(userPoolId: string, domainBaseUrl: string): ServiceProviderValues {
  const base = domainBaseUrl.replace(/\/+$/, '');
  return {
    entityId: `urn:amazon:cognito:sp:${userPoolId}`,
    acsUrl: `${base}/saml2/idpresponse`,
    logoutUrl: `${base}/saml2/logout`,
    redirectUri: `${base}/oauth2/idpresponse`,
    domainUrl: base,
  };
}

export const serviceProviderValuesSchema = z.object({
  entityId: z.string(),
  acsUrl: z.string(),
  logoutUrl: z.string(),
  redirectUri: z.string(),
  domainUrl: z.string(),
});

/** A connection as the wizard sees it. Secrets never appear: only whether one is set. */
export const connectionViewSchema = z.object({
  id: z.string(),
  vendor: z.enum(VENDOR_IDS),
  protocol: z.enum(PROTOCOLS),
  displayName: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  providerName: z.string(),
  step: z.enum(WIZARD_STEPS),
  activeRevision: z.number().int().nullable(),
  draftRevision: z.number().int().nullable(),
  draftState: z.enum(['draft', 'submitted', 'rejected']).nullable(),
  editable: z.boolean(),
  rejection: z.object({ reason: z.string(), at: z.string() }).optional(),
  saml: z
    .object({
      metadataSource: z.enum(['file', 'url']),
      metadataUrl: z.string().optional(),
      fileName: z.string().optional(),
      entityId: z.string().optional(),
      signRequests: z.boolean(),
      idpInitiated: z.boolean(),
      idpSignout: z.boolean(),
    })
    .optional(),
  oidc: z
    .object({
      issuer: z.string(),
      clientId: z.string(),
      secret: secretHintSchema.nullable(),
      scopes: z.string(),
      attributesRequestMethod: z.enum(['GET', 'POST']),
    })
    .optional(),
  attributeMapping: attributeMappingSchema,
  findings: z.array(findingViewSchema),
  mappingFindings: z.array(findingViewSchema),
  lastTest: z
    .object({ at: z.string(), passed: z.boolean(), current: z.boolean(), report: z.record(z.string(), z.unknown()) })
    .optional(),
  serviceProvider: serviceProviderValuesSchema,
  /** Empty when the draft can be submitted for review. */
  submissionBlockers: z.array(z.enum(['DETAILS_MISSING', 'TEST_LOGIN_MISSING', 'TEST_LOGIN_STALE', 'TEST_LOGIN_FAILED'])),
  submittedAt: z.string().optional(),
  /** The connection's email domains by state: verified ones route its users; a failed check needs the admin. */
  domains: z.object({ verified: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }),
  /** Each wizard step's state, judged by the server from the saved draft, the last test login and the domains. */
  progress: wizardProgressSchema,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

/** Every change of a connection names the version it was based on (optimistic locking). */
export const versionedSchema = z.object({ version: z.number().int().nonnegative() });

export const setStepInputSchema = z.object({ step: z.enum(WIZARD_STEPS) });

/** A change of identity provider or protocol on a draft, with the version it was read at. */
export const changeProviderInputSchema = chooseProviderInputSchema.extend(versionedSchema.shape);

/** The tenant's connections, as GET /v1/setup/connections answers. */
export const connectionListSchema = z.object({ connections: z.array(connectionViewSchema) });

export const saveSamlInputSchema = samlDetailsInputSchema.extend(versionedSchema.shape);
export const saveOidcInputSchema = oidcDetailsInputSchema.extend(versionedSchema.shape);
export const saveMappingInputSchema = z.object({ attributeMapping: attributeMappingSchema }).extend(versionedSchema.shape);

/** One user-pool attribute as the mapping editor shows it. */
export const poolAttributeViewSchema = z.object({
  Name: z.string().optional(),
  AttributeDataType: z.string().optional(),
  Mutable: z.boolean().optional(),
  Required: z.boolean().optional(),
  StringAttributeConstraints: z.object({ MinLength: z.string().optional(), MaxLength: z.string().optional() }).optional(),
});

/** The user pool as the wizard needs it: its attributes, and the certificate it signs SAML requests with. */
export const poolViewSchema = z.object({
  attributes: z.array(poolAttributeViewSchema),
  signingCertificate: z.string(),
});
export type PoolView = z.infer<typeof poolViewSchema>;

/**
 * What stands between a draft and "Submit for review": the IdP settings must be saved, and a test login
 * must have passed since the last change (a change after the test makes it stale).
 */
export function submissionBlockers(connection: {
  hasDetails: boolean;
  lastTest?: { passed: boolean; current: boolean } | undefined;
}): SubmissionBlocker[] {
  const blockers: SubmissionBlocker[] = [];
  if (!connection.hasDetails) blockers.push('DETAILS_MISSING');
  if (!connection.lastTest) blockers.push('TEST_LOGIN_MISSING');
  else if (!connection.lastTest.current) blockers.push('TEST_LOGIN_STALE');
  else if (!connection.lastTest.passed) blockers.push('TEST_LOGIN_FAILED');
  return blockers;
}
