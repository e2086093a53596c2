import { type CatalogEntry, FINDING_CATALOG, type Finding } from './catalog.ts';

const ENDPOINT_NAMES: Record<string, string> = {
  authorization_endpoint: 'authorization endpoint',
  token_endpoint: 'token endpoint',
  userinfo_endpoint: 'userinfo endpoint',
  jwks_uri: 'key set (jwks_uri)',
};

/**
 * A finding's `field` in words an IT admin recognises: `discovery.token_endpoint` is the token endpoint,
 * `certificates[1]` the second signing certificate. Unknown fields are returned as they are.
 */
export function placeName(field: string): string {
  const discovery = /^discovery\.(\w+)$/.exec(field)?.[1];
  if (discovery) return ENDPOINT_NAMES[discovery] ?? discovery.replaceAll('_', ' ');
  const indexed = /^(certificates|jwks\.keys|singleSignOnServices)\[(\d+)\]$/.exec(field);
  if (indexed) {
    const n = Number(indexed[2]) + 1;
    if (indexed[1] === 'certificates') return `certificate ${n}`;
    if (indexed[1] === 'jwks.keys') return `key ${n}`;
    return `single sign-on endpoint ${n}`;
  }
  const attribute = /^attributeMapping\.(.+)$/.exec(field)?.[1];
  if (attribute) return attribute;
  return field;
}

/** The part of the fields all places share (`discovery.token_endpoint` and `discovery.jwks_uri`: `discovery`). */
function commonField(fields: readonly string[]): string {
  const first = fields[0] ?? '';
  if (fields.every((f) => f === first)) return first;
  const root = first.split(/[.[]/)[0] ?? first;
  return fields.every((f) => f.split(/[.[]/)[0] === root) ? root : first;
}

/**
 * Says each cause once: findings with the same code, severity and fix (the same cause, the same remedy)
 * in several places become one finding whose `places` names them, when the catalogue says how to word
 * them together. Order is kept (a group stands where its first member stood); a cause found once is
 * returned unchanged. Pure.
 */
export function groupFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const order: Array<Finding | string> = [];
  for (const f of findings) {
    const entry: CatalogEntry = FINDING_CATALOG[f.code];
    if (!entry.grouped) {
      order.push(f);
      continue;
    }
    const key = `${f.code}\u0000${f.severity}\u0000${f.fix}`;
    const members = groups.get(key);
    if (members) members.push(f);
    else {
      groups.set(key, [f]);
      order.push(key);
    }
  }
  return order.map((item) => {
    if (typeof item !== 'string') return item;
    const members = groups.get(item) ?? [];
    const first = members[0] as Finding;
    if (members.length === 1) return first;
    const entry: CatalogEntry = FINDING_CATALOG[first.code];
    return {
      code: first.code,
      severity: first.severity,
      field: commonField(members.map((m) => m.field)),
      message: entry.grouped?.(members.length) ?? entry.meaning,
      fix: first.fix,
      places: [...new Set(members.map((m) => placeName(m.field)))],
    };
  });
}
