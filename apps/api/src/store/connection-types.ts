import type {
  AttributeMapping,
  FindingView,
  Protocol,
  SecretHint,
  StoredRevisionState,
  VendorId,
  WizardStep,
} from '@gatehouse/core';

// The shapes of a connection, its revisions and its running operation as stored: apart from the store,
// so that items.ts (which the SDK-free discovery path and the triggers import) can name them without
// importing the store.

/** A finding as stored with a draft (the analysis result the admin saw): the shape the API sends. */
export type StoredFinding = FindingView;

export interface StoredSamlSettings {
  metadataSource: 'file' | 'url';
  metadataUrl?: string | undefined;
  /** The metadata document as analysed (file uploads, and URL fetches that fit Cognito's file limit). */
  metadataXml?: string | undefined;
  fileName?: string | undefined;
  entityId?: string | undefined;
  signRequests: boolean;
  idpInitiated: boolean;
  idpSignout: boolean;
}

export interface StoredOidcSettings {
  issuer: string;
  clientId: string;
  /** Only whether a secret is set and its last characters: the secret itself lives in Cognito alone. */
  secret: SecretHint | null;
  scopes: string;
  attributesRequestMethod: 'GET' | 'POST';
}

/** The settings of the revision being edited (or submitted). */
export interface DraftSettings {
  saml?: StoredSamlSettings | undefined;
  oidc?: StoredOidcSettings | undefined;
  attributeMapping: AttributeMapping;
  /** Findings of the SAML metadata or OIDC settings. */
  findings: StoredFinding[];
  /** Findings of the attribute mapping against the pool's schema. */
  mappingFindings?: StoredFinding[] | undefined;
}

export interface StoredTestResult {
  at: string;
  passed: boolean;
  /** The draft's change counter when the test ran: a later edit makes the result stale. */
  changeSeq: number;
  report: Record<string, unknown>;
}

export interface StoredConnection {
  id: string;
  tenantId: string;
  vendor: VendorId;
  protocol: Protocol;
  displayName: string;
  /** The live Cognito IdP name: fixed at creation, never changed (it prefixes every user's name). */
  providerName: string;
  /** The Cognito IdP used for test logins, enabled only on the test-login app client. */
  testProviderName: string;
  suspended: boolean;
  activeRevision: number | null;
  draft: DraftSettings | null;
  draftState: 'draft' | 'submitted' | 'rejected' | null;
  draftRevision: number | null;
  rejection?: { reason: string; at: string } | undefined;
  /** The last wizard step the admin reached: the server owns progress, so a reload resumes there. */
  step: WizardStep;
  /** Increments with every edit of the draft. */
  changeSeq: number;
  lastTest?: StoredTestResult | undefined;
  /** When the current draft was submitted for review. */
  submittedAt?: string | undefined;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** An immutable snapshot of a connection's settings, taken when the admin submits it for review. */
export interface StoredRevision {
  connectionId: string;
  tenantId: string;
  revision: number;
  settings: DraftSettings;
  vendor: VendorId;
  protocol: Protocol;
  submittedAt: string;
  /** The test login that passed for exactly these settings. */
  test: StoredTestResult;
  state: StoredRevisionState;
}

/** An operator change (activation, suspend, resume, roll back) running on a connection. */
export interface ConnectionOperation {
  connectionId: string;
  operation: string;
  owner: string;
  /** Epoch milliseconds after which the mark is stale (its holder crashed) and no longer blocks anyone. */
  until: number;
}
