import { rmSync } from 'node:fs';
import type { CliEnv } from '../env.ts';
import { DEMO_DOMAIN, DEMO_OIDC_CLIENT, startLocalStack } from '../local/stack.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

/** The curl a SaaS login page's request amounts to: which IdP an email address signs in with. */
export function discoveryCurl(portalUrl: string, email: string): string {
  return `curl -s -X POST ${portalUrl}/v1/discovery -H 'content-type: application/json' -d '{"email":"${email}"}'`;
}

export async function localCommand(args: string[], env: CliEnv, io: CommandIo): Promise<number> {
  const { values } = parse(
    args,
    { port: { type: 'string' }, ephemeral: { type: 'boolean' }, reset: { type: 'boolean' }, quiet: { type: 'boolean' } },
    false,
  );
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number.');
  const dataDir = values.ephemeral ? undefined : env.localDataDir;
  if (values.reset && dataDir) rmSync(dataDir, { recursive: true, force: true });

  io.out('Starting Gatehouse locally (DynamoDB Local, local Cognito, demo IdPs, API, web app)...');
  const stack = await startLocalStack({ dataDir, port, logLevel: values.quiet ? 'warn' : 'info' });
  const bold = (s: string) => (env.color ? `\x1b[1m${s}\x1b[0m` : s);
  io.out(
    [
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
      dataDir
        ? `  npm run gatehouse -- dns set-txt _gatehouse-challenge.${DEMO_DOMAIN} <value shown in the wizard>`
        : `  curl -X PUT -H 'x-dns-admin-token: ${stack.dns.admin.token}' -H 'content-type: application/json' \\\n` +
          `    -d '{"values":["<value shown in the wizard>"]}' ${stack.dns.admin.url}/txt/_gatehouse-challenge.${DEMO_DOMAIN}`,
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
      `  Data           ${dataDir ?? 'in memory (--ephemeral): gone when you stop'}`,
      '',
      'In another terminal: npm run gatehouse -- tenants create --name "Acme Corp"',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      io.out('\nStopping...');
      await stack.stop();
      io.out('Stopped. Nothing is left running.');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    process.once('SIGHUP', shutdown);
  });
  return 0;
}
