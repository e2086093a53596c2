import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes from the OS CSPRNG as base64url text. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256 of a string; bearer secrets are stored only as this. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Sortable unique id: millisecond time in base36 followed by 80 random bits. */
export function sortableId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`;
}
