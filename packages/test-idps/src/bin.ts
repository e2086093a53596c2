import { parseArgs } from 'node:util';
import { startOidcIdp } from './oidc-idp.ts';
import type { SamlNameIdFormat, SamlShape } from './saml-attributes.ts';
import { startSamlIdp } from './saml-idp.ts';
import { DEMO_USERS } from './users.ts';

const usage = `Usage: gatehouse-test-idps [options]

Starts the test OIDC and SAML identity providers on 127.0.0.1 until interrupted.

  --oidc-port N              OIDC IdP port (default: a free port)
  --saml-port N              SAML IdP port (default: a free port)
  --host HOST                address to listen on (default 127.0.0.1)
  --oidc-client ID,SECRET,REDIRECT_URI
                             register an OIDC client (client_secret_post); repeatable
  --oidc-auth-methods LIST   token endpoint auth methods, comma-separated
                             (default client_secret_post,client_secret_basic)
  --saml-sp ENTITY_ID,ACS_URL
                             register a SAML service provider; repeatable
  --saml-shape SHAPE         entra | okta | google | generic (default generic)
  --saml-name-id FORMAT      persistent | email | transient (default persistent)
  --saml-sign-response       sign the whole response too
  --no-oidc, --no-saml       start only the other one
  -h, --help                 show this help
`;

const SHAPES: SamlShape[] = ['entra', 'okta', 'google', 'generic'];
const NAME_IDS: SamlNameIdFormat[] = ['persistent', 'email', 'transient'];
const AUTH_METHODS = ['client_secret_post', 'client_secret_basic'] as const;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function port(value: string | undefined): number {
  if (value === undefined) return 0;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) fail(`Not a port: ${value}`);
  return parsed;
}

function split(value: string, parts: number, what: string): string[] {
  const pieces = value.split(',');
  if (pieces.length !== parts || pieces.some((piece) => piece === '')) fail(`Expected ${what}, got ${value}`);
  return pieces;
}

const { values } = parseArgs({
  options: {
    'oidc-port': { type: 'string' },
    'saml-port': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'oidc-client': { type: 'string', multiple: true, default: [] },
    'oidc-auth-methods': { type: 'string' },
    'saml-sp': { type: 'string', multiple: true, default: [] },
    'saml-shape': { type: 'string', default: 'generic' },
    'saml-name-id': { type: 'string', default: 'persistent' },
    'saml-sign-response': { type: 'boolean', default: false },
    'no-oidc': { type: 'boolean', default: false },
    'no-saml': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const shape = values['saml-shape'] as SamlShape;
if (!SHAPES.includes(shape)) fail(`Unknown SAML shape: ${shape}`);
const nameIdFormat = values['saml-name-id'] as SamlNameIdFormat;
if (!NAME_IDS.includes(nameIdFormat)) fail(`Unknown NameID format: ${nameIdFormat}`);
const authMethods = (values['oidc-auth-methods'] ?? AUTH_METHODS.join(',')).split(',') as Array<(typeof AUTH_METHODS)[number]>;
for (const method of authMethods) if (!AUTH_METHODS.includes(method)) fail(`Unknown auth method: ${method}`);

const stops: Array<() => Promise<void>> = [];

if (!values['no-oidc']) {
  const oidc = await startOidcIdp({
    host: values.host,
    port: port(values['oidc-port']),
    tokenEndpointAuthMethods: authMethods,
    clients: values['oidc-client'].map((client) => {
      const [clientId = '', clientSecret = '', redirectUri = ''] = split(client, 3, 'ID,SECRET,REDIRECT_URI');
      // Cognito posts the secret, so a client given on the command line uses the first accepted method.
      return { clientId, clientSecret, redirectUris: [redirectUri], tokenEndpointAuthMethod: authMethods[0] };
    }),
  });
  stops.push(oidc.stop);
  console.log(`OIDC IdP listening on ${oidc.url}`);
  console.log(`  issuer     ${oidc.issuer}`);
  console.log(`  discovery  ${oidc.issuer}/.well-known/openid-configuration`);
}

if (!values['no-saml']) {
  const saml = await startSamlIdp({
    host: values.host,
    port: port(values['saml-port']),
    shape,
    nameIdFormat,
    signResponse: values['saml-sign-response'],
    serviceProviders: values['saml-sp'].map((sp) => {
      const [entityId = '', acsUrl = ''] = split(sp, 2, 'ENTITY_ID,ACS_URL');
      return { entityId, acsUrl };
    }),
  });
  stops.push(saml.stop);
  console.log(`SAML IdP listening on ${new URL(saml.ssoUrl).origin}`);
  console.log(`  entity id  ${saml.entityId}`);
  console.log(`  metadata   ${saml.metadataUrl}`);
  console.log(`  SSO        ${saml.ssoUrl}`);
}

console.log(`Demo users: ${DEMO_USERS.map((user) => `${user.username} <${user.email}>`).join(', ')}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(stops.map((stopOne) => stopOne()));
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
