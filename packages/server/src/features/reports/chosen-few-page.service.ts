import { englishLegalCaseTitle, legalCaseTitleFir } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  printableOfficials,
  withoutJit,
  type PrintableMilestone,
} from './chosen-few.repository.ts';
import {
  auditReading,
  eventDescription,
  inReportOrder,
  periodInstants,
} from './chosen-few.service.ts';

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
 */
export async function chosenFewHtml(
  deps: Deps,
  period: { from: string; to: string },
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
  return printablePage(period, officials);
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function* printablePage(
  { from, to }: { from: string; to: string },
  officials: PrintableOfficial[],
): Generator<string> {
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The chosen few, ${escape(from)} to ${escape(to)}</title>
<style>body{font-family:serif;max-width:48rem;margin:2rem auto;color:#111}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:0}.who{margin-top:.2rem;color:#444}section{break-inside:avoid;border-top:1px solid #ccc;padding-top:.5rem}</style>
</head><body>
<h1>Officials who took ownership, ${escape(from)} to ${escape(to)}</h1>
<p>For recognition on National Civil Services Day (21 April). Officials with at least one milestone on time. A milestone is "on time" when every statutory deadline it satisfied was met in time.</p>
`;
  if (officials.length === 0) yield '<p>No official was credited in this period.</p>';
  // A type's description, escaped, once per page rather than once per milestone.
  const descriptions = new Map<string, string>();
  const description = (type: string): string => {
    let text = descriptions.get(type);
    if (text === undefined) {
      text = escape(eventDescription(type));
      descriptions.set(type, text);
    }
    return text;
  };
  for (const { row } of officials) {
    let items = '';
    for (const milestone of row.milestones) {
      const [day, type, legalCaseIdStart, firNumber, firYear, station] = milestone;
      // The page is English (lang="en"), as its every other word: the title's English form.
      const caseTitle = englishLegalCaseTitle(
        legalCaseTitleFir({ number: firNumber, year: firYear, policeStation: station }),
        legalCaseIdStart,
      );
      items += `<li>${escape(day)}: ${description(type)} (${escape(caseTitle)})${verdict(milestone)}</li>`;
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

/** The milestone's own verdict, the one the in-app report shows, with the deadlines it met. */
function verdict([, , , , , , onTime, rules]: PrintableMilestone): string {
  if (onTime === null) return '';
  const met = (rules ?? []).map((rule) => escape(rule)).join(', ');
  return onTime
    ? ` <strong>— on time (${met})</strong>`
    : ` <span class="late">— a deadline met late (${met})</span>`;
}
