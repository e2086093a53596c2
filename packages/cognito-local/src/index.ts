import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { OPERATION_NAMES } from './control/index.ts';
import { DEFAULT_QUOTAS, DEFAULT_TRIGGER_TIMEOUT_MS, Engine, type FetchText, type Quotas } from './engine.ts';
import { Faults } from './faults.ts';
import { federation } from './federation/routes.ts';
import { controlPlane } from './server.ts';
import { fileStore, memoryStore } from './state.ts';
import { LambdaRegistry, type LocalLambda } from './triggers/registry.ts';

export type { FetchText, Quotas } from './engine.ts';
export { CognitoError, type CognitoExceptionName } from './errors.ts';
export { FAULT_EXCEPTIONS, type FaultException, type FaultSpec, Faults } from './faults.ts';
export { preloadSaml } from './federation/saml.ts';
export type { PreAuthenticationEvent } from './triggers/pre-authentication.ts';
export type { PreSignUpEvent, PreSignUpResponse, PreSignUpTriggerSource } from './triggers/pre-sign-up.ts';
export type {
  AccessTokenGeneration,
  ClaimsAndScopeOverrideDetails,
  ClaimsOverrideDetails,
  ClaimValue,
  GroupConfiguration,
  GroupOverrideDetails,
  IdTokenGeneration,
  PreTokenGenerationClientCredentialsEvent,
  PreTokenGenerationEvent,
  PreTokenGenerationTriggerSource,
  PreTokenGenerationV1Event,
  PreTokenGenerationV2Event,
} from './triggers/pre-token-generation.ts';
export type { LocalLambda, TriggerExceptionName } from './triggers/registry.ts';

export interface CognitoLocalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Folder to keep the state in as JSON between runs; in memory when absent. */
  stateDir?: string;
  /** The clock, for tests that move time; default the system clock. */
  now?: () => Date;
  /** Lower quotas, for tests that reach them. */
  quotas?: Partial<Quotas>;
  /**
   * Accept http on loopback addresses (any port) for IdP URLs and app-client callback URLs, which Cognito
   * refuses. The local stack needs it because its IdPs and portal listen on http://127.0.0.1:<port>.
   * Default false.
   */
  allowLoopbackHttp?: boolean;
  /** How outbound requests (metadata URLs, OIDC discovery, token, JWKS, userinfo) are made; default fetch. */
  fetchText?: FetchText;
  /**
   * Local handlers to invoke in place of Lambda functions, by function ARN
   * (`arn:aws:lambda:<region>:<account>:function:<name>`). More can be added once the server runs with
   * `registerLambda`. A trigger whose ARN has no handler fails the sign-in, as a missing function does.
   */
  lambdas?: Record<string, LocalLambda>;
  /** How long a trigger has to answer, in milliseconds; default 5,000, Cognito's fixed timeout. */
  triggerTimeoutMs?: number;
}

/** Registering local handlers in place of Lambda functions, on a running stand-in. */
export interface LocalLambdas {
  /** Registers the handler of a Lambda function ARN, replacing any earlier one; throws if `arn` is not one. */
  registerLambda(arn: string, handler: LocalLambda): void;
  /** Removes the handler of an ARN; a trigger naming it then fails the sign-in. */
  unregisterLambda(arn: string): void;
}

export interface CognitoLocal extends LocalLambdas {
  /** Base URL of the server, the AWS SDK client's `endpoint`: `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  /** Faults on demand for the control plane. */
  faults: Faults;
  /** Base URL serving a pool domain's managed login (Cognito: `https://<domain>.auth.<region>.amazoncognito.com`). */
  domainBaseUrl(domain: string): string;
  /** Issuer of a pool's tokens (Cognito: `https://cognito-idp.<region>.amazonaws.com/<poolId>`). */
  issuer(poolId: string): string;
  /** JWKS URL of a pool. */
  jwksUri(poolId: string): string;
  stop(): Promise<void>;
}

const OUTBOUND_TIMEOUT_MS = 5000;

/** Default outbound fetch: bounded in time, never following redirects (Cognito does not follow them either). */
export const defaultFetchText: FetchText = async (url, init) => {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(OUTBOUND_TIMEOUT_MS), ...init });
  return { status: response.status, text: await response.text() };
};

/**
 * Builds the stand-in as a Hono app without listening, for callers that serve it themselves or call
 * `app.fetch` directly. `baseUrl` must return the URL the app is reachable at.
 */
export function createCognitoLocalApp(options: CognitoLocalOptions & { baseUrl: () => string }): LocalLambdas & {
  app: Hono;
  faults: Faults;
  engine: Engine;
} {
  const triggerTimeoutMs = options.triggerTimeoutMs ?? DEFAULT_TRIGGER_TIMEOUT_MS;
  if (!Number.isFinite(triggerTimeoutMs) || triggerTimeoutMs <= 0) throw new Error('triggerTimeoutMs must be a positive number');
  const lambdas = new LambdaRegistry(options.lambdas);
  const engine = new Engine({
    store: options.stateDir ? fileStore(options.stateDir) : memoryStore(),
    now: options.now ?? (() => new Date()),
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    allowLoopbackHttp: options.allowLoopbackHttp ?? false,
    fetchText: options.fetchText ?? defaultFetchText,
    baseUrl: options.baseUrl,
    lambdas,
    triggerTimeoutMs,
  });
  const faults = new Faults(OPERATION_NAMES);
  const app = new Hono();
  app.route('/', controlPlane(engine, faults));
  app.route('/', federation(engine));
  return {
    app,
    faults,
    engine,
    registerLambda: (arn, handler) => lambdas.register(arn, handler),
    unregisterLambda: (arn) => lambdas.unregister(arn),
  };
}

/**
 * Starts the Cognito stand-in on a port (a free one by default) and resolves once it listens. Point
 * `new CognitoIdentityProviderClient({ endpoint, region, credentials })` at `endpoint`.
 */
export async function startCognitoLocal(options: CognitoLocalOptions = {}): Promise<CognitoLocal> {
  const host = options.host ?? '127.0.0.1';
  let endpoint = '';
  const { app, faults, engine, registerLambda, unregisterLambda } = createCognitoLocalApp({
    ...options,
    baseUrl: () => endpoint,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    endpoint,
    port,
    faults,
    domainBaseUrl: (domain) => engine.domainBaseUrl(domain),
    issuer: (poolId) => engine.issuer(poolId),
    jwksUri: (poolId) => `${engine.issuer(poolId)}/.well-known/jwks.json`,
    registerLambda,
    unregisterLambda,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
