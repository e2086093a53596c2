export interface RuntimeConfig {
  apiBaseUrl: string;
  environment: string;
}

const DEFAULTS: RuntimeConfig = { apiBaseUrl: '/v1', environment: 'production' };

/**
 * Reads /config.json, written at deploy time (or by the local server), so one build serves every
 * environment. Unknown or malformed fields fall back to the defaults (same-origin API).
 */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    // Preloaded by index.html, which this request must match (same credentials mode, default cache
    // mode) to use it; the server and the CDN send it with Cache-Control: no-cache.
    const response = await fetch('/config.json', { credentials: 'same-origin' });
    if (!response.ok) return DEFAULTS;
    const body = (await response.json()) as Partial<Record<keyof RuntimeConfig, unknown>>;
    return {
      apiBaseUrl: typeof body.apiBaseUrl === 'string' && body.apiBaseUrl.startsWith('/') ? body.apiBaseUrl : DEFAULTS.apiBaseUrl,
      environment: typeof body.environment === 'string' ? body.environment : DEFAULTS.environment,
    };
  } catch {
    return DEFAULTS;
  }
}
