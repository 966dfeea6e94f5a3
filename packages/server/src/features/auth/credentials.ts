import { hash as digest, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import {
  checkPassword,
  describePasswordProblem,
  DomainError,
  type PasswordProblem,
} from '@dawn/core';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';

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

/**
 * SHA-256 of a UTF-8 string, base64url. Every request with a session cookie or token pays it:
 * Node's one-shot `hash` builds no Hash object, 0.6–1.4 µs less than `createHash` (issue 11).
 */
export function sha256(value: string): string {
  return digest('sha256', value, 'base64url');
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

/**
 * Words about Dawn and the people who use it: a password built on them is among the first an
 * attacker who knows what the service is would try.
 */
const PRODUCT_WORDS = [
  'dawn',
  'social',
  'worker',
  'socialworker',
  'caseworker',
  'counsellor',
  'shelter',
  'police',
  'court',
  'prosecutor',
  'survivor',
  'rescue',
  'trafficking',
  'kolkata',
  'calcutta',
  'india',
  'bengal',
];

type Estimator = (password: string, userInputs: string[]) => ZxcvbnResult;
let estimator: Promise<Estimator> | undefined;

/** zxcvbn with its common and English dictionaries, built once on first use. */
function loadEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, english]) => {
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
    });
    return (password, userInputs) => factory.check(password, userInputs);
  });
  return estimator;
}

/** The words a password must not be built on: the user's name, e-mail parts and the product's. */
export function userInputsOf(contextWords: readonly string[]): string[] {
  const words = contextWords.flatMap((word) => [
    word.toLowerCase(),
    ...word.toLowerCase().split(/[^\p{L}\p{N}]+/u),
  ]);
  return [...new Set([...PRODUCT_WORDS, ...words].filter((word) => word.length >= 3))];
}

/** Why zxcvbn finds it guessable, most telling reason first. */
function guessableBecause(
  password: string,
  result: ZxcvbnResult,
  userInputs: readonly string[],
): PasswordProblem {
  const lowered = password.toLowerCase();
  if (userInputs.some((word) => word.length >= 4 && lowered.includes(word)))
    return 'guessable_personal';
  const patterns = new Set(result.sequence.map((match) => match.pattern));
  if (patterns.has('repeat')) return 'guessable_repeated';
  if (patterns.has('dictionary')) return 'guessable_word';
  return 'guessable_pattern';
}

/** zxcvbn scores 0-4; below 3 ("safely unguessable") is refused. */
const MIN_SCORE = 3;

/** Throws VALIDATION_FAILED on `field` when the password breaks the policy. */
export async function assertAcceptablePassword(
  password: string,
  contextWords: string[],
  field = 'newPassword',
): Promise<void> {
  let problem = checkPassword(password, {
    commonPasswords: await loadCommonPasswords(),
    contextWords: ['dawn', ...contextWords],
  });
  if (!problem) {
    const userInputs = userInputsOf(contextWords);
    const result = (await loadEstimator())(password, userInputs);
    if (result.score < MIN_SCORE) problem = guessableBecause(password, result, userInputs);
  }
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
