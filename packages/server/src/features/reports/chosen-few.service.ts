import { INDIA_EVENTS, effectiveLegalTimeline, type Obligation } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { obligationsForLegalCase } from '../legal-cases/legal-case-obligations.ts';
import { eventsOf, toIndiaIso, visibleLegalCases } from '../legal-cases/legal-case.repository.ts';

export interface Milestone {
  legalCaseId: string;
  caseTitle: string;
  eventId: string;
  type: string;
  description: string;
  at: string;
  /** The statutory deadlines this event satisfied, and how. */
  deadlines: { rule: string; subject: string | null; status: string }[];
  /** True when it met every deadline it satisfied in time; false when one was late; null: none. */
  onTime: boolean | null;
}

export interface ChosenOfficial {
  officialId: string;
  name: string;
  designation: string;
  organisation: string;
  milestones: Milestone[];
  onTimeCount: number;
}

const describe = (type: string): string =>
  (INDIA_EVENTS as Record<string, { description: string }>)[type]?.description ??
  type.replace(/[._]/g, ' ');

/**
 * The "chosen few" for a period: officials credited on events (in effect, not corrected away) of
 * the cases the caller may report on, with their milestones, and whether each met a statutory
 * deadline in time — for recognition on National Civil Services Day (21 April).
 */
export async function chosenFew(
  deps: Deps,
  period: { from: string; to: string },
): Promise<{ from: string; to: string; officials: ChosenOfficial[] }> {
  const { actor, scope } = await requirePermission(deps.db, 'report:read');
  const from = new Date(`${period.from}T00:00:00+05:30`);
  const to = new Date(`${period.to}T23:59:59.999+05:30`);
  const credits = await deps.db
    .selectFrom('legal_case_event_official as credit')
    .innerJoin('legal_case_event as event', 'event.id', 'credit.event_id')
    .innerJoin('legal_case', 'legal_case.id', 'event.legal_case_id')
    .innerJoin('official', 'official.id', 'credit.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .select([
      'credit.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'event.id as event_id',
      'event.legal_case_id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'station.name as station',
    ])
    .where('event.occurred_at', '>=', from)
    .where('event.occurred_at', '<=', to)
    .where(visibleLegalCases(actor, scope))
    .execute();

  const caseIds = [...new Set(credits.map((credit) => credit.legal_case_id))];
  const effective = new Map<string, { type: string; occurredAt: string }>();
  const metBy = new Map<string, Milestone['deadlines']>();
  const now = new Date();
  for (const caseId of caseIds) {
    for (const event of effectiveLegalTimeline(await eventsOf(deps.db, caseId))) {
      effective.set(event.id, { type: event.type, occurredAt: event.occurredAt });
    }
    const result = await obligationsForLegalCase(deps.db, caseId, now, deps.vault);
    result.obligations.forEach((obligation: Obligation) => {
      const id = obligation.explanation.satisfyingEvent?.id;
      if (!id) return;
      const deadlines = metBy.get(id) ?? [];
      deadlines.push({
        rule: obligation.rule,
        subject: obligation.subject,
        status: obligation.status,
      });
      metBy.set(id, deadlines);
    });
  }

  const officials = new Map<string, ChosenOfficial>();
  for (const credit of credits) {
    const event = effective.get(credit.event_id);
    if (!event) continue;
    const official = officials.get(credit.official_id) ?? {
      officialId: credit.official_id,
      name: credit.name,
      designation: credit.designation,
      organisation: credit.organisation,
      milestones: [],
      onTimeCount: 0,
    };
    const deadlines = metBy.get(credit.event_id) ?? [];
    const onTime =
      deadlines.length === 0 ? null : deadlines.every((deadline) => deadline.status === 'met');
    official.milestones.push({
      legalCaseId: credit.legal_case_id,
      caseTitle:
        credit.fir_number && credit.fir_year
          ? `FIR ${credit.fir_number}/${credit.fir_year}, ${credit.station ?? ''}`
          : `Legal case ${credit.legal_case_id.slice(0, 8)}`,
      eventId: credit.event_id,
      type: event.type,
      description: describe(event.type),
      at: toIndiaIso(event.occurredAt),
      deadlines,
      onTime,
    });
    if (onTime === true) official.onTimeCount += 1;
    officials.set(credit.official_id, official);
  }
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'report.viewed',
      details: { report: 'chosen_few', from: period.from, to: period.to },
    }),
  );
  const sorted = [...officials.values()].sort(
    (left, right) =>
      right.onTimeCount - left.onTimeCount ||
      right.milestones.length - left.milestones.length ||
      left.name.localeCompare(right.name),
  );
  for (const official of sorted) official.milestones.sort((a, b) => a.at.localeCompare(b.at));
  return { from: period.from, to: period.to, officials: sorted };
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A printable page of the report (no scripts, no external resources). */
export function chosenFewHtml(report: Awaited<ReturnType<typeof chosenFew>>): string {
  const sections = report.officials
    .map(
      (official) => `
  <section>
    <h2>${escape(official.name)}</h2>
    <p class="who">${escape(official.designation)}, ${escape(official.organisation)}</p>
    <ul>${official.milestones
      .map(
        (milestone) =>
          `<li>${escape(milestone.at.slice(0, 10))}: ${escape(milestone.description)} (${escape(milestone.caseTitle)})${milestone.deadlines
            .filter((deadline) => deadline.status === 'met')
            .map((deadline) => ` <strong>— on time (${escape(deadline.rule)})</strong>`)
            .join('')}</li>`,
      )
      .join('')}</ul>
  </section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The chosen few, ${escape(report.from)} to ${escape(report.to)}</title>
<style>body{font-family:serif;max-width:48rem;margin:2rem auto;color:#111}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:0}.who{margin-top:.2rem;color:#444}section{break-inside:avoid;border-top:1px solid #ccc;padding-top:.5rem}</style>
</head><body>
<h1>Officials who took ownership, ${escape(report.from)} to ${escape(report.to)}</h1>
<p>For recognition on National Civil Services Day (21 April). Milestones credited on legal cases; "on time" marks a statutory deadline met.</p>
${sections || '<p>No official was credited in this period.</p>'}
</body></html>`;
}
