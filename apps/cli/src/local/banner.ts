import { relative } from 'node:path';
import type { LocalStack } from './stack.ts';
import { DEMO_DOMAIN, DEMO_OIDC_CLIENT } from './stack.ts';

/** The curl a SaaS login page's request amounts to: which IdP an email address signs in with. */
export function discoveryCurl(portalUrl: string, email: string): string {
  return `curl -s -X POST ${portalUrl}/v1/discovery -H 'content-type: application/json' -d '{"email":"${email}"}'`;
}

/** What the banner says about a running stack; the parts of LocalStack it reads. */
export type BannerStack = Pick<
  LocalStack,
  | 'portalUrl'
  | 'demo'
  | 'operator'
  | 'samlIdp'
  | 'oidcIdp'
  | 'dns'
  | 'demoLive'
  | 'demoApp'
  | 'apiClient'
  | 'cognitoEndpoint'
  | 'pool'
  | 'dynamoEndpoint'
>;

export interface BannerOptions {
  /** Where the data is kept; undefined with --ephemeral. */
  dataDir: string | undefined;
  /** Where the log lines go. */
  logFile: string;
  /** Paths are shown relative to it when inside it (the repository root). */
  cwd: string;
  bold: (text: string) => string;
}

/** The repository's way to run the CLI: every command the banner suggests starts with it. */
export const CLI_PREFIX = 'npm run gatehouse --';

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * What `gatehouse local` prints once everything listens: the links a new user opens, the demo IdPs,
 * the commands to run in another terminal (each works against this stack, saved data or --ephemeral:
 * both write the state file the CLI connects with), and where the logs go.
 */
export function localBanner(stack: BannerStack, options: BannerOptions): string {
  const { bold, dataDir } = options;
  return [
    '',
    bold('Gatehouse is running.'),
    '',
    `  Portal         ${stack.portalUrl}`,
    `  Demo setup     ${bold(stack.demo.setupUrl)}`,
    `                 (the IT admin's link for tenant "${stack.demo.tenantName}"; a new one each start)`,
    `  Console        ${bold(`${stack.portalUrl}/admin`)}`,
    `                 (operators: Sign in, then "Sign in as ${stack.operator.username}" at the demo OIDC IdP)`,
    `  API            ${stack.portalUrl}/v1/health   ${stack.portalUrl}/v1/openapi.json`,
    '',
    '  Demo identity providers (sign in as alice, bob or carol):',
    `  SAML metadata  ${stack.samlIdp.metadataUrl}`,
    `  OIDC issuer    ${stack.oidcIdp.issuer}`,
    `                 client id ${DEMO_OIDC_CLIENT.clientId}, client secret ${DEMO_OIDC_CLIENT.clientSecret}`,
    '',
    `  Demo email domain: add ${bold(DEMO_DOMAIN)} in the wizard, then publish the TXT record it shows:`,
    `  ${CLI_PREFIX} dns set-txt _gatehouse-challenge.${DEMO_DOMAIN} <value shown in the wizard>`,
    `  DNS (local)    ${stack.dns.address}  (domain verification asks only this server)`,
    '',
    `  Discovery      ${stack.demoLive.domain} is live for tenant "${stack.demoLive.tenantId}"; ask where its users sign in:`,
    `  ${discoveryCurl(stack.portalUrl, `someone@${stack.demoLive.domain}`)}`,
    '',
    `  Demo SaaS app  ${bold(stack.demoApp.url)}`,
    `                 (sign in as alice@${stack.demoLive.domain}: her tokens carry tenant_id "${stack.demoLive.tenantId}",`,
    `                 and the app's API serves that tenant's data only; app client ${stack.demoApp.clientId},`,
    `                 callback ${stack.demoApp.callbackUrl})`,
    '',
    `  Admin API client (client credentials, scopes gatehouse/read, /tenants, /connections; see docs/api.md):`,
    `                 id ${stack.apiClient.clientId}, secret ${stack.apiClient.clientSecret}`,
    `                 token endpoint ${stack.apiClient.tokenUrl}`,
    '',
    `  Cognito (local) ${stack.cognitoEndpoint}  user pool ${stack.pool.userPoolId}`,
    `  DynamoDB Local ${stack.dynamoEndpoint}`,
    `  Data           ${dataDir ? shown(dataDir, options.cwd) : 'in memory (--ephemeral): gone when you stop'}`,
    `  Logs           ${shown(options.logFile, options.cwd)}  (every request; warnings and errors also appear here)`,
    '',
    'In another terminal:',
    `  ${CLI_PREFIX} tenants create --name "Acme Corp"`,
    `  ${CLI_PREFIX} tenants list`,
    `  tail -f ${shown(options.logFile, options.cwd)}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
