/**
 * Password rules after NIST SP 800-63B §5.1.1.2: at least 12 characters, no composition rules,
 * checked against a list of commonly used passwords and words from the context (the service's
 * name, the user's e-mail), and no long runs of one character. The list is given by the caller:
 * core does no I/O.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'contains_context'
  | 'repetitive'
  /** The strength estimator (zxcvbn, run by the server) finds it easy to guess, because of… */
  | 'guessable_personal'
  | 'guessable_repeated'
  | 'guessable_word'
  | 'guessable_pattern';

export const PASSWORD_PROBLEMS: readonly PasswordProblem[] = [
  'too_short',
  'too_long',
  'common',
  'contains_context',
  'repetitive',
  'guessable_personal',
  'guessable_repeated',
  'guessable_word',
  'guessable_pattern',
];

export function checkPassword(
  password: string,
  context: { commonPasswords: ReadonlySet<string>; contextWords: readonly string[] },
): PasswordProblem | undefined {
  // Unicode code points, as NIST counts characters, not bytes.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- NIST counts code points
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lowered = password.toLowerCase();
  if (context.commonPasswords.has(lowered)) return 'common';
  if (/^(.)\1+$/u.test(password) || /^(..?.?)\1{3,}$/u.test(password)) return 'repetitive';
  for (const word of context.contextWords) {
    const cleaned = word.toLowerCase().trim();
    if (cleaned.length >= 4 && lowered.includes(cleaned) && cleaned.length >= length / 2) {
      return 'contains_context';
    }
  }
  return undefined;
}

export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `Use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good password.`;
    case 'too_long':
      return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
    case 'common':
      return 'This password is on a list of commonly used passwords; choose another.';
    case 'contains_context':
      return 'This password is mostly your e-mail address or the name of this service; choose another.';
    case 'repetitive':
      return 'This password repeats the same characters; choose another.';
    case 'guessable_personal':
      return 'This password is easy to guess: it is built on your name, your e-mail address or words about this service; add a few unrelated words.';
    case 'guessable_repeated':
      return 'This password is easy to guess: it repeats a word or a group of characters; add a few unrelated words.';
    case 'guessable_word':
      return 'This password is easy to guess: it is a common word or password with small changes; add a few unrelated words.';
    case 'guessable_pattern':
      return 'This password is easy to guess: it follows a pattern such as a sequence, a date or keys side by side; add a few unrelated words.';
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}
