import { DEFAULT_SETUP_LINK_TTL_HOURS, MAX_SETUP_LINK_TTL_HOURS } from '@gatehouse/core';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/**
 * Every setting the API reads, parsed once at start. This is the only file that reads process.env;
 * the CDK app sets exactly these keys on the Lambda.
 */
export const envSchema = z.object({
  GATEHOUSE_TABLE: z.string().min(3).max(255).default('gatehouse'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** DynamoDB endpoint override for DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** The portal's public origin, e.g. https://sso.example.com (no path, no trailing slash). */
  PUBLIC_URL: z.url().default('http://127.0.0.1:8787'),
  SETUP_LINK_TTL_HOURS: z.coerce.number().positive().max(MAX_SETUP_LINK_TTL_HOURS).default(DEFAULT_SETUP_LINK_TTL_HOURS),
  SETUP_SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(480),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Static files of the web app, served by the Node server (local runs); CloudFront serves them in AWS. */
  WEB_DIST_DIR: z.string().optional(),
  /** Version string reported by /v1/health. */
  GATEHOUSE_VERSION: z.string().default('dev'),
  SERVE_STATIC: flag,
  /** The SaaS's existing user pool, e.g. eu-west-1_AbC123 (same Region as the API). */
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
    .optional(),
  /** The pool's managed-login domain, host only (auth.example.com or <prefix>.auth.<region>.amazoncognito.com). */
  COGNITO_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .optional(),
  /** The SaaS's production app clients, comma-separated: activated IdPs are enabled on these. */
  COGNITO_APP_CLIENT_IDS: z
    .string()
    .regex(/^[\w+]+(,[\w+]+)*$/)
    .optional(),
  /** The dedicated test-login app client: test IdPs are enabled on it and nowhere else. */
  COGNITO_TEST_CLIENT_ID: z
    .string()
    .regex(/^[\w+]+$/)
    .optional(),
  /** The app client operators sign in to the console with (managed login, code + PKCE). */
  COGNITO_OPERATOR_CLIENT_ID: z
    .string()
    .regex(/^[\w+]+$/)
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

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
  /** Cookies get `Secure` unless the portal is served over plain http on a loopback host. */
  secureCookies: boolean;
  /** The Cognito user pool Gatehouse manages; undefined until COGNITO_USER_POOL_ID is set. */
  cognito: CognitoConfig | undefined;
}

export interface CognitoConfig {
  userPoolId: string;
  domain: string | undefined;
  appClientIds: string[];
  testClientId: string | undefined;
  operatorClientId: string | undefined;
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
    cognito: env.COGNITO_USER_POOL_ID
      ? {
          userPoolId: env.COGNITO_USER_POOL_ID,
          domain: env.COGNITO_DOMAIN,
          appClientIds: env.COGNITO_APP_CLIENT_IDS?.split(',') ?? [],
          testClientId: env.COGNITO_TEST_CLIENT_ID,
          operatorClientId: env.COGNITO_OPERATOR_CLIENT_ID,
        }
      : undefined,
  };
}

/** Parses the given variables (process.env by default) into Config; throws a readable error on bad input. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid Gatehouse API configuration:\n${lines.join('\n')}`);
  }
  return configFromEnv(parsed.data);
}

/** Configuration for tests and tools that build the app in-process: defaults plus overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}
