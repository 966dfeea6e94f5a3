import type { TFunction } from 'i18next';

/** An action's name in the reader's language (`auth.signed_in` is "Signed in"). */
export function actionLabel(t: TFunction, action: string): string {
  return t(`auditLabels.actions.${action.replaceAll('.', '_')}`, { defaultValue: action });
}

/** What an entry is about, in the reader's language. */
export function entityLabel(t: TFunction, entityType: string): string {
  return t(`auditLabels.entities.${entityType}`, { defaultValue: entityType });
}

/**
 * A detail's value as the reader says it: roles and languages by their names, the codes the
 * trail records (a sign-in's stage, a refusal's reason) by their words, yes and no, lists joined;
 * what is not a code (ids, counts, a reason someone typed) as recorded.
 */
export function detailText(t: TFunction, language: string, key: string, value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0
      ? '—'
      : value.map((item) => detailText(t, language, key, item)).join(', ');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value !== 'string') return JSON.stringify(value);
  if (key === 'role' || key === 'roles') return t(`roles.${value}`, { defaultValue: value });
  // Words someone typed (a reveal's reason) are not codes, and are shown as they were written.
  if (!/^[A-Za-z][\w.]*$/.test(value)) return value;
  if ((key === 'language' || key === 'languages') && /^[a-z]{2,3}$/.test(value))
    return new Intl.DisplayNames([language], { type: 'language' }).of(value) ?? value;
  // Named as the screens name them: an event's type as the timelines do, a story's status as
  // the stories do, a possible re-trafficking's decision as its page does.
  const shared: Record<string, string[]> = {
    type: [`legalCases.eventTypes.${value.replace('.', '_')}`, `careCases.eventTypes.${value}`],
    status: [`stories.statuses.${value}`],
    previousStatus: [`stories.statuses.${value}`],
    decision: [`retrafficking.status.${value}`, `stories.readBack.decisions.${value}`],
    previous: [`retrafficking.status.${value}`],
  };
  return t([`auditLabels.values.${key}.${value}`, ...(shared[key] ?? [])], {
    defaultValue: value,
  });
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
