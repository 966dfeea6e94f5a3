import { partsOfEnglishLegalCaseTitle, type Language } from '@dawn/core';
import type { Config } from '../../platform/config.ts';
import { printedWords, remembered } from '../../platform/i18n/printed.ts';

export type MailConfig = Pick<Config, 'timeZone' | 'publicUrl'>;

/** What an alert's e-mail says of it: as stored, the title and the case's code in English. */
export interface EmailedAlert {
  kind: string;
  case_type: string;
  case_code: string;
  rule: string;
  title: string;
  subject: string | null;
  due_at: Date;
}

interface EmailWords {
  t: ReturnType<typeof printedWords>['t'];
  /** The deadline's name by its rule, as the deadlines list names it; the stored title if none. */
  title: (alert: EmailedAlert) => string;
  /** A legal case's English title composed again in the language; a care case's code as it is. */
  caseName: (alert: EmailedAlert) => string;
  /** An instant in the time zone, with the language's month names and Latin digits. */
  when: (date: Date, timeZone: string) => string;
}

const wordsByLanguage = new Map<Language, EmailWords>();

/**
 * The words of e-mails in `language`, made once a language: a sweep writes an e-mail for every
 * alert it raises, each with a deadline's name, a case and an instant.
 */
function emailWords(language: Language): EmailWords {
  let words = wordsByLanguage.get(language);
  if (words) return words;
  const printed = printedWords(language);
  const { t } = printed;
  // Building an Intl.DateTimeFormat costs far more than formatting with one: one a time zone.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const caseNames = remembered((code) => {
    const parts = partsOfEnglishLegalCaseTitle(code);
    return parts ? printed.caseTitle(parts.fir, parts.idStart) : code;
  });
  words = {
    t,
    title: (alert) =>
      t(`deadlineRules.${alert.rule.replaceAll('.', '_')}`, { defaultValue: alert.title }),
    caseName: (alert) =>
      alert.case_type === 'legal_case' ? caseNames(alert.case_code) : alert.case_code,
    when: (date, timeZone) => {
      let format = formats.get(timeZone);
      if (format === undefined) {
        format = new Intl.DateTimeFormat(`${language}-IN-u-nu-latn`, {
          timeZone,
          dateStyle: 'medium',
          timeStyle: 'short',
        });
        formats.set(timeZone, format);
      }
      return format.format(date);
    },
  };
  wordsByLanguage.set(language, words);
  return words;
}

const about = (alert: EmailedAlert) => (alert.subject ? ` (${alert.subject})` : '');

/** An alert's own e-mail, in the recipient's language. */
export function alertEmail(
  alert: EmailedAlert,
  consequence: string,
  config: MailConfig,
  language: Language = 'en',
): { subject: string; text: string } {
  const { t, title, caseName, when } = emailWords(language);
  const overdue = alert.kind === 'deadline_overdue';
  const values = {
    title: title(alert),
    case: caseName(alert),
    about: about(alert),
    due: when(alert.due_at, config.timeZone),
    timeZone: config.timeZone,
  };
  const consequenceText = t(`emails.consequences.${consequence}`, { defaultValue: '' });
  return {
    subject: t(overdue ? 'emails.alert.subjectOverdue' : 'emails.alert.subjectDueSoon', values),
    text: [
      t(overdue ? 'emails.alert.overdue' : 'emails.alert.dueSoon', values),
      ...(consequenceText ? [consequenceText] : []),
      '',
      t('emails.alert.open', { url: `${config.publicUrl}/` }),
      '',
      t('emails.alert.why'),
    ].join('\n'),
  };
}

/** A day's digest of `alerts` (at least one), in the recipient's language. */
export function digestEmail(
  alerts: readonly EmailedAlert[],
  config: MailConfig,
  language: Language = 'en',
): { subject: string; text: string } {
  const { t, title, caseName, when } = emailWords(language);
  const lines = alerts.map((alert) =>
    t(alert.kind === 'deadline_overdue' ? 'emails.digest.overdue' : 'emails.digest.dueSoon', {
      case: caseName(alert),
      title: title(alert),
      about: about(alert),
      due: when(alert.due_at, config.timeZone),
    }),
  );
  return {
    subject: t('emails.digest.subject', { count: alerts.length }),
    text: [
      t('emails.digest.intro', { timeZone: config.timeZone }),
      '',
      ...lines,
      '',
      t('emails.digest.open', { url: `${config.publicUrl}/` }),
    ].join('\n'),
  };
}
