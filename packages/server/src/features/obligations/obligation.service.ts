import { DomainError, type ConfidenceTag, type ObligationExplanation } from '@dawn/core';
import { sql, type ExpressionBuilder } from 'kysely';
import { deny, requireActor, scopeOf } from '../../platform/access/access.ts';
import {
  instantText,
  isoInstant,
  isoInstantOrNull,
  nullableInstantText,
} from '../../platform/db/instant-text.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { ObligationSource } from './obligation-source.ts';
import type { ObligationRow } from './obligation.repository.ts';

export interface ObligationView {
  id: string;
  caseType: string;
  caseId: string;
  caseCode: string;
  rule: string;
  title: string;
  citation: string;
  subject: string | null;
  startsAt: string;
  dueAt: string;
  status: 'met' | 'met_late' | 'open' | 'overdue';
  metAt: string | null;
  consequence: string;
  confidence: ConfidenceTag;
  unconfirmed: boolean;
  responsibleRole: string;
  /** Whole local days from now to due (negative when overdue); null once met. */
  daysLeft: number | null;
  /** Left out of a brief list (`fields=list`): fetched with the one obligation when opened. */
  explanation?: ObligationExplanation;
  computedAt: string;
}

export interface ObligationFilter {
  caseType?: string | undefined;
  caseId?: string | undefined;
  status?: ObligationRow['status'][] | undefined;
  dueWithinDays?: number | undefined;
  rule?: string | undefined;
  /** One obligation, by id. */
  id?: string | undefined;
  /** `list`: without the explanations (the deadlines page's rows; a tenth of the bytes). */
  fields?: 'full' | 'list' | undefined;
  limit: number;
  /** The nextCursor of the previous page: keyset paging on (due_at, rule, id). */
  after?: string | undefined;
}

const DAY_MS = 86_400_000;

/** An obligation row as the list reads it: its instants as PostgreSQL's text (instant-text.ts). */
type ObligationListRow = Pick<
  ObligationRow,
  | 'id'
  | 'case_type'
  | 'case_id'
  | 'case_code'
  | 'rule'
  | 'title'
  | 'citation'
  | 'subject'
  | 'status'
  | 'consequence'
  | 'confidence'
  | 'unconfirmed'
  | 'responsible_role'
> & {
  starts_at: string;
  due_at: string;
  met_at: string | null;
  computed_at: string;
  explanation?: ObligationRow['explanation'];
};

function toView(row: ObligationListRow, now: number): ObligationView {
  const open = row.status === 'open' || row.status === 'overdue';
  const dueAt = isoInstant(row.due_at);
  return {
    id: row.id,
    caseType: row.case_type,
    caseId: row.case_id,
    caseCode: row.case_code,
    rule: row.rule,
    title: row.title,
    citation: row.citation,
    subject: row.subject,
    startsAt: isoInstant(row.starts_at),
    dueAt,
    status: row.status,
    metAt: isoInstantOrNull(row.met_at),
    consequence: row.consequence,
    confidence: row.confidence,
    unconfirmed: row.unconfirmed,
    responsibleRole: row.responsible_role,
    daysLeft: open ? Math.floor((Date.parse(dueAt) - now) / DAY_MS) : null,
    ...(row.explanation === undefined ? {} : { explanation: row.explanation }),
    computedAt: isoInstant(row.computed_at),
  };
}

/**
 * The access check of every deadline read: the kinds of case the caller may read, as one
 * condition on `obligation` (a kind they may not read contributes nothing). Having none at all
 * is NOT_FOUND.
 */
async function requireReadableSources(
  deps: Deps,
  sources: readonly ObligationSource[],
  filter: { caseType?: string | undefined; caseId?: string | undefined },
) {
  const actor = requireActor();
  const readable = sources
    .filter((source) => filter.caseType === undefined || source.caseType === filter.caseType)
    .map((source) => ({ source, scope: scopeOf(actor, source.readPermission) }));
  const allowed = readable.flatMap(({ source, scope }) => (scope ? [{ source, scope }] : []));
  if (allowed.length === 0) {
    return deny(deps.db, {
      permission: readable[0]?.source.readPermission ?? 'legal_case:read',
      ...(filter.caseId ? { entityType: filter.caseType ?? 'case', entityId: filter.caseId } : {}),
    });
  }
  const visible = (eb: ExpressionBuilder<DatabaseSchema, 'obligation'>) =>
    eb.or(
      allowed.map(({ source, scope }) =>
        eb.and([
          eb('obligation.case_type', '=', source.caseType),
          source.visibleCase(actor, scope)(eb),
        ]),
      ),
    );
  return { visible };
}

export interface ObligationSummary {
  overdue: number;
  dueWithinWeek: number;
  open: number;
  metLate: number;
}

/**
 * The deadlines page's summary cards: every open, overdue and met-late deadline the caller may
 * see, counted by status in one aggregate statement, in the same scope as the list. In
 * organisation scope it is read from `obligation_organisation_status_due_idx` alone. "Due within
 * a week" counts the open ones due before seven days from now, as the list's days left (< 7) do.
 */
export async function obligationSummary(
  deps: Deps,
  sources: readonly ObligationSource[],
): Promise<ObligationSummary> {
  const { visible } = await requireReadableSources(deps, sources, {});
  const row = await deps.db
    .selectFrom('obligation')
    .where(visible)
    .where('obligation.status', 'in', ['open', 'overdue', 'met_late'])
    .select([
      sql<number>`(count(*) filter (where obligation.status = 'overdue'))::int`.as('overdue'),
      sql<number>`(count(*) filter (where obligation.status = 'open'
        and obligation.due_at < now() + interval '7 days'))::int`.as('due_within_week'),
      sql<number>`(count(*) filter (where obligation.status = 'open'))::int`.as('open'),
      sql<number>`(count(*) filter (where obligation.status = 'met_late'))::int`.as('met_late'),
    ])
    .executeTakeFirstOrThrow();
  return {
    overdue: row.overdue,
    dueWithinWeek: row.due_within_week,
    open: row.open,
    metLate: row.met_late,
  };
}

/**
 * Obligations across every case the caller may see (or one case), soonest due first. A kind of
 * case the caller has no permission for contributes nothing; having none at all is NOT_FOUND.
 * A case the caller may not see answers exactly as a case that does not exist (an empty list),
 * so the answer does not tell whether an id belongs to someone else's case.
 */
export async function listObligations(
  deps: Deps,
  sources: readonly ObligationSource[],
  filter: ObligationFilter,
): Promise<{ obligations: ObligationView[]; nextCursor: string | null }> {
  const { visible } = await requireReadableSources(deps, sources, filter);
  const now = Date.now();
  const brief = filter.fields === 'list';
  let query = deps.db
    .selectFrom('obligation')
    .select([
      'id',
      'case_type',
      'case_id',
      'case_code',
      'rule',
      'title',
      'citation',
      'subject',
      'status',
      'consequence',
      'confidence',
      'unconfirmed',
      'responsible_role',
    ])
    // Instants as text, answered without a Date each (a page holds up to 2,000 of them).
    .select([
      instantText('obligation.starts_at').as('starts_at'),
      instantText('obligation.due_at').as('due_at'),
      nullableInstantText('obligation.met_at').as('met_at'),
      instantText('obligation.computed_at').as('computed_at'),
    ])
    .$if(!brief, (select) => select.select('explanation'))
    .where(visible);
  if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
  if (filter.id) query = query.where('obligation.id', '=', filter.id);
  if (filter.status && filter.status.length > 0) query = query.where('status', 'in', filter.status);
  if (filter.rule) query = query.where('rule', '=', filter.rule);
  if (filter.dueWithinDays !== undefined) {
    query = query
      .where('status', 'in', ['open', 'overdue'])
      .where('due_at', '<=', sql<Date>`now() + make_interval(days => ${filter.dueWithinDays})`);
  }
  if (filter.after) {
    const [dueAt, rule, id] = decodeCursor(filter.after, ['instant', 'text', 'uuid']) as [
      string,
      string,
      string,
    ];
    // The id breaks ties, so a page boundary inside deadlines due the same instant under the same
    // rule (one per accused, one per case of a sweep) loses and repeats nothing.
    query = query.where(
      sql<boolean>`(obligation.due_at, obligation.rule, obligation.id) > (${dueAt}::timestamptz, ${rule}, ${id}::uuid)`,
    );
  }
  // One row more than the page says whether there is a next page, so the last page has no cursor.
  const { page, nextCursor } = keysetPage(
    await query
      .orderBy('obligation.due_at')
      .orderBy('obligation.rule')
      .orderBy('obligation.id')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
    (row) => [row.due_at, row.rule, row.id],
  );
  return { obligations: page.map((row) => toView(row, now)), nextCursor };
}

/** One obligation with its explanation, for a row opened on the deadlines page. */
export async function getObligation(
  deps: Deps,
  sources: readonly ObligationSource[],
  id: string,
): Promise<ObligationView> {
  const { obligations } = await listObligations(deps, sources, { id, limit: 1 });
  const obligation = obligations[0];
  if (!obligation) throw new DomainError('NOT_FOUND', 'No such deadline.');
  return obligation;
}
