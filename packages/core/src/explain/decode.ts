import type { ExplainRefusalCode } from './schema.ts';

/** A pasted text, recognised: a SAML response's XML or a signed JWT's parts. */
export type DecodedIdpText =
  | { ok: true; kind: 'saml'; xml: string }
  | { ok: true; kind: 'oidc'; token: string; header: Record<string, unknown>; payload: Record<string, unknown> }
  | { ok: false; reason: ExplainRefusalCode; message: string };

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function refuse(reason: ExplainRefusalCode, message: string): DecodedIdpText {
  return { ok: false, reason, message };
}

function base64UrlJson(part: string): Record<string, unknown> | null {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const parsed: unknown = JSON.parse(utf8(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function utf8(binary: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The SAMLResponse value out of what the browser's tools give: a form body or query
 * (`SAMLResponse=...&RelayState=...`), URL-encoded or not, with or without line breaks.
 */
function samlResponseValue(text: string): string {
  const field = /(?:^|[?&\s])SAMLResponse=([^&\s]*)/.exec(text);
  let value = field?.[1] ?? text;
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not URL-encoded after all: read it as it is.
    }
  }
  return value.replace(/\s+/g, '');
}

/**
 * Recognises what the admin pasted, without trusting it: an ID token (a signed JWT; an encrypted one
 * cannot be read here), or a SAML response as XML, base64 (what SAML-tracer and the network tab show) or
 * URL-encoded base64. Nothing is verified here; see `explainSamlResponse` and `explainIdToken`.
 */
export function decodeIdpText(input: string): DecodedIdpText {
  const text = input.trim();
  const bare = text.replace(/^(?:Bearer\s+|id_token=)/i, '');
  if (JWE.test(bare)) {
    return refuse(
      'EXPLAIN_TOKEN_ENCRYPTED',
      'This is an encrypted token (five parts): it can only be read with the key it was encrypted for. Paste the ID token as your identity provider signs it, not encrypted.',
    );
  }
  if (JWS.test(bare)) {
    const [headerPart = '', payloadPart = ''] = bare.split('.');
    const header = base64UrlJson(headerPart);
    const payload = base64UrlJson(payloadPart);
    if (!header || !payload) {
      return refuse(
        'EXPLAIN_TOKEN_MALFORMED',
        'This looks like a token (three parts separated by dots) but its parts are not readable JSON. Copy the whole ID token again.',
      );
    }
    return { ok: true, kind: 'oidc', token: bare, header, payload };
  }
  if (text.startsWith('<')) return { ok: true, kind: 'saml', xml: text };
  const value = samlResponseValue(text);
  if (value.startsWith('<')) return { ok: true, kind: 'saml', xml: value };
  if (BASE64.test(value) && value.length % 4 === 0) {
    let xml: string;
    try {
      xml = utf8(atob(value))
        .replace(/^\uFEFF/, '')
        .trim();
    } catch {
      xml = '';
    }
    if (xml.startsWith('<')) return { ok: true, kind: 'saml', xml };
    return refuse(
      'EXPLAIN_NOT_XML',
      'The text decodes from base64, but not to XML. Copy the SAMLResponse value itself, not another field of the request.',
    );
  }
  return refuse(
    'EXPLAIN_NOT_RECOGNISED',
    'This is neither a SAML response nor an ID token. Paste the SAMLResponse value (base64) of the POST to Cognito, or an ID token (three parts separated by dots).',
  );
}
