import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Drives `url` with autocannon for `seconds` at `connections` concurrent connections. */
export async function load(
  url: string,
  options: {
    seconds: number;
    connections: number;
    method?: 'GET' | 'POST';
    body?: string;
    /** Bodies sent in turn, one per request, instead of one fixed body. */
    bodies?: string[];
    headers?: Record<string, string>;
  },
): Promise<LoadResult> {
  const bodies = options.bodies;
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: options.headers ?? {},
    ...(bodies?.length
      ? {
          requests: [
            {
              setupRequest: (request) => {
                request.body = bodies[next++ % bodies.length];
                return request;
              },
            },
          ],
        }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Alternates baseline and subject `rounds` times and keeps each side's median, to even out drift, and
 * each round's pair, to show the spread.
 */
export async function compareLoad(
  baselineUrl: string,
  subjectUrl: string,
  options: {
    seconds: number;
    connections: number;
    rounds: number;
    method?: 'GET' | 'POST';
    body?: string;
    bodies?: string[];
    headers?: Record<string, string>;
  },
): Promise<{ baseline: LoadResult; subject: LoadResult; rounds: Array<{ baseline: LoadResult; subject: LoadResult }> }> {
  const baselines: LoadResult[] = [];
  const subjects: LoadResult[] = [];
  // A short warm-up of both lets the JIT settle before anything is counted.
  await load(baselineUrl, { ...options, seconds: 1 });
  await load(subjectUrl, { ...options, seconds: 1 });
  const rounds: Array<{ baseline: LoadResult; subject: LoadResult }> = [];
  for (let i = 0; i < options.rounds; i++) {
    const baseline = await load(baselineUrl, options);
    const subject = await load(subjectUrl, options);
    baselines.push(baseline);
    subjects.push(subject);
    rounds.push({ baseline, subject });
  }
  return { baseline: medianResult(baselines), subject: medianResult(subjects), rounds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function medianResult(results: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}
