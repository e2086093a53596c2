/**
 * The connection vocabulary without zod: constants and types the web's first page can import without
 * pulling in the schema library.
 */
import { IDP_VENDORS, type IdpVendor } from './findings/vendors.ts';

export const PROTOCOLS = ['saml', 'oidc'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The identity providers the wizard has guides for; `generic` is any other SAML 2.0 or OIDC provider. */
export const VENDOR_IDS = IDP_VENDORS;
export type VendorId = IdpVendor;

/**
 * Where a connection is in its life. `draft` is being edited; `submitted` waits for the operator;
 * `rejected` went back to the admin with a reason; `active` serves sign-ins; `suspended` is switched off
 * by the operator. An active connection can also have a newer revision in draft, submitted or rejected.
 */
export const CONNECTION_STATUSES = ['draft', 'submitted', 'rejected', 'active', 'suspended'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * The state of one revision of a connection's settings. `superseded` served before the active one and
 * can be restored; `rolled-back` served until the operator restored the revision before it.
 */
export const REVISION_STATES = ['draft', 'submitted', 'rejected', 'approved', 'superseded', 'rolled-back'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];

/** The wizard's steps in order; each has its own URL under /setup/connections/<id>/. */
export const WIZARD_STEPS = ['provider', 'register', 'details', 'mapping', 'domains', 'test', 'submit'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Why a draft cannot be submitted for review yet. */
export const SUBMISSION_BLOCKERS = ['DETAILS_MISSING', 'TEST_LOGIN_MISSING', 'TEST_LOGIN_STALE', 'TEST_LOGIN_FAILED'] as const;
export type SubmissionBlocker = (typeof SUBMISSION_BLOCKERS)[number];
