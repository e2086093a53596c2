/** Limits for a document to be read at all; genuine IdP metadata stays far below each of them. */
export const METADATA_LIMITS = {
  /** Hard cap: larger documents are not parsed (the guarded fetcher caps URL bodies at the same size). */
  maxCharacters: 1_048_576,
  /** Cognito's limit for a MetadataFile. */
  maxFileCharacters: 131_072,
  maxDepth: 32,
  maxAttributesPerElement: 64,
  maxNamespaceDeclarationsPerElement: 32,
} as const;

export type PreflightResult =
  | { ok: true }
  | { ok: false; reason: 'doctype' }
  | { ok: false; reason: 'depth' | 'attributes' | 'namespaces'; detail: string };

// Any markup declaration is refused, even one a parser would ignore: entity expansion, external entities
// and parameter entities all start here, and IdP metadata never needs one.
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const TAG_REST = /[^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>/y;
const QUOTED = /"[^"]*"|'[^']*'/g;
// An attribute name: a run after white space that does not start with `=`, `/` or `>`. Counted once
// quoted values are taken out, so attributes count however they are written: quoted, unquoted
// (`a=1`) or bare (`a`), which are not XML but must not slip past the limit because of it.
const ATTRIBUTE_NAME = /\s+[^\s=/>]/g;

function countAttributes(tag: string): number {
  const unquoted = tag.includes('"') || tag.includes("'") ? tag.replace(QUOTED, '') : tag;
  return unquoted.match(ATTRIBUTE_NAME)?.length ?? 0;
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    count++;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return count;
}

/**
 * One linear pass over the text before any parser sees it: refuses markup declarations (DOCTYPE,
 * ENTITY...) and documents too deeply nested or with too many attributes or namespace declarations on
 * one element. What it cannot make sense of it leaves to the parser, which reports malformed XML.
 */
export function preflightXml(text: string): PreflightResult {
  if (DECLARATION.test(text)) return { ok: false, reason: 'doctype' };
  let depth = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      const end = text.startsWith('<!--', i)
        ? text.indexOf('-->', i + 4)
        : text.startsWith('<![CDATA[', i)
          ? text.indexOf(']]>', i + 9)
          : -2;
      if (end === -2) return { ok: false, reason: 'doctype' };
      if (end === -1) return { ok: true };
      i = text.indexOf('<', end + 3);
      continue;
    }
    if (next === 63 /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return { ok: true };
      i = text.indexOf('<', end + 2);
      continue;
    }
    TAG_REST.lastIndex = i + 1;
    const match = TAG_REST.exec(text);
    if (!match) return { ok: true };
    const tag = match[0];
    const after = i + 1 + tag.length;
    if (next === 47 /* / */) {
      depth--;
    } else {
      const attributes = countAttributes(tag);
      if (attributes > METADATA_LIMITS.maxAttributesPerElement) {
        return { ok: false, reason: 'attributes', detail: `an element carries ${attributes} attributes` };
      }
      if (attributes > 0) {
        const namespaces = countOccurrences(tag, 'xmlns');
        if (namespaces > METADATA_LIMITS.maxNamespaceDeclarationsPerElement) {
          return { ok: false, reason: 'namespaces', detail: `an element declares ${namespaces} namespaces` };
        }
      }
      if (tag.charCodeAt(tag.length - 2) !== 47 /* / */) {
        depth++;
        if (depth > METADATA_LIMITS.maxDepth) {
          return { ok: false, reason: 'depth', detail: `elements are nested more than ${METADATA_LIMITS.maxDepth} deep` };
        }
      }
    }
    i = text.indexOf('<', after);
  }
  return { ok: true };
}
