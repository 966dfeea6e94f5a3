import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { offenceTitle } from '../legal-cases/offence-labels.ts';

/** An action's name in the reader's language (`auth.signed_in` is "Signed in"). */
export function actionLabel(t: TFunction, action: string): string {
  return t(`auditLabels.actions.${action.replaceAll('.', '_')}`, { defaultValue: action });
}

/**
 * The kinds of action an auditor may filter by at once (every sign-in and password action, every
 * action on stories…): the start of the actions' names shared by three or more, as the trail's
 * filter takes them (`auth.`).
 */
export function actionFamilies(actions: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const action of actions) {
    const family = action.slice(0, action.indexOf('.') + 1);
    if (family) counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count >= 3).map(([family]) => family);
}

/** A kind of action's name ("Every action on stories"), for its start `story.`. */
export function familyLabel(t: TFunction, family: string): string {
  const what = t(`auditLabels.families.${family.replace(/\.$/, '')}`, { defaultValue: '' });
  return what ? t('auditLabels.everyActionOn', { what }) : family;
}

/** What an entry is about, in the reader's language. */
export function entityLabel(t: TFunction, entityType: string): string {
  return t(`auditLabels.entities.${entityType}`, { defaultValue: entityType });
}

/**
 * What a detail belongs to: the same code means different things in different entries (a user's
 * `status` is not a story's; an edition's `fields` are not a legal case's; an import's `fields`
 * are named by its `kind`).
 */
export interface AuditEntryContext {
  action: string;
  entityType?: string | null;
  details?: Readonly<Record<string, unknown>>;
}

/** i18next reads `:` and `.` in a key as separators, so codes holding them are looked up with `_`. */
const keyOf = (code: string) => code.replace(/[:.]/g, '_');

/** The messages that may name a code, most fitting first. */
type Words = (code: string) => string[];

const under =
  (...prefixes: string[]): Words =>
  (code) =>
    prefixes.map((prefix) => `${prefix}.${code}`);

/** A field's name as the form that changes it labels it. */
const named =
  (labels: Readonly<Record<string, string>>): Words =>
  (field) =>
    labels[field] ? [labels[field]] : [];

// The keys of the server's updateEditionSchema and legalCaseUpdateSchema.
const EDITION_FIELDS = {
  title: 'stories.editions.coverTitle',
  subtitle: 'stories.editions.subtitle',
  paper: 'stories.editions.paper',
  orientation: 'stories.editions.orientation',
  bleedMarks: 'stories.editions.bleedMarks',
};
const LEGAL_CASE_FIELDS = {
  cnr: 'legalCases.case.cnr',
  courtId: 'legalCases.case.court',
  forum: 'legalCases.case.forum',
  offences: 'legalCases.create.offences',
  investigatingOfficerId: 'legalCases.case.investigatingOfficer',
  publicProsecutorId: 'legalCases.case.prosecutor',
  advocateId: 'legalCases.case.advocate',
};

/**
 * Where the words for a detail's codes are, given its entry: the labels the screens already use
 * wherever they name the same thing, so the trail says it as the pages do.
 */
function wordsFor(entry: AuditEntryContext, key: string): Words | undefined {
  const { action } = entry;
  switch (key) {
    case 'permission':
    case 'permissions':
      return (code) => [`auditLabels.values.permission.${keyOf(code)}`];
    case 'role':
    case 'roles':
      // A legal case's party is a victim or an accused; anywhere else a role is a user's.
      return action === 'legal_case.party_added' ? under('legalCases.case') : under('roles');
    case 'status':
      if (entry.entityType === 'user' || action.startsWith('user.')) return under('users.status');
      if (action === 'care_plan.updated') return under('careCases.carePlan.goalStatuses');
      return under('stories.statuses');
    case 'previousStatus':
      return under('stories.statuses');
    case 'fields':
      if (action === 'edition.updated') return named(EDITION_FIELDS);
      if (action === 'legal_case.updated') return named(LEGAL_CASE_FIELDS);
      if (action === 'import.mapping_saved' && typeof entry.details?.kind === 'string')
        return under(`imports.field.${entry.details.kind}`);
      return undefined;
    case 'changed':
      return action === 'care_setting.updated'
        ? under('auditLabels.values.careSetting')
        : undefined;
    case 'kind':
      if (action.startsWith('task.'))
        return (kind) =>
          kind === 'care_plan_review'
            ? ['careCases.tasks.carePlanReview']
            : [`auditLabels.values.taskKind.${kind}`];
      if (action.startsWith('import.')) return under('imports.kind');
      if (action === 'story.guard_overridden') return under('stories.guard.kinds');
      if (action === 'story.image_attached') return under('stories.image.kinds');
      return undefined;
    case 'reason':
      // Other reasons are codes of the trail's own, or words someone typed (shown as written).
      return action === 'story.consent_withdrawn' ? under('stories.consents.reasons') : undefined;
    case 'channel':
      return under('stories.channels');
    case 'purpose':
      // A reveal's purpose is from the reveal form's list; anything else's is a consent's.
      return action === 'identity.revealed' || action === 'retrafficking.compared'
        ? under('auditLabels.values.revealPurpose', 'persons.reveal.purposes')
        : under('careCases.consents.purposes');
    case 'type':
      if (action === 'care_case.event_recorded') return under('careCases.eventTypes');
      if (action === 'legal_case.event_recorded')
        return (type) => [`legalCases.eventTypes.${type.replace('.', '_')}`];
      return (type) => [
        `legalCases.eventTypes.${type.replace('.', '_')}`,
        `careCases.eventTypes.${type}`,
      ];
    case 'decision':
      return under('retrafficking.status', 'stories.readBack.decisions');
    case 'previous':
      return under('retrafficking.status');
    case 'caseType':
    case 'attachedToType':
      return under('auditLabels.entities');
    case 'documentType':
      return under('documents.types');
    case 'dataset':
    case 'format':
      return under('dataExchange.exports');
    case 'eventTypes':
      return (type) => [`dataExchange.webhooks.event.${keyOf(type)}`];
    case 'legalBasis':
      return (basis) => [`rescueOperations.legalBasis.${keyOf(basis)}`];
    case 'forum':
      return under('legalCases.forum');
    default:
      return undefined;
  }
}

/**
 * A failed integrity check is recorded as a code and the part that failed (server:
 * `DocumentIntegrityError`); entries from before the codes hold its English sentence, read here
 * by these patterns. One the web does not know is shown as recorded.
 */
const INTEGRITY_CHECKS: readonly [RegExp, string][] = [
  [/^chunk (\d+) is missing$/, 'chunk_missing'],
  [/^chunk (\d+) is too short$/, 'chunk_too_short'],
  [/^chunk (\d+) failed authentication$/, 'chunk_altered'],
  [/^the decrypted size differs from the recorded size$/, 'size_differs'],
  [/^the SHA-256 differs from the one recorded at upload$/, 'sha256_differs'],
  [/^its data key does not open under the master key$/, 'data_key_unopened'],
];

function integrityCheckText(t: TFunction, recorded: string, part: unknown): string {
  if (INTEGRITY_CHECKS.some(([, code]) => code === recorded))
    return t(`auditLabels.values.check.${recorded}`, {
      part: String(part),
      defaultValue: recorded,
    });
  for (const [pattern, code] of INTEGRITY_CHECKS) {
    const match = pattern.exec(recorded);
    if (match)
      // Those sentences counted the parts from 0.
      return t(`auditLabels.values.check.${code}`, {
        part: Number(match[1]) + 1,
        defaultValue: recorded,
      });
  }
  return recorded;
}

/**
 * A detail's value as the reader says it, given the entry it belongs to: roles, permissions,
 * statuses, kinds, fields and the other codes the trail records by the words the screens use,
 * languages by their names, offences by section and title, yes and no, lists joined; what is not
 * a code (ids, counts, words someone typed) as recorded.
 */
export function detailText(
  t: TFunction,
  language: string,
  entry: AuditEntryContext,
  key: string,
  value: unknown,
): string {
  if (Array.isArray(value))
    return value.length === 0
      ? '—'
      : value.map((item) => detailText(t, language, entry, key, item)).join(', ');
  // Nothing recorded (no note, no date chosen) is said as nothing, not as `null`.
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  // Counts in the reader's digits and grouping (১,২৫,০০০); a year or a month as a number alone.
  if (typeof value === 'number')
    return new Intl.NumberFormat(language, {
      useGrouping: key !== 'year' && key !== 'month',
    }).format(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  // Dates and instants as the rest of the page writes them, in Kolkata's time.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, language);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)))
    return formatDateTime(value, language);
  if ((key === 'language' || key === 'languages') && /^[a-z]{2,3}$/.test(value))
    return new Intl.DisplayNames([language], { type: 'language' }).of(value) ?? value;
  if (key === 'offences') {
    const title = offenceTitle(t, value);
    return title ? `${value} (${title})` : value;
  }
  if (key === 'check' && entry.action === 'document.downloaded')
    return integrityCheckText(t, value, entry.details?.part);
  const sharedWith = /^data_sharing:(.+)$/.exec(value);
  if (key === 'purpose' && sharedWith)
    return `${t('careCases.consents.purposes.data_sharing')} (${sharedWith[1] ?? ''})`;
  const words = wordsFor(entry, key);
  if (words) {
    const found = words(value);
    if (found.length > 0) return t(found, { defaultValue: value });
  }
  // Words someone typed (a reveal's reason, a note) are not codes, and are shown as written.
  if (!/^[A-Za-z][\w.]*$/.test(value)) return value;
  // The trail's own codes (a sign-in's stage, a refusal's reason, a report's name).
  return t(`auditLabels.values.${key}.${keyOf(value)}`, { defaultValue: value });
}

/**
 * A detail's name in the reader's language: its own label, or for an id of something the trail
 * names (`careCaseId`) that thing's name with "(reference)"; else as recorded.
 */
export function detailLabel(t: TFunction, key: string): string {
  const own = t(`auditLabels.details.${key}`, { defaultValue: '' });
  if (own) return own;
  const stem = /^(.+?)Ids?$/.exec(key)?.[1];
  if (stem) {
    const type = stem.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const what = t(`auditLabels.entities.${type}`, { defaultValue: '' });
    if (what) return t('auditLabels.idOf', { what });
  }
  return key;
}
