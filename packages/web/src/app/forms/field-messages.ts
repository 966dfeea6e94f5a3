/**
 * Every message a person may get about a field they filled in, as a sentence in their language.
 * Two sources: the zod schemas from @dawn/core run in the browser before saving (their issue codes
 * are translated here), and the server's refusals, which keep English messages and field paths for
 * scripts (known phrasings are recognised here; anything else gets a plain "check this" sentence).
 */
import { isDomainError } from '@dawn/core';
import type { TFunction } from 'i18next';

/** What a zod issue carries that a sentence needs (zod v4's issue shape, loosely). */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message?: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  input?: unknown;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A schema issue as a sentence; `value` is what the field held (to tell "missing" from "wrong"). */
export function schemaIssueMessage(issue: SchemaIssue, value: unknown, t: TFunction): string {
  switch (issue.code) {
    case 'invalid_type':
      if (isEmpty(value)) return t('forms.errors.required');
      if (issue.expected === 'int') return t('forms.errors.wholeNumber');
      if (issue.expected === 'number') return t('forms.errors.number');
      return t('forms.errors.invalid');
    case 'invalid_value':
    case 'invalid_enum_value':
    case 'invalid_union':
      return isEmpty(value) ? t('forms.errors.required') : t('forms.errors.choose');
    case 'too_small': {
      const minimum = Number(issue.minimum ?? 0);
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('forms.errors.tooFew', { count: minimum });
      if (isEmpty(value)) return t('forms.errors.required');
      if (issue.origin === 'string') return t('forms.errors.tooShort', { count: minimum });
      return t('forms.errors.tooLow', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum ?? 0);
      if (issue.origin === 'string') return t('forms.errors.tooLong', { count: maximum });
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('forms.errors.tooMany', { count: maximum });
      return t('forms.errors.tooHigh', { maximum });
    }
    case 'invalid_format':
    case 'invalid_string':
      if (isEmpty(value)) return t('forms.errors.required');
      if (issue.format === 'email') return t('forms.errors.email');
      if (issue.format === 'datetime' || issue.format === 'date') return t('forms.errors.date');
      return t('forms.errors.format');
    default:
      // A refinement (a purpose, a date that has passed) over nothing at all: the field is missing.
      if (isEmpty(value)) return t('forms.errors.required');
      return issue.message ? serverIssueMessage(issue.message, t) : t('forms.errors.invalid');
  }
}

/** English phrasings the server uses in field issues, and what to say instead. */
const SERVER_PHRASES: [RegExp, (match: RegExpExecArray, t: TFunction) => string][] = [
  [/received undefined|is required|^required$/i, (_match, t) => t('forms.errors.required')],
  [/invalid option|expected one of|invalid enum/i, (_match, t) => t('forms.errors.choose')],
  [/is in the future/i, (_match, t) => t('forms.errors.future')],
  [/is before the rescue/i, (_match, t) => t('forms.errors.beforeRescue')],
  [/before .*(opened|started)|is before/i, (_match, t) => t('forms.errors.tooEarly')],
  [/invalid email|e-mail/i, (_match, t) => t('forms.errors.email')],
  [/date|ISO|offset/i, (_match, t) => t('forms.errors.date')],
  [
    /at least (\d+) characters|too small.*>=?(\d+) characters/i,
    (match, t) => t('forms.errors.tooShort', { count: Number(match[1] ?? match[2]) }),
  ],
  [
    /at most (\d+) characters|too big.*<=?(\d+) characters/i,
    (match, t) => t('forms.errors.tooLong', { count: Number(match[1] ?? match[2]) }),
  ],
  [/not on the case.s team/i, (_match, t) => t('forms.errors.notOnTeam')],
  [/no such organisation/i, (_match, t) => t('forms.errors.noSuchOrganisation')],
  [/current password is wrong/i, (_match, t) => t('forms.errors.wrongPassword')],
  [/code is not right/i, (_match, t) => t('forms.errors.wrongCode')],
  [/file is empty/i, (_match, t) => t('forms.errors.emptyFile')],
  [/was cut short/i, (_match, t) => t('forms.errors.uploadCutShort')],
];

/** A server field message (English, for scripts) as a sentence in the reader's language. */
export function serverIssueMessage(message: string, t: TFunction): string {
  for (const [pattern, say] of SERVER_PHRASES) {
    const match = pattern.exec(message);
    if (match) return say(match, t);
  }
  return t('forms.errors.refused');
}

/** A field's errors keyed by its path relative to the form, e.g. `data.rescuedBy`. */
export type FieldErrors = Record<string, string>;

/**
 * Runs a schema from @dawn/core over what the form holds, before anything is sent; the issues
 * come back as sentences keyed by field path (`prefix` is put before each path).
 */
export function checkWithSchema(
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: SchemaIssue[] } } },
  value: unknown,
  t: TFunction,
  prefix = '',
): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (errors[path] !== undefined) continue;
    errors[path] = schemaIssueMessage(issue, valueAt(value, issue.path), t);
  }
  return errors;
}

/**
 * Runs a check from @dawn/core that throws a `DomainError` with field issues (such as
 * `scoreAssessment`), before anything is sent; its issues come back as sentences by field path.
 */
export function checkWithCore(check: () => unknown, t: TFunction, prefix = ''): FieldErrors {
  try {
    check();
    return {};
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const errors: FieldErrors = {};
    for (const issue of error.details?.issues ?? []) {
      const path = [prefix, issue.path].filter(Boolean).join('.');
      errors[path] ??= serverIssueMessage(issue.message, t);
    }
    return errors;
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The server's refusals of a write that conflicts with what is stored, and what to say instead. */
const CONFLICT_PHRASES: [RegExp, string][] = [
  [/e-mail address exists/i, 'forms.conflicts.emailTaken'],
  [/disable yourself|your own admin role/i, 'forms.conflicts.ownAccount'],
  [/two-factor sign-in is already set up/i, 'forms.conflicts.twoFactorSet'],
  [/start two-factor enrolment/i, 'forms.conflicts.twoFactorFirst'],
  [/task is already done/i, 'forms.conflicts.taskDone'],
  [/already a party/i, 'forms.conflicts.alreadyParty'],
  [/legal case for this FIR/i, 'forms.conflicts.firExists'],
  [/has this CNR/i, 'forms.conflicts.cnrExists'],
  [/already withdrawn/i, 'forms.conflicts.consentWithdrawn'],
  [/only a draft plan/i, 'forms.conflicts.planNotDraft'],
  [/draft plan was changed by someone else/i, 'forms.conflicts.planChanged'],
  [/plan is already/i, 'forms.conflicts.planDone'],
  [/rescue is already recorded/i, 'forms.conflicts.rescueRecorded'],
  [/already placed/i, 'forms.conflicts.alreadyPlaced'],
  [/no placement to end/i, 'forms.conflicts.noPlacement'],
  [/still placed/i, 'forms.conflicts.stillPlaced'],
  [/case is closed/i, 'forms.conflicts.caseClosed'],
  [/saved the same thing at the same moment/i, 'forms.conflicts.sameMoment'],
  [/identity was changed by someone else/i, 'forms.conflicts.identityChanged'],
  [/someone else recorded her identity/i, 'forms.conflicts.identityRecorded'],
  [/earlier attempt at this same change/i, 'forms.conflicts.earlierAttempt'],
  [/last (team )?member|LAST_TEAM_MEMBER/i, 'forms.errors.lastTeamMember'],
  [/is in the future/i, 'forms.errors.future'],
];

/** A conflict the server reported (in English) as a sentence in the reader's language. */
export function conflictMessage(message: string, t: TFunction): string {
  const key = CONFLICT_PHRASES.find(([pattern]) => pattern.test(message))?.[1];
  return t(key ?? 'forms.conflicts.other');
}

/** Which field each kind of conflict is about, by the server's phrasing: `{ email: /e-mail/i }`. */
export type ConflictFields = Readonly<Record<string, RegExp>>;

/**
 * A refusal that is a conflict about one field of the form (the person is already a party, the
 * e-mail address is taken) as that field and its sentence, to be said beside it like any other
 * field message; undefined for any other refusal.
 */
export function conflictBesideField(
  error: { code: string; message: string },
  fields: ConflictFields,
  t: TFunction,
): { field: string; message: string } | undefined {
  if (error.code !== 'CONFLICT') return undefined;
  const field = Object.keys(fields).find((name) => fields[name]?.test(error.message));
  return field === undefined ? undefined : { field, message: conflictMessage(error.message, t) };
}
