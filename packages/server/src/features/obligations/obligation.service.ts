import { DomainError, type ConfidenceTag, type ObligationExplanation } from '@dawn/core';
import { sql } from 'kysely';
import { deny, requireActor, scopeOf } from '../../platform/access/access.ts';
import { decodeCursor } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import type { ObligationSource } from './obligation-source.ts';
import { obligationPage, visibleObligations, type ObligationRow } from './obligation.repository.ts';

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
  /** null: none was recorded (a demonstration's generated deadline). */
  explanation?: ObligationExplanation | null;
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
      ...(filter.caseId
        ? {
            entityType:
              filter.caseType === 'care_case' || filter.caseType === 'legal_case'
                ? filter.caseType
                : 'case',
            entityId: filter.caseId,
          }
        : {}),
    });
  }
  return { actor, allowed, visible: visibleObligations(actor, allowed) };
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
  const { actor, allowed } = await requireReadableSources(deps, sources, filter);
  const after = filter.after
    ? (([dueAt = '', rule = '', id = '']) => ({ dueAt, rule, id }))(
        decodeCursor(filter.after, ['instant', 'text', 'uuid']),
      )
    : undefined;
  return obligationPage(
    deps.db,
    sources,
    actor,
    allowed,
    {
      caseId: filter.caseId,
      id: filter.id,
      status: filter.status,
      rule: filter.rule,
      dueWithinDays: filter.dueWithinDays,
      after,
      brief: filter.fields === 'list',
      limit: filter.limit,
    },
    Date.now(),
  );
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
