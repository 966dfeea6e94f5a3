import { legalCaseTitleFir, type Language } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { printedWords, remembered, type PrintedWords } from '../../platform/i18n/printed.ts';
import {
  printableOfficials,
  withoutJit,
  type PrintableMilestone,
} from './chosen-few.repository.ts';
import { auditReading, inReportOrder, periodInstants } from './chosen-few.service.ts';

type PrintableRow = Awaited<ReturnType<typeof printableOfficials>>[number];

interface PrintableOfficial {
  row: PrintableRow;
  officialId: string;
  name: string;
  onTimeCount: number;
  milestoneCount: number;
}

/**
 * The printable page of the report (no scripts, no external resources), every official, written
 * as a stream: the access check, then in one transaction with JIT off one query (the chosen
 * officials, each with its milestones as the page prints them, grouped, ordered and dated in the
 * database) and the audit entry — a refusal is still a plain 403/404, sent before any of the page
 * — then each official's section is written and let go, so the page's 2 MB of HTML is never one
 * string. The same credits, verdicts, officials and order as the in-app report (the tests compare
 * both with a plain reading of the stored rows), without building the report's objects for 16,527
 * milestones a year: that was most of the page's CPU. Reading it in parts of officials (the
 * summary first, then a part's queries) was measured slower: p50 460–700 ms against 271 ms.
 * Written in the reader's language (`language`), with the web app's names for events and deadlines.
 */
export async function chosenFewHtml(
  deps: Deps,
  period: { from: string; to: string },
  language: Language,
): Promise<Iterable<string>> {
  const { actor, scope } = await requirePermission(deps.db, 'report:read');
  const rows = await withoutJit(deps.db, async (trx) => {
    const read = await printableOfficials(trx, { actor, scope, period: periodInstants(period) });
    await auditReading(trx, period, undefined);
    return read;
  });
  const officials = rows
    .map((row): PrintableOfficial => ({
      row,
      officialId: row.official_id,
      name: row.name,
      onTimeCount: row.milestones.filter((milestone) => milestone[6] === true).length,
      milestoneCount: row.milestones.length,
    }))
    .sort(inReportOrder);
  return printablePage(period, officials, printedWords(language));
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function* printablePage(
  { from, to }: { from: string; to: string },
  officials: PrintableOfficial[],
  words: PrintedWords,
): Generator<string> {
  const { t } = words;
  const period = { from: words.day(from), to: words.day(to) };
  yield `<!doctype html>
<html lang="${words.language}"><head><meta charset="utf-8"><title>${escape(t('printed.chosenFew.documentTitle', period))}</title>
<style>body{font-family:serif;max-width:48rem;margin:2rem auto;color:#111}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:0}.who{margin-top:.2rem;color:#444}section{break-inside:avoid;border-top:1px solid #ccc;padding-top:.5rem}</style>
</head><body>
<h1>${escape(t('printed.chosenFew.heading', period))}</h1>
<p>${escape(t('printed.chosenFew.intro'))}</p>
`;
  if (officials.length === 0) yield `<p>${escape(t('legalCases.chosenFew.empty'))}</p>`;
  // Each day, event type and verdict is written once per page, escaped, not once per milestone
  // (a year prints about 17,000).
  const day = remembered((isoDay) => escape(words.day(isoDay)));
  const description = remembered((type) => escape(words.eventType(type)));
  const verdict = verdictOf(words);
  for (const { row } of officials) {
    let items = '';
    for (const milestone of row.milestones) {
      const [isoDay, type, legalCaseIdStart, firNumber, firYear, station] = milestone;
      const caseTitle = words.caseTitle(
        legalCaseTitleFir({ number: firNumber, year: firYear, policeStation: station }),
        legalCaseIdStart,
      );
      items += `<li>${day(isoDay)}: ${description(type)} (${escape(caseTitle)})${verdict(milestone)}</li>`;
    }
    yield `
  <section>
    <h2>${escape(row.name)}</h2>
    <p class="who">${escape(row.designation)}, ${escape(row.organisation)}</p>
    <ul>${items}</ul>
  </section>`;
  }
  yield '\n</body></html>';
}

/**
 * The milestone's own verdict, the one the in-app report shows, with the deadlines it met; a page
 * has few distinct verdicts, each written once.
 */
function verdictOf({ t, rule }: PrintedWords): (milestone: PrintableMilestone) => string {
  const written = remembered((key) => {
    const [onTime, ...rules] = key.split('\n');
    const deadlines = rules.map(rule).join(', ');
    return onTime === 'true'
      ? ` <strong>— ${escape(t('printed.chosenFew.onTime', { deadlines }))}</strong>`
      : ` <span class="late">— ${escape(t('printed.chosenFew.late', { deadlines }))}</span>`;
  });
  return ([, , , , , , onTime, rules]) =>
    onTime === null ? '' : written([String(onTime), ...(rules ?? [])].join('\n'));
}
