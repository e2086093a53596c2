import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AppDeps,
  connectDynamo,
  createLogger,
  createTenant,
  depsFromConfig,
  ensureTable,
  issueSetupLink,
  loadConfig,
} from '@gatehouse/api';
import { type RunningServer, startServer } from '@gatehouse/api/server';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { REPO_ROOT } from '../env.ts';

export const LOCAL_TABLE = 'gatehouse';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_POOL_ID = 'us-east-1_LocalPool';
export const DEMO_TENANT = { id: 'demo', name: 'Demo Company' } as const;

export interface LocalStackOptions {
  /** Keep data here across runs; in memory when absent. */
  dataDir?: string | undefined;
  /** Portal port; 8787 by default, 0 for any free port. */
  port?: number | undefined;
  webDistDir?: string | undefined;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where API log lines go (stdout by default). */
  logSink?: (line: string) => void;
  /** Clock for the API; tests pin it. */
  now?: () => Date;
}

export interface LocalStack {
  portalUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  deps: AppDeps;
  demo: { tenantId: string; tenantName: string; setupUrl: string };
  stop(): Promise<void>;
}

export interface LocalStackState {
  pid: number;
  portalUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  region: string;
  cognitoUserPoolId: string;
  cognitoDomainUrl: string;
  cognitoEndpoint?: string | undefined;
}

export const stateFile = (dataDir: string) => join(dataDir, 'local-stack.json');

/**
 * Starts the whole portal on this machine: DynamoDB Local, the table, the API with the web app on one
 * origin, and the demo tenant with a fresh setup link. Everything listens on 127.0.0.1.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({
      dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
    });
    stops.push(() => dynamo.stop());

    const port = options.port === 0 ? await freePort() : (options.port ?? 8787);
    const portalUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      GATEHOUSE_TABLE: LOCAL_TABLE,
      AWS_REGION: LOCAL_REGION,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      PUBLIC_URL: portalUrl,
      LOG_LEVEL: options.logLevel ?? 'info',
      SERVE_STATIC: 'true',
      WEB_DIST_DIR: options.webDistDir ?? join(REPO_ROOT, 'apps', 'web', 'dist'),
      GATEHOUSE_VERSION: 'local',
      COGNITO_USER_POOL_ID: LOCAL_POOL_ID,
      COGNITO_DOMAIN_URL: `${portalUrl}/cognito`,
    });
    const connection = connectDynamo({ tableName: config.tableName, region: config.region, endpoint: config.dynamoEndpoint });
    await ensureTable(connection);
    const deps: AppDeps = depsFromConfig(config, {
      logger: createLogger(config.logLevel, options.logSink),
      ...(options.now ? { now: options.now } : {}),
    });

    let server: RunningServer;
    try {
      server = await startServer(deps, { port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(`Port ${port} is already in use. Stop whatever uses it, or start with --port <another>.`);
      }
      throw error;
    }
    stops.push(() => server.close());

    const demo = await seedDemo(deps);

    if (options.dataDir) {
      const state: LocalStackState = {
        pid: process.pid,
        portalUrl,
        dynamoEndpoint: dynamo.endpoint,
        tableName: config.tableName,
        region: config.region,
        cognitoUserPoolId: config.cognito.userPoolId,
        cognitoDomainUrl: config.cognito.domainUrl,
        cognitoEndpoint: config.cognito.endpoint,
      };
      writeFileSync(stateFile(options.dataDir), `${JSON.stringify(state, null, 2)}\n`);
      const dataDir = options.dataDir;
      stops.push(async () => rmSync(stateFile(dataDir), { force: true }));
    }

    return { portalUrl, dynamoEndpoint: dynamo.endpoint, tableName: config.tableName, deps, demo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Makes sure the demo tenant exists and gives it a fresh setup link (the previous one is revoked). */
export async function seedDemo(deps: AppDeps): Promise<LocalStack['demo']> {
  const now = deps.now();
  if (!(await deps.tenants.getTenant(DEMO_TENANT.id))) {
    await createTenant(deps.tenants, { id: DEMO_TENANT.id, name: DEMO_TENANT.name }, now);
  }
  const issued = await issueSetupLink(deps.tenants, {
    tenantId: DEMO_TENANT.id,
    ttlHours: deps.config.setupLinkTtlHours,
    createdBy: 'seed',
    publicUrl: deps.config.publicUrl,
    now,
  });
  return { tenantId: DEMO_TENANT.id, tenantName: DEMO_TENANT.name, setupUrl: issued.url };
}
