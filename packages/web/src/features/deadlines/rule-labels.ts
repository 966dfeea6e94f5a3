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

/** A citation as the reader reads it: "BNSS s.346(1) proviso" names the proviso in their words. */
export function citationText(t: TFunction, citation: string): string {
  return citation.replace(/\bproviso\b/g, t('deadlineExplanations.proviso', { ns: 'translation' }));
}

const RESTORED_RULE =
  /^Every domain scores at least (\d+)(?: and an overall score of at least (\d+))? on (\d+) consecutive assessments, the first and last at least (\d+) months apart\.$/;

/**
 * The organisation's "restored" rule as core describes it (in English, for the API), said in the
 * reader's language; a description of another shape is shown as it came.
 */
export function restoredRuleText(t: TFunction, rule: string): string {
  const match = RESTORED_RULE.exec(rule);
  if (!match) return rule;
  const [, domain, overall, count, months] = match;
  return overall === undefined
    ? t('dashboardRestoredRule.rule', { ns: 'translation', domain, count: Number(count), months })
    : t('dashboardRestoredRule.ruleWithOverall', {
        ns: 'translation',
        domain,
        overall,
        count: Number(count),
        months,
      });
}

const RULE_ID = /^[A-Z]{2}\.[A-Za-z]+\./;

/** A dashboard key that is a rule id (`IN.BNSS.187.chargesheet`) as the deadline's name. */
export function isRuleId(key: string): boolean {
  return RULE_ID.test(key);
}
