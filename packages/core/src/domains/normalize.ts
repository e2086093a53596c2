// Kept apart from the claim rules in index.ts (Public Suffix List, free-mail list): discovery normalises
// the domain of every sign-in and should load neither list to do it.
import { type Finding, finding } from '../findings/catalog.ts';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// Anything a URL parser would treat as structure rather than part of a host name.
const NOT_A_HOST = /[\s/\\?#@:[\]%]/;

export type NormalizedDomain = { ok: true; domain: string } | { ok: false; finding: Finding };

/**
 * Normalises an email domain as typed: trims, lowercases, drops one trailing dot and converts IDN to
 * punycode (with the same IDNA mapping browsers use), so that every spelling of a domain compares equal.
 */
export function normalizeDomain(input: string): NormalizedDomain {
  const invalid = (why: string): NormalizedDomain => ({
    ok: false,
    finding: finding('DOMAIN_INVALID', 'domain', `"${input.slice(0, 100)}" is not a valid domain name: ${why}.`),
  });
  let text = input.trim();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (!text) return invalid('it is empty');
  if (NOT_A_HOST.test(text)) return invalid('enter only the domain, e.g. example.com');
  let ascii: string;
  try {
    ascii = new URL(`http://${text}`).hostname;
  } catch {
    return invalid('it contains characters a domain cannot have');
  }
  if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
  const labels = ascii.split('.');
  if (labels.length < 2) return invalid('it needs at least two labels, e.g. example.com');
  if (ascii.length > 253) return invalid(`it is ${ascii.length} characters long; a domain has at most 253`);
  const long = labels.find((l) => l.length > 63);
  if (long) return invalid(`the label "${long.slice(0, 20)}…" is ${long.length} characters long; a label has at most 63`);
  if (labels.some((l) => l.length === 0)) return invalid('it has an empty label (two dots in a row)');
  if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) return invalid('a label cannot start or end with a hyphen');
  if (!labels.every((l) => LABEL.test(l))) return invalid('it contains characters a domain cannot have');
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return invalid('an IP address is not a domain');
  return { ok: true, domain: ascii };
}
