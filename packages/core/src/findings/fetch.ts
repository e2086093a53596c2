import { VENDOR_GUIDES } from '../guides.ts';
import { type Finding, type FindingCode, finding } from './catalog.ts';
import type { IdpVendor } from './vendors.ts';

/** A failed fetch as the guarded fetcher reports it: its error code and details (`status`, `reason`). */
export interface FetchFailure {
  code: string;
  message: string;
  details?: unknown;
}

export interface FetchFailureTarget {
  /** The input the address came from, where the wizard shows the finding (`metadataUrl`, `issuer`). */
  field: string;
  /** What was being fetched: the fix says where the right address is shown for it. */
  document: 'saml-metadata' | 'oidc-discovery';
  /** The address as the admin gave it (or the discovery URL derived from it). */
  url: string;
  /** The IdP the admin chose: its guide says where the right address is shown. */
  vendor?: IdpVendor | undefined;
}

// Node and OpenSSL name certificate and handshake failures this way (CERT_HAS_EXPIRED,
// DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, UNABLE_TO_VERIFY_LEAF_SIGNATURE, EPROTO...).
const TLS_REASON = /CERT|SSL|TLS|EPROTO|UNABLE_TO_(?:VERIFY|GET)|SIGNATURE/;
const FETCH_FINDING_CODES = new Set<string>([
  'FETCH_HTTP_ERROR',
  'FETCH_TIMEOUT',
  'FETCH_FAILED',
  'FETCH_URL_REFUSED',
  'FETCH_ADDRESS_REFUSED',
  'FETCH_REDIRECT_REFUSED',
  'FETCH_TOO_LARGE',
]);

function detail(details: unknown, key: 'status' | 'reason'): unknown {
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>)[key] : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 200);
  }
}

/** The finding code for a fetch failure: the fetcher's code, told apart further where the fix differs. */
export function fetchFailureCode(failure: Pick<FetchFailure, 'code' | 'details'>): FindingCode {
  const status = detail(failure.details, 'status');
  const reason = detail(failure.details, 'reason');
  if (failure.code === 'FETCH_HTTP_ERROR' && (status === 404 || status === 410)) return 'FETCH_NOT_FOUND';
  if (failure.code === 'FETCH_FAILED' && typeof reason === 'string') {
    if (reason === 'ENOTFOUND' || reason === 'EAI_AGAIN' || reason === 'EAI_NONAME') return 'FETCH_HOST_UNKNOWN';
    if (TLS_REASON.test(reason)) return 'FETCH_TLS_FAILED';
  }
  return FETCH_FINDING_CODES.has(failure.code) ? (failure.code as FindingCode) : 'FETCH_FAILED';
}

/** Where the admin's identity provider shows the right address, from the vendor guides. */
function whereToFind(document: FetchFailureTarget['document'], vendor: IdpVendor | undefined): string | null {
  const guide = VENDOR_GUIDES[vendor ?? 'generic'];
  const named = vendor && vendor !== 'generic';
  if (document === 'saml-metadata') {
    const hint = guide.saml.metadataHint;
    return hint ? `${named ? `${guide.label}: ` : ''}${hint}` : null;
  }
  const example = guide.oidc.issuerExample;
  return example ? `${named ? `For ${guide.label}, the issuer` : 'The issuer'} looks like ${example}.` : null;
}

/**
 * A failed fetch of an address the admin gave, as a finding beside that address: what happened in an IT
 * admin's words, and a fix that says where their identity provider shows the right address. Pure: the
 * caller fetched and passes the failure in.
 */
export function fetchFailureFinding(failure: FetchFailure, target: FetchFailureTarget): Finding {
  const code = fetchFailureCode(failure);
  const url = target.url.slice(0, 200);
  const status = detail(failure.details, 'status');
  const reason = detail(failure.details, 'reason');
  const what = target.document === 'saml-metadata' ? 'the metadata' : 'the discovery document';
  const message =
    code === 'FETCH_NOT_FOUND'
      ? `Nothing is published at ${url} (HTTP ${String(status)}).`
      : code === 'FETCH_HTTP_ERROR'
        ? `${url} answered with HTTP status ${String(status)} instead of ${what}.`
        : code === 'FETCH_HOST_UNKNOWN'
          ? `The host ${hostOf(target.url)} does not exist: no DNS record answers for it.`
          : code === 'FETCH_TLS_FAILED'
            ? `The secure connection to ${hostOf(target.url)} failed (${String(reason).slice(0, 60)}).`
            : failure.message.slice(0, 300);
  const base = finding(code, target.field, message).fix;
  // A wrong address is the usual cause of these: say where the right one is shown.
  const addressProblem = code === 'FETCH_NOT_FOUND' || code === 'FETCH_HOST_UNKNOWN' || code === 'FETCH_HTTP_ERROR';
  const hint = addressProblem ? whereToFind(target.document, target.vendor) : null;
  return finding(code, target.field, message, hint ? `${base} ${hint}` : base);
}
