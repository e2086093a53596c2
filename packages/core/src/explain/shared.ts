import { claimShortName } from '../claims/short-name.ts';
import type { ExplainClaim, ExplainProblem, ExplainProblemCode, Explanation } from './schema.ts';

/** The saved mapping (user-pool attribute -> claim) and the attributes the pool requires. */
export interface ClaimMapping {
  attributes: Record<string, string>;
  required: readonly string[];
}

/** Attributes Cognito fills itself: a mapping never needs their claim in the response. */
const POOL_MANAGED = new Set(['sub', 'identities', 'username', 'tenant_id']);

export function problem(
  code: ExplainProblemCode,
  severity: ExplainProblem['severity'],
  message: string,
  fix: string,
): ExplainProblem {
  return { code, severity, message, fix };
}

/**
 * Every mapped attribute whose claim the response does not carry (or carries empty): the email and the
 * pool's required attributes would stop the sign-in, the others leave the attribute unset.
 */
export function mappingChecks(claims: readonly ExplainClaim[], mapping: ClaimMapping, kind: 'saml' | 'oidc'): ExplainProblem[] {
  const problems: ExplainProblem[] = [];
  const sent = new Map(claims.map((c) => [c.name, c]));
  const names = claims.map((c) => claimShortName(c.name));
  const listed = names.length
    ? ` It sent: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.`
    : ' It sent no attributes at all.';
  for (const [attribute, claim] of Object.entries(mapping.attributes)) {
    if (POOL_MANAGED.has(attribute) && !(kind === 'oidc' && attribute === 'username')) continue;
    const found = sent.get(claim);
    if (found?.values.some((v) => v.trim() !== '')) continue;
    const blocking = attribute === 'email' || mapping.required.includes(attribute);
    problems.push(
      problem(
        'MAPPED_CLAIM_MISSING',
        blocking ? 'error' : 'warning',
        `"${attribute}" is mapped from "${claim}", which ${found ? 'arrived empty' : 'is not in what your identity provider sent'}.${listed}`,
        `Choose “Map this” beside the claim that holds ${attribute}, or make your identity provider send "${claimShortName(claim)}".`,
      ),
    );
  }
  return problems;
}

/** The explanation with its one verdict: any error is "problems", any warning "warnings". */
export function explanationOf(
  kind: Explanation['kind'],
  problems: ExplainProblem[],
  facts: Omit<Explanation, 'kind' | 'verdict' | 'problems'>,
): Explanation {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...problems].sort((a, b) => order[a.severity] - order[b.severity]);
  const verdict = sorted.some((p) => p.severity === 'error')
    ? 'problems'
    : sorted.some((p) => p.severity === 'warning')
      ? 'warnings'
      : 'ok';
  return { kind, verdict, ...facts, problems: sorted };
}
