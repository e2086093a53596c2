import { describe, expect, it, vi } from 'vitest';
import { preloadSaml } from '../src/index.ts';

describe('preloadSaml', () => {
  it('compiles the schema validator without writing to the console or piling listeners on stdout or the process', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const drains = process.stdout.listenerCount('drain');
    const uncaught = process.listenerCount('uncaughtException');
    try {
      // Twice: the second call reuses the compiled validator and must stay as quiet.
      await preloadSaml();
      await preloadSaml();
      expect(log).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
      expect(process.stdout.listenerCount('drain')).toBe(drains);
      // Past ten, Node prints a MaxListenersExceededWarning into the terminal of `npm start`.
      expect(process.listenerCount('uncaughtException')).toBe(uncaught);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }, 60_000);
});
