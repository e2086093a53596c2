import { describe, expect, it, vi } from 'vitest';
import { preloadSaml } from '../src/index.ts';

describe('preloadSaml', () => {
  it('compiles the schema validator without writing to the console or piling listeners on stdout', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const drains = process.stdout.listenerCount('drain');
    try {
      // Twice: the second call reuses the compiled validator and must stay as quiet.
      await preloadSaml();
      await preloadSaml();
      expect(log).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
      expect(process.stdout.listenerCount('drain')).toBe(drains);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }, 60_000);
});
