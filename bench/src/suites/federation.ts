import { fileURLToPath } from 'node:url';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { startChild } from '../child.ts';
import { type Row, row } from '../report.ts';

interface Servers {
  base: string;
  clientId: string;
  redirect: string;
}

function authorizeUrl(s: Servers, provider: string): string {
  const url = new URL(`${s.base}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: s.redirect,
    identity_provider: provider,
    scope: 'openid email profile',
    state: 'bench',
  }).toString();
  return url.toString();
}

async function token(s: Servers, form: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${s.base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: s.clientId, ...form }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** One whole federated sign-in: authorize, the IdP's login page, the IdP's answer, the code exchange. */
async function signIn(s: Servers, provider: string, username: string): Promise<string> {
  const result = await new MiniBrowser(s.redirect).signIn(authorizeUrl(s, provider), username);
  const code = result.finalUrl ? new URL(result.finalUrl).searchParams.get('code') : null;
  if (!code)
    throw new Error(`${provider} sign-in failed: ${result.finalUrl ?? `${result.status} ${result.body?.slice(0, 200)}`}`);
  const tokens = await token(s, { grant_type: 'authorization_code', code, redirect_uri: s.redirect });
  return String(tokens.refresh_token);
}

/** Runs `op` with `concurrency` workers for `seconds`; returns operations per second and the median time of one. */
async function measure(op: () => Promise<unknown>, seconds: number, concurrency: number) {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await op();
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return {
    perSecond: times.length / ((performance.now() - started) / 1000),
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Full SAML and OIDC federated sign-ins through cognito-local and the test IdPs (HTTP all the way, no
 * browser), against the bare token endpoint (a refresh_token grant: the same pool, key and JWT signing,
 * without the federation round trips), alternating rounds and keeping medians.
 */
export async function federationSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const servers = await startChild<Servers>(fileURLToPath(new URL('./federation-servers.ts', import.meta.url)));
  try {
    const s = servers.info;
    // Warm up: loads samlify and its schema validator, makes the pool's keys, fills discovery caches.
    const refreshToken = await signIn(s, 'Saml', 'alice');
    await signIn(s, 'Oidc', 'alice');
    const subjects = {
      baseline: () => token(s, { grant_type: 'refresh_token', refresh_token: refreshToken }),
      saml: () => signIn(s, 'Saml', 'alice'),
      oidc: () => signIn(s, 'Oidc', 'bob'),
    };
    const concurrency = 4;
    const results: Record<keyof typeof subjects, { rate: number[]; one: number[] }> = {
      baseline: { rate: [], one: [] },
      saml: { rate: [], one: [] },
      oidc: { rate: [], one: [] },
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const name of Object.keys(subjects) as Array<keyof typeof subjects>) {
        const throughput = await measure(subjects[name], options.seconds, concurrency);
        const single = await measure(subjects[name], Math.max(1, options.seconds / 2), 1);
        results[name].rate.push(throughput.perSecond);
        results[name].one.push(single.medianMs);
      }
    }
    const baselineName = 'bare token endpoint (refresh_token grant)';
    const rows: Row[] = [];
    for (const [name, label] of [
      ['saml', 'SAML sign-in (test SAML IdP)'],
      ['oidc', 'OIDC sign-in (test OIDC IdP)'],
    ] as const) {
      const suite = `Federated ${label} through cognito-local`;
      rows.push(
        row({
          suite,
          metric: `sign-ins/s (${concurrency} at a time)`,
          baselineName,
          baseline: median(results.baseline.rate),
          value: median(results[name].rate),
          unit: '/s',
        }),
        row({
          suite,
          metric: 'time of one (median, alone)',
          baselineName,
          baseline: median(results.baseline.one),
          value: median(results[name].one),
          unit: 'ms',
        }),
      );
    }
    return rows;
  } finally {
    await servers.stop();
  }
}
