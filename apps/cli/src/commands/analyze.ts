import { readFile } from 'node:fs/promises';
import { isGatehouseError } from '@gatehouse/core';
import type { Finding } from '@gatehouse/core/findings';
import { analyzeOidcIssuer, discoveryUrl } from '@gatehouse/core/oidc';
import { analyzeSamlMetadata, VENDOR_FACTS } from '@gatehouse/core/saml';
import type { GuardedFetch, GuardedFetchOptions } from '@gatehouse/guarded-fetch';
import { commandHelp } from '../help.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  at: { type: 'string' },
  'allow-private-network': { type: 'boolean' },
  'client-id': { type: 'string' },
  scopes: { type: 'string' },
} as const;

/** An input that could not be read: exit 2, like bad usage, but without the help text. */
class UnreadableInput extends Error {
  /** What could be judged without the input, e.g. an OIDC issuer's own findings when discovery failed. */
  findings: Finding[] = [];
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The guarded fetch, loaded on the first URL fetched: its HTTP client (undici) is most of what this command
 * would load, and analysing a file never uses it.
 */
function lazyGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  let loaded: Promise<GuardedFetch> | undefined;
  return async (url, init) => {
    loaded ??= import('@gatehouse/guarded-fetch').then(({ createGuardedFetch }) => createGuardedFetch(options));
    return (await loaded)(url, init);
  };
}

async function fetchOrFail(fetchDocument: GuardedFetch, url: string, accept: string) {
  try {
    return await fetchDocument(url, { accept });
  } catch (error) {
    if (isGatehouseError(error)) throw new UnreadableInput(error.code, error.message);
    throw error;
  }
}

const SEVERITY_LABEL = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' } as const;

function findingsReport(findings: Finding[]): string[] {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  if (findings.length === 0) return ['No findings.'];
  const lines = [`Findings: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`];
  const order = { error: 0, warning: 1, info: 2 };
  for (const f of [...findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    lines.push('', `  ${SEVERITY_LABEL[f.severity]} ${f.code} (${f.field})`, `          ${f.message}`, `          Fix: ${f.fix}`);
  }
  return lines;
}

function verdict(ok: boolean): string {
  return ok ? 'Result: ready for Cognito.' : 'Result: not ready for Cognito; fix the errors above.';
}

export async function analyzeCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'saml-metadata' && sub !== 'oidc') throw new UsageError(commandHelp('analyze'));
  const { values, positionals } = parse(rest, OPTIONS);
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) throw new UsageError(commandHelp('analyze', sub));
  const now = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(now.getTime())) throw new UsageError('--at takes a date such as 2026-06-01 or 2026-06-01T12:00:00Z.');
  const fetchDocument = lazyGuardedFetch({ allowPrivateNetwork: values['allow-private-network'] ?? false });
  try {
    return sub === 'saml-metadata'
      ? await analyzeSaml(target, now, fetchDocument, values.json ?? false, io)
      : await analyzeOidc(target, values['client-id'], values.scopes, fetchDocument, values.json ?? false, io);
  } catch (error) {
    if (!(error instanceof UnreadableInput)) throw error;
    if (values.json) {
      io.out(JSON.stringify({ ok: false, error: { code: error.code, message: error.message }, findings: error.findings }));
    } else if (error.findings.length) {
      io.out(['Judged without the documents that could not be fetched:', '', ...findingsReport(error.findings)].join('\n'));
    }
    io.err(`${error.code}: ${error.message}`);
    return 2;
  }
}

async function analyzeSaml(target: string, now: Date, fetchDocument: GuardedFetch, json: boolean, io: CommandIo) {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target);
  let text: string;
  if (isUrl) {
    text = (await fetchOrFail(fetchDocument, target, 'application/samlmetadata+xml, application/xml, text/xml')).text;
  } else {
    try {
      text = await readFile(target, 'utf8');
    } catch (error) {
      throw new UnreadableInput(
        'FILE_UNREADABLE',
        `${target} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
  }
  const result = analyzeSamlMetadata(text, { now, source: isUrl ? 'url' : 'file', ...(isUrl ? { metadataUrl: target } : {}) });
  if (json) {
    io.out(
      JSON.stringify({
        ok: result.ok,
        findings: result.findings,
        summary: result.summary,
        source: { kind: isUrl ? 'url' : 'file', location: target },
      }),
    );
  } else {
    const s = result.summary;
    const lines = [
      `SAML metadata: ${target}`,
      `  Entity ID:          ${s.entityId ?? '(none)'}`,
      `  Identity provider:  ${s.vendor === 'generic' ? 'not recognised (generic SAML 2.0)' : VENDOR_FACTS[s.vendor].label}`,
      `  Sign-in URL:        ${s.ssoRedirectUrl ?? '(no HTTP-Redirect endpoint)'}`,
      `  Sign-out URL:       ${s.singleLogoutServices[0]?.location ?? '(none)'}`,
      `  Name ID formats:    ${s.nameIdFormats.map((f) => f.split(':').pop()).join(', ') || '(none announced)'}`,
      `  Signed requests:    ${s.wantAuthnRequestsSigned ? 'required by the IdP' : 'not required'}`,
      '  Certificates:',
      ...(s.certificates.length === 0 ? ['    (none)'] : []),
      ...s.certificates.map((c, i) =>
        c.parsed
          ? `    [${i}] ${c.use.padEnd(10)} ${c.subject}, ${c.notBefore?.slice(0, 10)} to ${c.notAfter?.slice(0, 10)}, ${c.keyType} ${c.keySize ?? ''}, ${c.signatureAlgorithm}`
          : `    [${i}] ${c.use.padEnd(10)} (unreadable)`,
      ),
      '',
      ...findingsReport(result.findings),
      '',
      verdict(result.ok),
    ];
    io.out(lines.join('\n'));
  }
  return result.ok ? 0 : 1;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function analyzeOidc(
  issuer: string,
  clientId: string | undefined,
  scopes: string | undefined,
  fetchDocument: GuardedFetch,
  json: boolean,
  io: CommandIo,
) {
  const options = {
    ...(clientId === undefined ? {} : { clientId }),
    ...(scopes === undefined ? {} : { authorizeScopes: scopes }),
  };
  // The checks that need no fetch (http, ports, Entra's common/organizations) run first, so an issuer that
  // cannot be reached still gets them.
  const preliminary = analyzeOidcIssuer({ issuer, ...options });
  if (preliminary.findings.some((f) => f.code === 'OIDC_ISSUER_INVALID')) {
    throw new UsageError(`"${issuer}" is not an issuer URL.\n${commandHelp('analyze', 'oidc')}`);
  }
  let fetched: Awaited<ReturnType<GuardedFetch>>;
  try {
    fetched = await fetchOrFail(fetchDocument, discoveryUrl(issuer), 'application/json');
  } catch (error) {
    if (error instanceof UnreadableInput) error.findings = preliminary.findings;
    throw error;
  }
  const discovery = parseJson(fetched.text);
  const jwksUri =
    typeof discovery === 'object' && discovery !== null ? (discovery as { jwks_uri?: unknown }).jwks_uri : undefined;
  let jwks: unknown;
  let jwksError: string | undefined;
  if (typeof jwksUri === 'string') {
    try {
      jwks = parseJson((await fetchOrFail(fetchDocument, jwksUri, 'application/json, application/jwk-set+json')).text);
    } catch (error) {
      if (!(error instanceof UnreadableInput)) throw error;
      jwksError = `${error.code}: ${error.message}`;
    }
  }
  const result = analyzeOidcIssuer({
    issuer,
    discovery,
    jwks,
    ...(jwksError === undefined ? {} : { jwksError }),
    ...options,
  });
  if (json) {
    io.out(JSON.stringify({ ok: result.ok, findings: result.findings, summary: result.summary }));
  } else {
    const s = result.summary;
    const lines = [
      `OIDC issuer: ${s.issuer}`,
      `  Identity provider:  ${s.vendor === 'generic' ? 'not recognised (generic OpenID Connect)' : VENDOR_FACTS[s.vendor].label}`,
      `  Authorization:      ${s.authorizationEndpoint ?? '(missing)'}`,
      `  Token:              ${s.tokenEndpoint ?? '(missing)'} (${s.tokenEndpointAuthMethods.join(', ')})`,
      `  User info:          ${s.userinfoEndpoint ?? '(missing)'}`,
      `  JWKS:               ${s.jwksUri ?? '(missing)'} (key ids: ${s.keyIds.join(', ') || 'none'})`,
      `  ID token signing:   ${s.signingAlgorithms.join(', ') || '(none announced)'}`,
      `  Scopes requested:   ${s.authorizeScopes}`,
      '',
      ...findingsReport(result.findings),
      '',
      verdict(result.ok),
    ];
    io.out(lines.join('\n'));
  }
  return result.ok ? 0 : 1;
}
