import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';

describe('ALLOW_PRIVATE_NETWORK', () => {
  it('is off unless set (case 28)', () => {
    expect(loadConfig({}).allowPrivateNetwork).toBe(false);
    expect(loadConfig({ ALLOW_PRIVATE_NETWORK: 'false' }).allowPrivateNetwork).toBe(false);
  });

  it('turns on with true or 1, and refuses anything else', () => {
    expect(loadConfig({ ALLOW_PRIVATE_NETWORK: 'true' }).allowPrivateNetwork).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_NETWORK: '1' }).allowPrivateNetwork).toBe(true);
    expect(() => loadConfig({ ALLOW_PRIVATE_NETWORK: 'yes please' })).toThrow(/ALLOW_PRIVATE_NETWORK/);
  });
});
