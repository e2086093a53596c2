import { z } from 'zod';

const runtimeConfigSchema = z.object({
  apiBaseUrl: z.string().default('/v1'),
  environment: z.string().default('production'),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/**
 * Reads /config.json, written at deploy time (or by the local server), so one build serves every
 * environment.
 */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    const response = await fetch('/config.json', { credentials: 'same-origin', cache: 'no-cache' });
    if (response.ok) return runtimeConfigSchema.parse(await response.json());
  } catch {
    // Fall back to defaults: same-origin API.
  }
  return runtimeConfigSchema.parse({});
}
