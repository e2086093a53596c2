import { randomBytes, randomInt, scrypt } from 'node:crypto';
import { constantTimeEqual } from '../constant-time.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord } from '../state.ts';

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** An scrypt hash of a password, `scrypt$<salt>$<hash>` in base64url; the password itself is never kept. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${(await derive(password, salt)).toString('base64url')}`;
}

/** Whether a password matches a hash made by {@link hashPassword}, compared in constant time. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'));
  return constantTimeEqual(actual, expected);
}

/**
 * The special characters a password policy counts as symbols (developer guide, "Adding user pool password
 * requirements": the list of special characters, the non-leading, non-trailing space among them).
 */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
}

/** Cognito's password policy when a pool sets none (API reference, PasswordPolicyType). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

/**
 * The pool's password policy. Without one, Cognito's default: at least 8 characters with an upper-case and a
 * lower-case letter, a number and a symbol (API reference, PasswordPolicyType; developer guide, password
 * requirements). A policy sent without a member leaves that requirement off and a missing MinimumLength is
 * taken as 8: what Cognito stores for an omitted member is not documented (a guess).
 */
export function passwordPolicy(pool: PoolRecord): PasswordPolicy {
  const policy = (pool.settings.Policies as { PasswordPolicy?: Partial<PasswordPolicy> } | undefined)?.PasswordPolicy;
  if (!policy) return { ...DEFAULT_PASSWORD_POLICY };
  return {
    MinimumLength: policy.MinimumLength ?? 8,
    RequireUppercase: policy.RequireUppercase === true,
    RequireLowercase: policy.RequireLowercase === true,
    RequireNumbers: policy.RequireNumbers === true,
    RequireSymbols: policy.RequireSymbols === true,
  };
}

/**
 * Refuses a password the pool's policy does not allow with InvalidPasswordException, worded as Cognito words
 * it ("Password did not conform with policy: Password not long enough", "... Password must have uppercase
 * characters", and so on: public reports of SignUp and AdminSetUserPassword errors).
 */
export function checkPasswordPolicy(pool: PoolRecord, password: string): void {
  const policy = passwordPolicy(pool);
  const chars = [...password];
  const fail = (reason: string) =>
    new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
  if (chars.length < policy.MinimumLength) throw fail('Password not long enough');
  if (policy.RequireLowercase && !chars.some((c) => /\p{Ll}/u.test(c))) throw fail('Password must have lowercase characters');
  if (policy.RequireUppercase && !chars.some((c) => /\p{Lu}/u.test(c))) throw fail('Password must have uppercase characters');
  if (policy.RequireNumbers && !chars.some((c) => /[0-9]/.test(c))) throw fail('Password must have numeric characters');
  if (policy.RequireSymbols && !chars.some((c) => SYMBOLS.has(c))) throw fail('Password must have symbol characters');
}

/** A temporary password that meets any policy, for AdminCreateUser without TemporaryPassword. */
export function generateTemporaryPassword(pool: PoolRecord): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  const length = Math.max(passwordPolicy(pool).MinimumLength, 12);
  const out = [pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), pick('abcdefghijkmnopqrstuvwxyz'), pick('23456789'), pick('!#%+-=?@^_')];
  while (out.length < length) out.push(pick('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'));
  return out.join('');
}
