import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type AppDeps,
  backfillLiveIndex,
  backfillProviderIndex,
  connectDynamo,
  createLogger,
  createTenant,
  depsFromConfig,
  ensureTable,
  issueSetupLink,
  loadConfig,
} from '@gatehouse/api';
import { type RunningServer, startServer } from '@gatehouse/api/server';
import { ssoEnforcementTriggerFor } from '@gatehouse/api/sso-enforcement';
import { tenantClaimsTriggerFor } from '@gatehouse/api/tenant-claims';
import { preloadSaml, startCognitoLocal } from '@gatehouse/cognito-local';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { type RunningDemoSaas, startDemoSaas } from '@gatehouse/demo-saas';
import {
  attachSsoEnforcement,
  attachTenantClaims,
  type DevPool,
  ensureApiClient,
  ensureDevPool,
  ensureOperatorIdp,
  grantOperatorIfSignedIn,
  LOCAL_SSO_ENFORCEMENT_ARN,
  LOCAL_TENANT_CLAIMS_ARN,
  localCognitoClient,
  OPERATORS_IDP_NAME,
} from '@gatehouse/dev-pool';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { startDnsServer } from '@gatehouse/test-dns';
import { DEMO_USERS, startOidcIdp, startSamlIdp, type TestOidcIdp, type TestSamlIdp } from '@gatehouse/test-idps';
import { REPO_ROOT } from '../env.ts';
import { type DemoLiveConnection, seedDemoLiveConnection } from './demo-connection.ts';
import { startDnsAdmin } from './dns-admin.ts';
import { type LocalStackState, stateFile } from './state.ts';

export const LOCAL_TABLE = 'gatehouse';
export const LOCAL_REGION = 'us-east-1';
export const DEMO_TENANT = { id: 'demo', name: 'Demo Company' } as const;
/** The client the demo OIDC IdP knows Cognito by; the admin enters these in the wizard. */
export const DEMO_OIDC_CLIENT = { clientId: 'gatehouse-demo', clientSecret: 'demo-client-secret-7f3a9c2e51b8' } as const;
/** A domain to verify in the demo: reserved for examples (RFC 2606), answered by the local DNS server. */
export const DEMO_DOMAIN = 'acme.example.com';

/** How the operators' IdP knows Cognito; a client of its own at the demo OIDC IdP. */
export const OPERATORS_OIDC_CLIENT = {
  clientId: 'gatehouse-operators',
  clientSecret: 'operators-client-secret-4b8d1e6a',
} as const;
/** The demo user the local stack makes an operator. */
export const DEMO_OPERATOR = { username: 'alice' } as const;

export interface LocalStackOptions {
  /** Keep data here across runs; in memory when absent. */
  dataDir?: string | undefined;
  /** Portal port (8787 by default; the local Cognito, the IdPs and the demo app take the next four), 0 for free ports. */
  port?: number | undefined;
  webDistDir?: string | undefined;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where API log lines go (stdout by default). */
  logSink?: (line: string) => void;
  /** Clock for the API; tests pin it. */
  now?: () => Date;
  /**
   * Where to write the state file other commands connect with (`gatehouse tenants`, `dns`, ...); by
   * default the data folder's, and none without one. Removed at stop if it still names this process.
   */
  stateFile?: string | undefined;
  /** Aborting it stops the start at the next step, after stopping what had started. */
  signal?: AbortSignal | undefined;
}

export interface LocalStack {
  portalUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  cognitoEndpoint: string;
  pool: DevPool;
  oidcIdp: TestOidcIdp;
  samlIdp: TestSamlIdp;
  /**
   * The DNS server the API's domain verification asks (DNS_SERVERS), and its record editor for other
   * processes (`gatehouse dns set-txt`, browser tests).
   */
  dns: LocalDns;
  deps: AppDeps;
  demo: { tenantId: string; tenantName: string; setupUrl: string };
  /** A tenant whose SAML connection is live with a verified domain, so discovery answers at once. */
  demoLive: DemoLiveConnection;
  /** Who signs in to the operator console at /admin. */
  operator: { username: string; idpName: string };
  /** The SaaS's own app (apps/demo-saas): sign-in through Gatehouse, and an API that serves each tenant its data. */
  demoApp: { url: string; clientId: string; callbackUrl: string };
  /** The admin API's client-credentials client, as the SaaS's backend would use it. */
  apiClient: { clientId: string; clientSecret: string; tokenUrl: string };
  stop(): Promise<void>;
}

export interface LocalDns {
  /** 127.0.0.1:<port>, UDP and TCP. */
  address: string;
  setTxt(name: string, values: string[]): void;
  removeTxt(name: string): void;
  admin: { url: string; token: string };
}

async function ports(first: number | undefined): Promise<[number, number, number, number, number]> {
  if (first === 0) return [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const base = first ?? 8787;
  return [base, base + 1, base + 2, base + 3, base + 4];
}

function inUse(error: unknown, port: number): Error {
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new Error(`Port ${port} is already in use. Stop whatever uses it, or start with --port <another>.`);
  }
  return error as Error;
}

/**
 * Starts the whole portal on this machine: DynamoDB Local, the local Cognito with the SaaS's user pool,
 * a demo OIDC and a demo SAML identity provider, the API with the web app on one origin, and the demo
 * tenant with a fresh setup link. Everything listens on 127.0.0.1.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  // Checked between steps: a start takes seconds, and Ctrl-C during it must leave nothing running.
  const checkpoint = () => options.signal?.throwIfAborted();
  try {
    checkpoint();
    const [portalPort, cognitoPort, oidcPort, samlPort, demoPort] = await ports(options.port);
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const demoAppUrl = `http://127.0.0.1:${demoPort}`;
    if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });

    const dynamo: DynamoDbLocal = await startDynamoDbLocal({
      dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
    });
    stops.push(() => dynamo.stop());
    checkpoint();
    const table = { tableName: LOCAL_TABLE, region: LOCAL_REGION, endpoint: dynamo.endpoint };
    await ensureTable(connectDynamo(table));

    const cognito = await startCognitoLocal({
      port: cognitoPort,
      ...(options.dataDir ? { stateDir: join(options.dataDir, 'cognito') } : {}),
      // The local IdPs and the portal speak plain http on 127.0.0.1, which Cognito itself would refuse.
      allowLoopbackHttp: true,
    }).catch((error) => Promise.reject(inUse(error, cognitoPort)));
    stops.push(() => cognito.stop());
    checkpoint();
    // samlify's schema validator takes seconds to compile; do it now rather than on the first SAML sign-in.
    preloadSaml().catch(() => undefined);

    // Gatehouse's tenant claims trigger, attached to the pool as the CDK app does in AWS, so every token
    // of a user of a Gatehouse connection carries tenant_id. The local Cognito keeps the pool's trigger
    // setting between runs but not the handler: it is registered again at every start.
    cognito.registerLambda(
      LOCAL_TENANT_CLAIMS_ARN,
      tenantClaimsTriggerFor(
        { tableName: LOCAL_TABLE, region: LOCAL_REGION, dynamoEndpoint: dynamo.endpoint, cacheSeconds: 10, logLevel: 'warn' },
        createLogger('warn', options.logSink),
      ) as (event: unknown) => Promise<unknown>,
    );
    cognito.registerLambda(
      LOCAL_SSO_ENFORCEMENT_ARN,
      ssoEnforcementTriggerFor(
        { tableName: LOCAL_TABLE, region: LOCAL_REGION, dynamoEndpoint: dynamo.endpoint, cacheSeconds: 10, logLevel: 'warn' },
        createLogger('warn', options.logSink),
      ) as (event: unknown) => Promise<unknown>,
    );
    const cognitoClient = localCognitoClient(cognito.endpoint, LOCAL_REGION);
    const pool = await ensureDevPool(cognitoClient, {
      portalUrl,
      appCallbackUrls: [`${demoAppUrl}/callback`],
      domainUrl: (domain) => cognito.domainBaseUrl(domain),
    });
    await attachTenantClaims(cognitoClient, pool);
    await attachSsoEnforcement(cognitoClient, pool);
    // The SaaS's backend calling the admin API (client credentials), as the CDK app sets it up.
    const apiClient = await ensureApiClient(cognitoClient, pool);
    checkpoint();

    const oidcIdp = await startOidcIdp({
      port: oidcPort,
      clients: [
        { ...DEMO_OIDC_CLIENT, redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] },
        { ...OPERATORS_OIDC_CLIENT, redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] },
      ],
    }).catch((error) => Promise.reject(inUse(error, oidcPort)));
    stops.push(() => oidcIdp.stop());
    const samlIdp = await startSamlIdp({
      port: samlPort,
      shape: 'entra',
      serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
    }).catch((error) => Promise.reject(inUse(error, samlPort)));
    stops.push(() => samlIdp.stop());
    checkpoint();
    await seedOperator(cognito.endpoint, pool, oidcIdp.issuer, portalUrl);

    const dnsServer = await startDnsServer();
    stops.push(() => dnsServer.stop());
    const dnsAdmin = await startDnsAdmin(dnsServer);
    stops.push(() => dnsAdmin.close());
    checkpoint();
    const dns: LocalDns = {
      address: dnsServer.address,
      setTxt: (name, values) => dnsServer.setTxt(name, values),
      removeTxt: (name) => dnsServer.removeTxt(name),
      admin: { url: dnsAdmin.url, token: dnsAdmin.token },
    };

    const config = loadConfig({
      GATEHOUSE_TABLE: LOCAL_TABLE,
      AWS_REGION: LOCAL_REGION,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      PUBLIC_URL: portalUrl,
      LOG_LEVEL: options.logLevel ?? 'info',
      SERVE_STATIC: 'true',
      WEB_DIST_DIR: options.webDistDir ?? join(REPO_ROOT, 'apps', 'web', 'dist'),
      GATEHOUSE_VERSION: 'local',
      COGNITO_USER_POOL_ID: pool.userPoolId,
      COGNITO_DOMAIN_URL: pool.domainUrl,
      COGNITO_ENDPOINT: cognito.endpoint,
      COGNITO_TEST_CLIENT_ID: pool.testClientId,
      // Approval enables a live IdP on the demo application's client, so its users can sign in with it.
      COGNITO_APP_CLIENT_IDS: pool.appClientId,
      COGNITO_OPERATOR_CLIENT_ID: pool.operatorClientId,
      M2M_CLIENT_IDS: apiClient.clientId,
      OPERATOR_IDP_NAME: OPERATORS_IDP_NAME,
      // Test IdPs run on 127.0.0.1; analysis findings still say what production would refuse.
      ALLOW_PRIVATE_NETWORK: 'true',
      // Domain verification asks the local DNS server, whose records the demo and the tests set.
      DNS_SERVERS: dnsServer.address,
    });
    const deps = depsFromConfig(config, {
      logger: createLogger(config.logLevel, options.logSink),
      ...(options.now ? { now: options.now } : {}),
    });

    let server: RunningServer;
    try {
      server = await startServer(deps, { port: portalPort });
    } catch (error) {
      throw inUse(error, portalPort);
    }
    stops.push(() => server.close());
    checkpoint();

    // Connections saved by an older version have no provider index items yet: the trigger needs them.
    await backfillProviderIndex(deps);
    // And the live connections index the monitoring jobs list them from.
    await backfillLiveIndex(deps);
    const demo = await seedDemo(deps);
    const demoLive = await seedDemoLiveConnection(deps, { metadataUrl: samlIdp.metadataUrl, setTxt: dns.setTxt });
    checkpoint();

    let demoApp: RunningDemoSaas;
    try {
      demoApp = await startDemoSaas(
        {
          baseUrl: demoAppUrl,
          gatehouseApiUrl: `${portalUrl}/v1`,
          cognitoDomainUrl: pool.domainUrl,
          userPoolId: pool.userPoolId,
          clientId: pool.appClientId,
          localIssuer: cognito.issuer(pool.userPoolId),
        },
        demoPort,
      );
    } catch (error) {
      throw inUse(error, demoPort);
    }
    stops.push(() => demoApp.stop());

    const statePath = options.stateFile ?? (options.dataDir ? stateFile(options.dataDir) : undefined);
    if (statePath) {
      const state: LocalStackState = {
        pid: process.pid,
        ephemeral: !options.dataDir,
        portalUrl,
        dynamoEndpoint: dynamo.endpoint,
        tableName: config.tableName,
        region: config.region,
        cognitoUserPoolId: pool.userPoolId,
        cognitoDomainUrl: pool.domainUrl,
        cognitoEndpoint: cognito.endpoint,
        cognitoTestClientId: pool.testClientId,
        dnsAddress: dns.address,
        dnsAdminUrl: dns.admin.url,
        dnsAdminToken: dns.admin.token,
        demoAppUrl: demoApp.url,
      };
      mkdirSync(dirname(statePath), { recursive: true });
      writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      stops.push(async () => removeStateFileIfOurs(statePath));
    }
    checkpoint();

    return {
      portalUrl,
      dynamoEndpoint: dynamo.endpoint,
      tableName: config.tableName,
      cognitoEndpoint: cognito.endpoint,
      pool,
      oidcIdp,
      samlIdp,
      dns,
      deps,
      demo,
      demoLive,
      operator: { username: DEMO_OPERATOR.username, idpName: OPERATORS_IDP_NAME },
      demoApp: { url: demoApp.url, clientId: pool.appClientId, callbackUrl: demoApp.callbackUrl },
      apiClient: {
        clientId: apiClient.clientId,
        clientSecret: apiClient.clientSecret,
        tokenUrl: `${pool.domainUrl}/oauth2/token`,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Removes the state file unless another stack has written its own over it since. */
function removeStateFileIfOurs(path: string): void {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalStackState>;
    if (state.pid === process.pid) rmSync(path, { force: true });
  } catch {
    // Gone or unreadable: nothing of ours to remove.
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

/**
 * Registers the demo OIDC IdP as the operators' IdP (on the console's client only) and makes alice a
 * member of gatehouse-operators. Cognito has no way to create a federated (EXTERNAL_PROVIDER) user ahead
 * of its first sign-in, and AdminAddUserToGroup needs the user to exist; so, as an operator would do in
 * AWS, the user first signs in once (here headlessly, stopping at the portal's callback without
 * redeeming the code), and is then added to the group.
 */
async function seedOperator(cognitoEndpoint: string, pool: DevPool, oidcIssuer: string, portalUrl: string): Promise<void> {
  const client = localCognitoClient(cognitoEndpoint, LOCAL_REGION);
  await ensureOperatorIdp(client, pool, { issuer: oidcIssuer, ...OPERATORS_OIDC_CLIENT });
  const subject = DEMO_USERS.find((user) => user.username === DEMO_OPERATOR.username)?.id;
  if (!subject) throw new Error(`The demo IdPs have no user ${DEMO_OPERATOR.username}.`);
  // Cognito names a federated user <ProviderName>_<the IdP's subject>.
  const username = `${OPERATORS_IDP_NAME}_${subject}`;
  if (await grantOperatorIfSignedIn(client, pool.userPoolId, username)) return;
  const callback = `${portalUrl}/v1/admin/session/callback`;
  const authorize = new URL(`${pool.domainUrl}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: pool.operatorClientId,
    redirect_uri: callback,
    scope: 'openid email profile',
    state: 'seed',
    identity_provider: OPERATORS_IDP_NAME,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString();
  await new MiniBrowser(callback).signIn(authorize.toString(), DEMO_OPERATOR.username);
  if (!(await grantOperatorIfSignedIn(client, pool.userPoolId, username))) {
    throw new Error('The demo operator could not be created in the local Cognito.');
  }
}
