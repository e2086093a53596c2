import { isIP } from 'node:net';
import {
  DEFAULT_DOMAIN_REVERIFY_GRACE_HOURS,
  DEFAULT_SETUP_LINK_TTL_HOURS,
  MAX_SETUP_LINK_TTL_HOURS,
} from '@gatehouse/core/settings-limits';
import * as v from 'valibot';

// valibot rather than zod: the Lambda parses these settings on every cold start, where zod's start-up
// (building its schema objects) costs about 4 ms, a tenth of the time to answer discovery
// (docs/benchmarks.md); valibot's schemas are plain objects.

/** Text of `min` to `max` characters. */
const text = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));

/** A URL. */
const url = v.pipe(v.string('Expected a URL such as https://example.com.'), v.url('Expected a URL such as https://example.com.'));

/** A number read from text (as Number() reads it). */
const numeric = v.pipe(v.string(), v.transform(Number), v.number('Expected a number.'));

/** A number read from text, between `min` and `max`; `fallback` when unset. */
const numberText = (min: number, max: number, fallback: number) =>
  v.optional(v.pipe(numeric, v.minValue(min), v.maxValue(max)), String(fallback));

/** A whole number read from text, between `min` and `max`; `fallback` when unset. */
const wholeNumberText = (min: number, max: number, fallback: number) =>
  v.optional(v.pipe(numeric, v.integer('Expected a whole number.'), v.minValue(min), v.maxValue(max)), String(fallback));

/** true/1 or false/0 (or empty); off when unset. */
const flag = v.optional(
  v.pipe(
    v.picklist(['true', 'false', '1', '0', ''], 'Expected true, false, 1 or 0.'),
    v.transform((value) => value === 'true' || value === '1'),
  ),
  'false',
);

const APP_CLIENT_ID = /^[\w+]+$/;

/**
 * Every setting the API reads, parsed once at start. This is the only file that reads process.env;
 * the CDK app sets exactly these keys on the Lambda.
 */
/** The header CloudFront adds to every request it forwards to the API, carrying EDGE_SECRET. */
export const EDGE_SECRET_HEADER = 'x-gatehouse-edge';

export const envSchema = v.object({
  GATEHOUSE_TABLE: v.optional(text(3, 255), 'gatehouse'),
  AWS_REGION: v.optional(text(1, 64), 'us-east-1'),
  /** DynamoDB endpoint override for DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: v.optional(url),
  /** The portal's public origin, e.g. https://sso.example.com (no path, no trailing slash). */
  PUBLIC_URL: v.optional(url, 'http://127.0.0.1:8787'),
  SETUP_LINK_TTL_HOURS: v.optional(
    v.pipe(numeric, v.gtValue(0), v.maxValue(MAX_SETUP_LINK_TTL_HOURS)),
    String(DEFAULT_SETUP_LINK_TTL_HOURS),
  ),
  SETUP_SESSION_TTL_MINUTES: wholeNumberText(5, 24 * 60, 480),
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  /** Static files of the web app, served by the Node server (local runs); CloudFront serves them in AWS. */
  WEB_DIST_DIR: v.optional(v.string()),
  /** Version string reported by /v1/health. */
  GATEHOUSE_VERSION: v.optional(v.string(), 'dev'),
  SERVE_STATIC: flag,
  /** The SaaS's existing user pool, e.g. eu-west-1_AbCdEf123 (same Region as the API). */
  COGNITO_USER_POOL_ID: v.pipe(
    v.string(),
    v.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'Expected a user pool id such as eu-west-1_AbCdEf123.'),
  ),
  /** The pool's managed-login base URL: https://<prefix>.auth.<region>.amazoncognito.com or a custom domain. */
  COGNITO_DOMAIN_URL: url,
  /** Cognito API endpoint override, for the local stand-in; unset in AWS. */
  COGNITO_ENDPOINT: v.optional(url),
  /** The dedicated test-login app client (public, code + PKCE): test IdPs are enabled on it alone. */
  COGNITO_TEST_CLIENT_ID: v.pipe(
    v.string('Required: the test-login app client id.'),
    v.regex(APP_CLIENT_ID, 'Expected an app client id.'),
  ),
  /** The SaaS's production app clients, comma-separated: activated IdPs are enabled on these. */
  COGNITO_APP_CLIENT_IDS: v.optional(
    v.pipe(v.string(), v.regex(/^([\w+]+(,[\w+]+)*)?$/, 'Expected app client ids separated by commas.')),
  ),
  /**
   * App clients whose client-credentials access tokens may call the admin API, comma-separated (the
   * SaaS's backend); unset: the admin API takes operator sessions only.
   */
  M2M_CLIENT_IDS: v.optional(
    v.pipe(v.string(), v.regex(/^([\w+]+(,[\w+]+)*)?$/, 'Expected app client ids separated by commas.')),
  ),
  /** The resource server whose scopes grant the admin API: `<identifier>/read`, `/tenants`, `/connections`. */
  M2M_RESOURCE_SERVER: v.optional(
    v.pipe(v.string(), v.regex(/^[\w.:/-]{1,256}$/, 'Expected a resource server identifier such as gatehouse.')),
    'gatehouse',
  ),
  /** The app client operators sign in to the console with (managed login, code + PKCE). */
  COGNITO_OPERATOR_CLIENT_ID: v.optional(v.pipe(v.string(), v.regex(APP_CLIENT_ID, 'Expected an app client id.'))),
  /**
   * The identity provider operators sign in through (its ProviderName in the pool). When set, the
   * console skips the managed-login page that lists the client's IdPs and goes straight to it.
   */
  OPERATOR_IDP_NAME: v.optional(text(1, 32)),
  /**
   * Lets the guarded fetcher reach loopback and private addresses (and plain http on loopback) so that
   * test IdPs on the developer's machine work. Off unless set; only the local stack sets it.
   */
  ALLOW_PRIVATE_NETWORK: flag,
  /** Discovery lookups allowed per client address and minute, per API instance. */
  DISCOVERY_RATE_PER_MINUTE: wholeNumberText(1, 100_000, 120),
  /**
   * A value CloudFront sends to the API in the `x-gatehouse-edge` header. Only a request carrying it is
   * trusted to say the viewer's address in `cloudfront-viewer-address` (the discovery rate limit counts by
   * that address); without it, the connection's own address counts. Unset locally: nothing is trusted.
   */
  EDGE_SECRET: v.optional(text(16, 256)),
  /**
   * The EventBridge bus lifecycle events go to (docs/events.md). In AWS the stream consumer publishes
   * them and the API only names the bus; unset (local runs), the API drains its outbox into an in-memory
   * bus that the console shows.
   */
  EVENT_BUS_NAME: v.optional(text(1, 256)),
  /**
   * The SQS queue the monitoring jobs' scheduler puts one check per connection on (the worker Lambda
   * reads it). Unset (local runs): `gatehouse jobs run` checks in-process over an in-memory queue.
   */
  MONITORING_QUEUE_URL: v.optional(url),
  /** How long a discovery answer is cached in memory. */
  DISCOVERY_CACHE_SECONDS: wholeNumberText(0, 3600, 30),
  /**
   * How long a verified domain's TXT record may be missing before the verify-domains job withdraws its
   * routing (0 withdraws at the first definite miss). A record back within this time clears the failure.
   */
  DOMAIN_REVERIFY_GRACE_HOURS: numberText(0, 24 * 30, DEFAULT_DOMAIN_REVERIFY_GRACE_HOURS),
  /**
   * DNS servers for domain verification, comma-separated `host:port` (IP addresses; `[v6]:port` for
   * IPv6). Unset: the system's resolvers. The local stack points it at its own DNS server.
   */
  DNS_SERVERS: v.pipe(
    v.optional(v.string()),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const value = dataset.value;
      if (!value?.trim()) return undefined;
      const servers = value.split(',').map((s) => s.trim());
      for (const server of servers) {
        if (!isDnsServer(server)) {
          addIssue({ message: `Expected IP:port entries separated by commas (got "${server}").` });
          return NEVER;
        }
      }
      return servers;
    }),
  ),
});

export type Env = v.InferOutput<typeof envSchema>;
export type EnvKey = keyof Env;

/** Every variable the API reads. */
export const ENV_KEYS = Object.keys(envSchema.entries) as EnvKey[];

/** The value a variable takes when it is unset (undefined when it has no default). */
export function envDefault<K extends EnvKey>(key: K): Env[K] {
  return v.parse(envSchema.entries[key], undefined) as Env[K];
}

/** Whether `value` is acceptable for `key`. */
export function isValidEnvValue(key: EnvKey, value: string | undefined): boolean {
  return v.safeParse(envSchema.entries[key], value).success;
}

function isDnsServer(text: string): boolean {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(text);
  if (!match) return isIP(text) === 6;
  const port = match[3] === undefined ? 53 : Number(match[3]);
  return isIP(match[1] ?? match[2] ?? '') !== 0 && port > 0 && port < 65536;
}

export interface Config {
  tableName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  publicUrl: URL;
  setupLinkTtlHours: number;
  setupSessionTtlMinutes: number;
  logLevel: Env['LOG_LEVEL'];
  version: string;
  webDistDir: string | undefined;
  cognito: CognitoConfig;
  /** Cookies get `Secure` unless the portal is served over plain http on a loopback host. */
  secureCookies: boolean;
  /** Passed to @gatehouse/guarded-fetch: customer URLs may point at private networks (local runs only). */
  allowPrivateNetwork: boolean;
  discovery: { perMinute: number; cacheSeconds: number };
  /** The shared value that marks a request as forwarded by the portal's own CloudFront (see EDGE_SECRET). */
  edgeSecret: string | undefined;
  /** The EventBridge bus events go to in AWS; undefined locally (an in-memory bus, see EVENT_BUS_NAME). */
  eventBusName: string | undefined;
  /** Where and how long domain verification asks DNS. */
  dns: { servers: string[] | undefined; timeoutMs: number };
  /** The monitoring jobs' settings; `queueUrl` is undefined locally (see MONITORING_QUEUE_URL). */
  monitoring: { domainGraceMs: number; queueUrl: string | undefined };
  /** Machine-to-machine access to the admin API (client credentials tokens with resource-server scopes). */
  m2m: { clientIds: string[]; resourceServer: string };
}

/** The SaaS's user pool that Gatehouse manages. */
export interface CognitoConfig {
  userPoolId: string;
  /** Managed-login base URL, without a trailing slash. */
  domainUrl: string;
  /** API endpoint override (the local stand-in); undefined in AWS. */
  endpoint: string | undefined;
  testClientId: string;
  appClientIds: string[];
  operatorClientId: string | undefined;
  /** The operators' identity provider, sent as identity_provider at sign-in; undefined lists the client's IdPs. */
  operatorIdpName: string | undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Turns parsed environment variables into the API's configuration. */
export function configFromEnv(env: Env): Config {
  const publicUrl = new URL(env.PUBLIC_URL);
  const plainLoopback = publicUrl.protocol === 'http:' && LOOPBACK_HOSTS.has(publicUrl.hostname);
  if (publicUrl.protocol !== 'https:' && !plainLoopback) {
    throw new Error(`PUBLIC_URL must use https unless it is a loopback address (got ${publicUrl.origin}).`);
  }
  return {
    tableName: env.GATEHOUSE_TABLE,
    region: env.AWS_REGION,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    publicUrl,
    setupLinkTtlHours: env.SETUP_LINK_TTL_HOURS,
    setupSessionTtlMinutes: env.SETUP_SESSION_TTL_MINUTES,
    logLevel: env.LOG_LEVEL,
    version: env.GATEHOUSE_VERSION,
    webDistDir: env.SERVE_STATIC ? env.WEB_DIST_DIR : undefined,
    secureCookies: !plainLoopback,
    cognito: {
      userPoolId: env.COGNITO_USER_POOL_ID,
      domainUrl: env.COGNITO_DOMAIN_URL.replace(/\/+$/, ''),
      endpoint: env.COGNITO_ENDPOINT,
      testClientId: env.COGNITO_TEST_CLIENT_ID,
      appClientIds: env.COGNITO_APP_CLIENT_IDS ? env.COGNITO_APP_CLIENT_IDS.split(',') : [],
      operatorClientId: env.COGNITO_OPERATOR_CLIENT_ID,
      operatorIdpName: env.OPERATOR_IDP_NAME,
    },
    allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK,
    discovery: { perMinute: env.DISCOVERY_RATE_PER_MINUTE, cacheSeconds: env.DISCOVERY_CACHE_SECONDS },
    edgeSecret: env.EDGE_SECRET,
    eventBusName: env.EVENT_BUS_NAME,
    dns: { servers: env.DNS_SERVERS, timeoutMs: 5000 },
    monitoring: { domainGraceMs: env.DOMAIN_REVERIFY_GRACE_HOURS * 3_600_000, queueUrl: env.MONITORING_QUEUE_URL },
    m2m: {
      clientIds: env.M2M_CLIENT_IDS ? env.M2M_CLIENT_IDS.split(',') : [],
      resourceServer: env.M2M_RESOURCE_SERVER,
    },
  };
}

/**
 * AWS credentials from the environment, as Lambda provides them (and as the SDK reads them first), or
 * undefined. Read on every call: the discovery path's reader signs each request with what is there now.
 */
export function awsCredentialsFromEnv(
  source: Record<string, string | undefined> = process.env,
): { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined } | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = source;
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined;
}

/** Parses the given variables (process.env by default) into Config; throws a readable error on bad input. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = v.safeParse(envSchema, source);
  if (!parsed.success) {
    const lines = parsed.issues.map((issue) => `  ${v.getDotPath(issue) ?? ''}: ${issue.message}`);
    throw new Error(`Invalid Gatehouse API configuration:\n${lines.join('\n')}`);
  }
  return configFromEnv(parsed.output);
}

/** Configuration for tests and tools that build the app in-process: defaults plus overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      COGNITO_USER_POOL_ID: 'us-east-1_TestPool1',
      COGNITO_DOMAIN_URL: 'https://auth.example.com',
      COGNITO_TEST_CLIENT_ID: 'testclient1',
    }),
    ...overrides,
  };
}
