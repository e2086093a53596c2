import { timingSafeEqual } from 'node:crypto';

/** The stand-in's one comparison of secrets (client secrets, PKCE challenges, password hashes): in time independent of where they differ. */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const left = typeof a === 'string' ? Buffer.from(a) : a;
  const right = typeof b === 'string' ? Buffer.from(b) : b;
  return left.length === right.length && timingSafeEqual(left, right);
}
