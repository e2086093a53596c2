import { randomBytes } from 'node:crypto';
import { poolNotFound } from './errors.ts';
import { FederationState } from './federation/sessions.ts';
import { createPoolKeys } from './keys.ts';
import type { PoolKeys, PoolRecord, StateData, StateStore } from './state.ts';
import type { LambdaRegistry } from './triggers/registry.ts';

/** Limits Cognito applies; tests may lower them to reach them quickly. */
export interface Quotas {
  /** Identity providers per user pool (Cognito: 300, adjustable to 1,000). */
  identityProvidersPerPool: number;
  /** Custom attributes per user pool (Cognito: 50). */
  customAttributesPerPool: number;
  /** App clients per user pool (Cognito: 1,000). */
  clientsPerPool: number;
  /** Resource servers per user pool (Cognito: 25). */
  resourceServersPerPool: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  identityProvidersPerPool: 300,
  customAttributesPerPool: 50,
  clientsPerPool: 1000,
  resourceServersPerPool: 25,
};

/** How the engine fetches SAML metadata URLs and OIDC documents; replaceable for tests. */
export type FetchText = (url: string, init?: RequestInit) => Promise<{ status: number; text: string }>;

export interface EngineOptions {
  store: StateStore;
  now: () => Date;
  quotas: Quotas;
  /**
   * Cognito only talks to IdPs over https on ports 443 and 80, and only allows http callback URLs on
   * localhost. Local IdPs and portals listen on http://127.0.0.1:<port>, so the local stack turns this on;
   * it is off by default so that a test of the rules sees Cognito's refusal.
   */
  allowLoopbackHttp: boolean;
  fetchText: FetchText;
  /** Base URL of this server, known once it listens. */
  baseUrl: () => string;
  /** The local handlers invoked in place of Lambda functions, by ARN. */
  lambdas: LambdaRegistry;
  /**
   * How long a trigger has to answer before the attempt is abandoned. Cognito's is 5 seconds and cannot be
   * changed (developer guide, Lambda triggers); tests lower it so as not to wait that long.
   */
  triggerTimeoutMs: number;
}

/** Cognito's trigger timeout: "your Lambda function must respond within 5 seconds" (developer guide, Lambda triggers). */
export const DEFAULT_TRIGGER_TIMEOUT_MS = 5000;

/** The shared state and services every operation works with. */
export class Engine {
  data: StateData;
  /**
   * Sign-ins in progress, authorization codes and refresh tokens, shared by managed login, the token endpoint
   * and the API sign-ins (InitiateAuth hands out refresh tokens the token endpoint accepts, as Cognito's do).
   */
  readonly signIns = new FederationState();
  private readonly making = new Map<string, Promise<PoolKeys>>();
  constructor(readonly options: EngineOptions) {
    this.data = options.store.load();
  }

  now(): Date {
    return this.options.now();
  }

  /** Epoch seconds with millisecond fraction, as Cognito's timestamps are. */
  timestamp(): number {
    return this.now().getTime() / 1000;
  }

  save(): void {
    this.options.store.save(this.data);
  }

  pool(poolId: string): PoolRecord {
    const pool = this.data.pools[poolId];
    if (!pool) throw poolNotFound(poolId);
    return pool;
  }

  /**
   * The pool's keys, made on first use: RSA key generation is the slowest step of the whole stand-in and
   * most pools in tests never issue a token or sign a request.
   */
  async poolKeys(pool: PoolRecord): Promise<PoolKeys> {
    if (pool.keys) return pool.keys;
    let making = this.making.get(pool.Id);
    if (!making) {
      making = createPoolKeys(pool.Id, this.now());
      this.making.set(pool.Id, making);
    }
    const keys = await making;
    this.making.delete(pool.Id);
    pool.keys ??= keys;
    this.save();
    return pool.keys;
  }

  /** Base URL of a pool domain's managed login pages on this server. */
  domainBaseUrl(domain: string): string {
    return `${this.options.baseUrl()}/domains/${domain}`;
  }

  /** Issuer of a pool's tokens on this server (Cognito: https://cognito-idp.<region>.amazonaws.com/<poolId>). */
  issuer(poolId: string): string {
    return `${this.options.baseUrl()}/${poolId}`;
  }
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random string over an alphabet, as Cognito's ids are. */
export function randomId(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export const randomLowerId = (length: number) => randomId(length, LOWER_ALPHANUMERIC);

/** Opaque pagination token: the position to resume from. */
export function pageToken(index: number): string {
  return Buffer.from(JSON.stringify({ i: index })).toString('base64url');
}

export function readPageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { i } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { i: unknown };
    if (typeof i === 'number' && Number.isInteger(i) && i >= 0) return i;
  } catch {
    // fall through
  }
  return -1;
}
