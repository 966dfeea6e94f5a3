import type { Language, LegalCaseTitleFir } from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import { printedWords } from '../../platform/i18n/printed.ts';
import { chosenFewOnTime } from '../reports/chosen-few.service.ts';

export interface Honouree {
  officialId: string;
  name: string;
  designation: string;
  organisation: string;
  /** Milestones met within every statutory deadline they satisfied. */
  onTime: {
    legalCaseId: string;
    type: string;
    description: string;
    /** In English, for API clients; the letters and the web compose `caseTitleFir`. */
    caseTitle: string;
    caseTitleFir: LegalCaseTitleFir | null;
    at: string;
  }[];
  cases: number;
}

/**
 * The yearly "chosen few" honour list, built from the chosen-few report for the calendar year:
 * officials with at least one milestone that met its statutory deadlines on time (a milestone met
 * late does not count), for letters of appreciation on National Civil Services Day, 21 April of
 * the following year. The report checks access (report:read) and audits the reading; it reads and
 * sends only the milestones on time (a quarter of a year's credits on the bench's data), the only
 * ones listed.
 */
export async function honourList(deps: Deps, year: number) {
  const report = await chosenFewOnTime(deps, { from: `${year}-01-01`, to: `${year}-12-31` });
  const honourees: Honouree[] = report.officials
    .map((official) => {
      const onTime = official.milestones.filter((milestone) => milestone.onTime === true);
      return {
        officialId: official.officialId,
        name: official.name,
        designation: official.designation,
        organisation: official.organisation,
        onTime: onTime.map((milestone) => ({
          legalCaseId: milestone.legalCaseId,
          type: milestone.type,
          description: milestone.description,
          caseTitle: milestone.caseTitle,
          caseTitleFir: milestone.caseTitleFir,
          at: milestone.at.slice(0, 10),
        })),
        cases: new Set(onTime.map((milestone) => milestone.legalCaseId)).size,
      };
    })
    .filter((official) => official.onTime.length > 0)
    .sort(
      (left, right) =>
        right.onTime.length - left.onTime.length || left.name.localeCompare(right.name),
    );
  return { year, civilServicesDay: `${year + 1}-04-21`, honourees };
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Printable letters of appreciation, one per page (no scripts, no external resources), in the
 * reader's language, with the web app's names for events.
 */
export function lettersHtml(
  list: Awaited<ReturnType<typeof honourList>>,
  language: Language,
): string {
  const words = printedWords(language);
  const { t } = words;
  const { year } = list;
  const date = t('printed.letters.date', { date: words.day(list.civilServicesDay) });
  const letters = list.honourees
    .map(
      (official) => `
<section class="letter">
  <p class="date">${escape(date)}</p>
  <p>${escape(t('printed.letters.to', { name: official.name }))}<br>${escape(official.designation)}, ${escape(official.organisation)}</p>
  <h2>${escape(t('printed.letters.heading'))}</h2>
  <p>${escape(
    t('printed.letters.body', {
      year,
      milestones: t('printed.letters.milestones', { count: official.onTime.length }),
      cases: t('printed.letters.cases', { count: official.cases }),
    }),
  )}</p>
  <ul>${official.onTime
    .map(
      (milestone) =>
        `<li>${escape(words.day(milestone.at))}: ${escape(words.eventType(milestone.type))} (${escape(words.caseTitle(milestone.caseTitleFir, milestone.legalCaseId))})</li>`,
    )
    .join('')}</ul>
  <p>${escape(t('printed.letters.thanks'))}</p>
</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escape(t('printed.letters.documentTitle', { year }))}</title>
<style>body{font-family:serif;color:#111;margin:0}.letter{max-width:44rem;margin:2rem auto;padding:0 1rem;break-after:page}h2{font-size:1.3rem}.date{text-align:right;color:#444}</style>
</head><body>${letters || `<p style="margin:2rem">${escape(t('printed.letters.none', { year }))}</p>`}</body></html>`;
}
