import { DomainError, INDIA_EVENTS, type LegalCaseTitleFir, type Scope } from '@dawn/core';
import type { Kysely, Transaction } from 'kysely';
import { requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import { titleOf, toIndiaIso } from '../legal-cases/legal-case.repository.ts';
import { creditsInPeriod, officialCountsInPeriod, withoutJit } from './chosen-few.repository.ts';

export interface Milestone {
  legalCaseId: string;
  /** In English, for API clients and the printable pages; the web composes `caseTitleFir`. */
  caseTitle: string;
  caseTitleFir: LegalCaseTitleFir | null;
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

export const eventDescription = (type: string): string =>
  (INDIA_EVENTS as Record<string, { description: string }>)[type]?.description ??
  type.replace(/[._]/g, ' ');

/** A milestone's case, named as every answer names a case (`titleOf`), under the report's keys. */
function caseTitleOf(id: string, fir: Parameters<typeof titleOf>[1]) {
  const { title, titleFir } = titleOf(id, fir);
  return { caseTitle: title, caseTitleFir: titleFir };
}

export interface ChosenFewReport {
  from: string;
  to: string;
  officials: ChosenOfficial[];
}

export interface ChosenFewPage extends ChosenFewReport {
  /** Pass as `after` for the next officials; null on the last page. */
  nextCursor: string | null;
}

/** A page of officials: at most `limit`, after the official a previous page's cursor names. */
export interface ReportPaging {
  limit: number;
  after?: string | undefined;
}

/**
 * The "chosen few" for a period, a page of officials at a time: officials credited on events (in
 * effect, not corrected away) of the cases the caller may report on, with their milestones, and
 * whether each met a statutory deadline in time — for recognition on National Civil Services Day
 * (21 April). An official is listed when at least one milestone met its deadlines in time; a
 * milestone is on time only when every deadline it satisfied was met in time. The officials come
 * in the summary's order, keyset-paged on it, so a page holds only its officials' milestones
 * (a year credits some 17,000); no identity is ever read. Statements: the access check, then in
 * one transaction the summary's counts, the page's credits and the deadlines they satisfied, and
 * the audit entry, whatever the page.
 */
export async function chosenFew(
  deps: Deps,
  period: { from: string; to: string },
  paging: ReportPaging,
): Promise<ChosenFewPage> {
  const access = await requirePermission(deps.db, 'report:read');
  return withoutJit(deps.db, async (trx) => {
    const lines = linesAfter(await rankedSummary(trx, access, period), paging.after);
    const { page, nextCursor } = keysetPage(lines, paging.limit, cursorKey);
    const officials = await officialsWithMilestones(trx, access, period, page);
    await auditReading(trx, period, undefined);
    return { from: period.from, to: period.to, officials, nextCursor };
  });
}

/**
 * The milestones on time only, for the honour list (which lists nothing else): the same officials
 * as the report, each with the report's milestones that were on time, the rest not sent.
 */
export async function chosenFewOnTime(
  deps: Deps,
  period: { from: string; to: string },
): Promise<ChosenFewReport> {
  return computeChosenFew(deps, period, { onTimeOnly: true });
}

/** One official's line of the report: counts only, the milestones on demand. */
export interface ChosenOfficialSummary {
  officialId: string;
  name: string;
  designation: string;
  organisation: string;
  onTimeCount: number;
  /** Milestones that met a deadline, but one of them late. */
  lateCount: number;
  /** Milestones that satisfied no statutory deadline. */
  withoutDeadlineCount: number;
  milestoneCount: number;
  caseCount: number;
}

export interface ChosenFewSummary {
  from: string;
  to: string;
  officials: ChosenOfficialSummary[];
}

export interface ChosenFewSummaryPage extends ChosenFewSummary {
  /** Pass as `after` for the next officials; null on the last page. */
  nextCursor: string | null;
}

/**
 * The report as the screen first needs it: the same officials in the same order, with counts
 * instead of every milestone (a year credits some 17,000), counted in the database by one grouped
 * query over the same credits and verdicts as the full report, and paged on the same keyset.
 */
export async function chosenFewSummary(
  deps: Deps,
  period: { from: string; to: string },
  paging: ReportPaging,
): Promise<ChosenFewSummaryPage> {
  const access = await requirePermission(deps.db, 'report:read');
  const lines = await withoutJit(deps.db, async (trx) => {
    const ranked = await rankedSummary(trx, access, period);
    await auditReading(trx, period, undefined);
    return ranked;
  });
  const { page, nextCursor } = keysetPage(linesAfter(lines, paging.after), paging.limit, cursorKey);
  return { from: period.from, to: period.to, officials: page, nextCursor };
}

interface Access {
  actor: Actor;
  scope: Scope;
}

/** Every chosen official's counts, in the report's order. */
async function rankedSummary(
  trx: Transaction<DatabaseSchema>,
  { actor, scope }: Access,
  period: { from: string; to: string },
): Promise<ChosenOfficialSummary[]> {
  const rows = await officialCountsInPeriod(trx, {
    actor,
    scope,
    period: periodInstants(period),
  });
  return rows
    .map((row) => ({
      officialId: row.official_id,
      name: row.name,
      designation: row.designation,
      organisation: row.organisation,
      onTimeCount: row.on_time_count,
      lateCount: row.late_count,
      withoutDeadlineCount: row.without_deadline_count,
      milestoneCount: row.milestone_count,
      caseCount: row.case_count,
    }))
    .sort(inReportOrder);
}

const byCodeUnits = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/**
 * The report's order: most milestones on time, then most milestones, then by name, then by id
 * (so two officials of one name keep one order, which keyset paging needs).
 */
export const inReportOrder = (
  left: Pick<ChosenOfficialSummary, 'onTimeCount' | 'milestoneCount' | 'name' | 'officialId'>,
  right: Pick<ChosenOfficialSummary, 'onTimeCount' | 'milestoneCount' | 'name' | 'officialId'>,
) =>
  right.onTimeCount - left.onTimeCount ||
  right.milestoneCount - left.milestoneCount ||
  left.name.localeCompare(right.name) ||
  byCodeUnits(left.officialId, right.officialId);

/** The cursor names an official's place in the report's order (their counts, name and id). */
const cursorKey = (line: ChosenOfficialSummary) => [
  String(line.onTimeCount),
  String(line.milestoneCount),
  line.name,
  line.officialId,
];

const COUNT = /^\d{1,9}$/;

/** The lines after the place a cursor names (the first page without one). */
function linesAfter(
  lines: ChosenOfficialSummary[],
  after: string | undefined,
): ChosenOfficialSummary[] {
  if (after === undefined) return lines;
  const [onTime = '', milestones = '', name = '', officialId = ''] = decodeCursor(after, [
    'text',
    'text',
    'text',
    'uuid',
  ]);
  if (!COUNT.test(onTime) || !COUNT.test(milestones))
    throw new DomainError('VALIDATION_FAILED', 'after: is not a cursor this list gave', {
      issues: [{ path: 'query.after', message: 'is not a cursor this list gave' }],
    });
  const place = {
    onTimeCount: Number(onTime),
    milestoneCount: Number(milestones),
    name,
    officialId,
  };
  return lines.filter((line) => inReportOrder(line, place) > 0);
}

/**
 * These officials (a page of the summary, in its order) with their milestones: their credits in
 * the period, each with the deadlines it satisfied (one query), one pass.
 */
async function officialsWithMilestones(
  db: Kysely<DatabaseSchema> | Transaction<DatabaseSchema>,
  { actor, scope }: Access,
  period: { from: string; to: string },
  lines: readonly ChosenOfficialSummary[],
): Promise<ChosenOfficial[]> {
  if (lines.length === 0) return [];
  const credits = await creditsInPeriod(db, {
    actor,
    scope,
    period: periodInstants(period),
    officialIds: lines.map((line) => line.officialId),
  });
  const place = new Map(lines.map((line, index) => [line.officialId, index]));
  return rankOfficials(credits, false).sort(
    (left, right) => (place.get(left.officialId) ?? 0) - (place.get(right.officialId) ?? 0),
  );
}

/** One official's milestones in the period, as the full report lists them; 404 when not chosen. */
export async function chosenFewOfficial(
  deps: Deps,
  period: { from: string; to: string },
  officialId: string,
): Promise<ChosenOfficial> {
  const report = await computeChosenFew(deps, period, { officialId });
  const official = report.officials[0];
  if (!official) throw new DomainError('NOT_FOUND', 'This official is not in the report.');
  return official;
}

/** The period's days as instants: from the first day's start to the last day's end, in India. */
export const periodInstants = (period: { from: string; to: string }) => ({
  from: new Date(`${period.from}T00:00:00+05:30`),
  to: new Date(`${period.to}T23:59:59.999+05:30`),
});

export const auditReading = (
  trx: Transaction<DatabaseSchema>,
  period: { from: string; to: string },
  officialId: string | undefined,
) =>
  recordAudit(trx, {
    action: 'report.viewed',
    details: {
      report: 'chosen_few',
      from: period.from,
      to: period.to,
      ...(officialId ? { official: officialId } : {}),
    },
  });

/**
 * The in-app report, one official's milestones and the honour list all come from this one
 * computation (the printable page reads the same credits grouped by official, in
 * `chosen-few-page.service.ts`): the access check, then in one transaction with JIT off one query
 * (the credits, each with the deadlines it satisfied) and the audit entry, then one pass.
 * `onTimeOnly` leaves out the milestones not on time (the honour list lists no other), sparing
 * building and sending three in four of them.
 */
async function computeChosenFew(
  deps: Deps,
  period: { from: string; to: string },
  options: { officialId?: string; onTimeOnly?: boolean },
): Promise<ChosenFewReport> {
  const { actor, scope } = await requirePermission(deps.db, 'report:read');
  const credits = await withoutJit(deps.db, async (trx) => {
    const read = await creditsInPeriod(trx, {
      actor,
      scope,
      period: periodInstants(period),
      ...(options.officialId ? { officialIds: [options.officialId] } : {}),
      onTimeOnly: options.onTimeOnly === true,
    });
    await auditReading(trx, period, options.officialId);
    return read;
  });
  return {
    from: period.from,
    to: period.to,
    officials: rankOfficials(credits, options.onTimeOnly === true),
  };
}

function rankOfficials(
  credits: Awaited<ReturnType<typeof creditsInPeriod>>,
  onTimeOnly: boolean,
): ChosenOfficial[] {
  const officials = new Map<string, ChosenOfficial>();
  for (const credit of credits) {
    let official = officials.get(credit.official_id);
    if (!official) {
      official = {
        officialId: credit.official_id,
        name: credit.name,
        designation: credit.designation,
        organisation: credit.organisation,
        milestones: [],
        onTimeCount: 0,
      };
      officials.set(credit.official_id, official);
    }
    // In the report's key order (rule, subject, status), whatever order the JSON's keys come in.
    const deadlines = (credit.deadlines ?? []).map(({ rule, subject, status }) => ({
      rule,
      subject,
      status,
    }));
    const onTime =
      deadlines.length === 0 ? null : deadlines.every((deadline) => deadline.status === 'met');
    if (onTime === true) official.onTimeCount += 1;
    else if (onTimeOnly) continue;
    official.milestones.push({
      legalCaseId: credit.legal_case_id,
      ...caseTitleOf(credit.legal_case_id, {
        number: credit.fir_number,
        year: credit.fir_year,
        policeStation: credit.station,
      }),
      eventId: credit.event_id,
      type: credit.type,
      description: eventDescription(credit.type),
      at: toIndiaIso(credit.occurred_at),
      deadlines,
      onTime,
    });
  }
  const chosen = [...officials.values()]
    .filter((official) => official.onTimeCount > 0)
    .sort((left, right) =>
      inReportOrder(
        { ...left, milestoneCount: left.milestones.length },
        { ...right, milestoneCount: right.milestones.length },
      ),
    );
  // By instant, then id: both strings of one fixed layout (India ISO instants, lower-case UUIDs),
  // whose differing characters are digits and a–f, so comparing code units orders them exactly as
  // localeCompare did, at a fraction of its cost over a year's 17,000 milestones.
  for (const official of chosen)
    official.milestones.sort(
      (left, right) => byCodeUnits(left.at, right.at) || byCodeUnits(left.eventId, right.eventId),
    );
  return chosen;
}
