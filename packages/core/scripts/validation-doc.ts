import { FINDING_CATALOG, type FindingCode } from '../src/findings/catalog.ts';

const SECTIONS: { prefix: string; title: string; intro: string }[] = [
  {
    prefix: 'METADATA_',
    title: 'SAML metadata',
    intro:
      '`analyzeSamlMetadata(text, { now, source })` from `@gatehouse/core/saml`. The document is scanned before parsing: any DOCTYPE or entity declaration, more than 32 levels of nesting, 64 attributes (quoted, unquoted or bare alike) or 32 namespace declarations on one element, more than 1 MB, or an uploaded file over Cognito’s 131,072 characters stops the analysis there. XML the parser can only read by guessing (an attribute value without quotes, an attribute without a value) is refused as not well-formed.',
  },
  {
    prefix: 'OIDC_',
    title: 'OIDC issuer, discovery document and JWKS',
    intro:
      '`analyzeOidcIssuer({ issuer, discovery, jwks, clientId, clientSecret, authorizeScopes })` from `@gatehouse/core/oidc`. The caller fetches `<issuer>/.well-known/openid-configuration` and `jwks_uri` with the guarded fetcher.',
  },
  {
    prefix: 'CLAIM_',
    title: 'Claim mapping',
    intro:
      '`analyzeAttributeMapping({ mapping, schema, protocol, vendor, writeAttributes })` from `@gatehouse/core/claims`, against the user pool schema as DescribeUserPool returns it. `claimPreset(vendor, protocol, schema)` gives a mapping that passes.',
  },
  {
    prefix: 'FETCH_',
    title: 'Fetching the address the admin gave',
    intro:
      'When the wizard saves a metadata URL or an OIDC issuer, a fetch that fails is a finding on that field (`metadataUrl`, `issuer`) from `fetchFailureFinding(failure, { field, document, url, vendor })` in `@gatehouse/core/findings`: the fetcher’s error code, told apart further where the fix differs (a 404 from another HTTP error, an unknown host or a TLS failure from another connection failure). Where the address is likely wrong, the fix adds where the chosen vendor shows the right one.',
  },
  {
    prefix: 'DOMAIN_',
    title: 'Email domains',
    intro:
      '`checkClaimableDomain(input)` from `@gatehouse/core/domains`, after normalisation (case, trailing dot, IDN to punycode).',
  },
];

const escapeCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The text of docs/validation.md, generated from FINDING_CATALOG so the two cannot drift apart. */
export function renderValidationDoc(): string {
  const codes = Object.keys(FINDING_CATALOG) as FindingCode[];
  const lines = [
    '# Validation findings',
    '',
    '<!-- Generated from packages/core/src/findings/catalog.ts by `pnpm --filter @gatehouse/core run docs`; a test keeps it in sync. -->',
    '',
    'Every check Gatehouse runs on a customer’s IdP settings before they reach Amazon Cognito returns findings,',
    'all at once, as data: `{ code, severity, field, message, fix }`. `code` is one of the codes below (a closed',
    'union, `FindingCode`); `message` carries the specifics (dates, values) and `fix` may name the exact place',
    'in the admin’s IdP (Entra, Okta, Google Workspace, AD FS, Ping, OneLogin, JumpCloud, Keycloak, Auth0).',
    '',
    '- **error**: Cognito would refuse the setting, or sign-in would fail. It is not sent to Cognito.',
    '- **warning**: it works today but is fragile or unsafe (a certificate about to expire, a mutable NameID).',
    '- **info**: worth knowing; nothing to change.',
    '',
    'One cause found in several places is said once: `groupFindings` turns, say, four endpoints on http into one',
    '`OIDC_ENDPOINT_NOT_HTTPS` with `places: ["authorization endpoint", "token endpoint", …]`. Only codes whose',
    'messages carry nothing specific to one place are grouped (the endpoint, key ID and unreadable-certificate',
    'codes); an expiring certificate keeps its own finding with its date.',
    '',
    'The same rules run in the web wizard, the API and `gatehouse analyze`:',
    '',
    '```sh',
    'npm run gatehouse -- analyze saml-metadata ./FederationMetadata.xml',
    'npm run gatehouse -- analyze saml-metadata https://login.microsoftonline.com/<tenant>/federationmetadata/2007-06/federationmetadata.xml --json',
    'npm run gatehouse -- analyze oidc https://acme.okta.com/oauth2/default --client-id <id> --scopes "openid email profile"',
    'npm run gatehouse -- analyze oidc http://127.0.0.1:9100 --allow-private-network   # a local test IdP',
    '```',
    '',
    'The command exits 0 when there is no error, 1 when there is one, 2 on bad usage or an input that could not',
    'be read; `--json` prints `{ ok, findings, summary }`, `--at <date>` judges certificates at another date.',
    'An OIDC issuer whose discovery document cannot be fetched still gets the findings that need no fetch',
    '(http, ports, Entra `common`), printed with the fetch error (`--json`: `{ ok, error, findings }`).',
    '',
  ];
  for (const section of SECTIONS) {
    lines.push(`## ${section.title}`, '', section.intro, '', '| Code | Severity | Meaning | Fix |', '|---|---|---|---|');
    for (const code of codes.filter((c) => c.startsWith(section.prefix))) {
      const entry = FINDING_CATALOG[code];
      lines.push(`| \`${code}\` | ${entry.severity} | ${escapeCell(entry.meaning)} | ${escapeCell(entry.fix)} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Fetching customer URLs',
    '',
    'Metadata URLs, discovery documents and JWKS are fetched by `@gatehouse/guarded-fetch`. When a fetch is',
    'refused or fails, it throws one of these error codes, never with the body of the response. The wizard’s',
    'saves turn them into the `FETCH_` findings above; other callers (the metadata refresh, `gatehouse analyze`)',
    'report the error code itself:',
    '',
    '| Code | Meaning |',
    '|---|---|',
    '| `FETCH_URL_REFUSED` | Not https, a port other than 443/80, credentials in the URL, or not a URL. |',
    '| `FETCH_ADDRESS_REFUSED` | The host is, or resolves to, a loopback, private, link-local, CGNAT, metadata or other reserved address. |',
    '| `FETCH_REDIRECT_REFUSED` | More than 3 redirects. Each hop is checked like the first URL. |',
    '| `FETCH_TIMEOUT` | No connection, headers or body in time. |',
    '| `FETCH_TOO_LARGE` | The body is over 1 MiB. |',
    '| `FETCH_HTTP_ERROR` | The server answered with a status other than 2xx. |',
    '| `FETCH_FAILED` | The host does not exist or the connection failed. |',
    '',
  );
  return lines.join('\n');
}
