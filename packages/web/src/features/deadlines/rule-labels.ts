import type { TFunction } from 'i18next';

/**
 * A deadline's name in the reader's language, from its rule id (`IN.BNSS.187.chargesheet` →
 * `deadlineRules.IN_BNSS_187_chargesheet`); a rule the web app does not know yet keeps the
 * title the server sent.
 */
export function ruleTitle(t: TFunction, rule: string, serverTitle: string): string {
  return t(`deadlineRules.${rule.replaceAll('.', '_')}`, {
    ns: 'translation',
    defaultValue: serverTitle,
  });
}

const EVENT_TYPE = /\b([a-z_]+\.[a-z_]+)\b/;

/**
 * An event type named in an explanation (`accused.remanded`, or the first one in "chargesheet.filed
 * naming that accused") as its translated label; text without one is returned as it is.
 */
export function eventLabel(t: TFunction, text: string): string {
  const type = EVENT_TYPE.exec(text)?.[1];
  if (!type) return text;
  return t(`legalCases.eventTypes.${type.replace('.', '_')}`, {
    ns: 'translation',
    defaultValue: text,
  });
}
