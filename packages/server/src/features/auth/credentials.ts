import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { checkPassword, describePasswordProblem, DomainError } from '@dawn/core';

/**
 * Secrets handled at sign-in: argon2id password hashes, random tokens (stored only as SHA-256),
 * and the password policy with its shipped list of common passwords.
 */
// Argon2id at OWASP's minimum (19 MiB, 2 passes). The enum is const in the typings, so its value
// is written here.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
const ARGON2ID = 2 as Algorithm.Argon2id;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    // Spend the same time as a real check so timing does not tell which accounts exist.
    await hash(password, ARGON2_OPTIONS);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A random secret for a cookie, token or code, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/** About 49,000 common passwords from zxcvbn's list, loaded once. */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    (module) => new Set(module.dictionary['passwords-common'].map((word) => word.toLowerCase())),
  );
  return commonPasswords;
}

/** Throws VALIDATION_FAILED on `field` when the password breaks the policy. */
export async function assertAcceptablePassword(
  password: string,
  contextWords: string[],
  field = 'newPassword',
): Promise<void> {
  const problem = checkPassword(password, {
    commonPasswords: await loadCommonPasswords(),
    contextWords: ['dawn', ...contextWords],
  });
  if (problem) {
    const message = describePasswordProblem(problem);
    throw new DomainError('VALIDATION_FAILED', message, { issues: [{ path: field, message }] });
  }
}

/** A one-time password for a new or reset account: four groups, easy to read out and type. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length] ?? 'x');
  return [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
}
