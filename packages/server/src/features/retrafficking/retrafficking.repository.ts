import type { Scope } from '@dawn/core';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import type {
  DatabaseSchema,
  RetraffickingCaseType,
  RetraffickingStatus,
} from '../../platform/db/schema.ts';
import type { MatchView } from './retrafficking.schemas.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** Without a setting of its own, an organisation is alerted from this score up. */
export const DEFAULT_RETRAFFICKING_THRESHOLD = 0.8;

export async function thresholdOf(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('retrafficking_setting')
    .select('threshold')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.threshold ?? DEFAULT_RETRAFFICKING_THRESHOLD;
}

export interface EarlierCase {
  personId: string;
  caseType: RetraffickingCaseType;
  caseId: string;
  /** When the care case was opened, or the rescue took place. */
  at: Date;
}

/**
 * For each candidate, a case of the organisation in which they were the survivor, other than the
 * new one (none for an import batch, whose own cases count: as if opened one after the other):
 * their latest care case, else the latest rescue that rescued them. Two queries.
 */
export async function earlierCasesOf(
  db: Executor,
  organisationId: string,
  personIds: readonly string[],
  newCaseId: string | null,
): Promise<Map<string, EarlierCase>> {
  const found = new Map<string, EarlierCase>();
  if (personIds.length === 0) return found;
  const careCases = await db
    .selectFrom('care_case')
    .select(['person_id', 'id', 'opened_at'])
    .distinctOn('person_id')
    .where('organisation_id', '=', organisationId)
    .where('person_id', 'in', personIds)
    .$if(newCaseId !== null, (query) => query.where('id', '<>', newCaseId ?? ''))
    .orderBy('person_id')
    .orderBy('opened_at', 'desc')
    .execute();
  for (const row of careCases)
    found.set(row.person_id, {
      personId: row.person_id,
      caseType: 'care_case',
      caseId: row.id,
      at: new Date(row.opened_at),
    });
  const rescues = await db
    .selectFrom('rescue_operation_person')
    .innerJoin(
      'rescue_operation',
      'rescue_operation.id',
      'rescue_operation_person.rescue_operation_id',
    )
    .select([
      'rescue_operation_person.person_id',
      'rescue_operation.id',
      'rescue_operation.occurred_at',
    ])
    .distinctOn('rescue_operation_person.person_id')
    .where('rescue_operation.organisation_id', '=', organisationId)
    .where('rescue_operation_person.person_id', 'in', personIds)
    .where('rescue_operation_person.role', '=', 'rescued')
    .$if(newCaseId !== null, (query) => query.where('rescue_operation.id', '<>', newCaseId ?? ''))
    .orderBy('rescue_operation_person.person_id')
    .orderBy('rescue_operation.occurred_at', 'desc')
    .execute();
  for (const row of rescues)
    if (!found.has(row.person_id))
      found.set(row.person_id, {
        personId: row.person_id,
        caseType: 'rescue_operation',
        caseId: row.id,
        at: new Date(row.occurred_at),
      });
  return found;
}

/** The caller sees a match when it sees the organisation's cases, or is on either case's team. */
export function visibleMatches(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'retrafficking_match'>) => {
    const onTeam = (
      typeColumn: 'case_type' | 'earlier_case_type',
      idColumn: 'case_id' | 'earlier_case_id',
    ) =>
      eb.exists(
        eb
          .selectFrom('team_membership')
          .select(sql`1`.as('one'))
          .whereRef('team_membership.entity_type', '=', `retrafficking_match.${typeColumn}`)
          .whereRef('team_membership.entity_id', '=', `retrafficking_match.${idColumn}`)
          .where('team_membership.user_id', '=', actor.userId),
      );
    const ownOrganisation = eb('retrafficking_match.organisation_id', '=', actor.organisationId);
    switch (scope) {
      case 'all':
      case 'organisation':
        return ownOrganisation;
      case 'team':
        return eb.and([
          ownOrganisation,
          eb.or([onTeam('case_type', 'case_id'), onTeam('earlier_case_type', 'earlier_case_id')]),
        ]);
      case 'shelter':
      case 'shared':
        return eb.val(false);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

function matchRows(db: Executor) {
  return db
    .selectFrom('retrafficking_match')
    .innerJoin('person as new_person', 'new_person.id', 'retrafficking_match.person_id')
    .innerJoin(
      'person as earlier_person',
      'earlier_person.id',
      'retrafficking_match.earlier_person_id',
    )
    .leftJoin('care_case as new_care', 'new_care.id', 'retrafficking_match.case_id')
    .leftJoin('rescue_operation as new_rescue', 'new_rescue.id', 'retrafficking_match.case_id')
    .leftJoin('care_case as earlier_care', 'earlier_care.id', 'retrafficking_match.earlier_case_id')
    .leftJoin(
      'rescue_operation as earlier_rescue',
      'earlier_rescue.id',
      'retrafficking_match.earlier_case_id',
    )
    .select([
      'retrafficking_match.id',
      'retrafficking_match.score',
      'retrafficking_match.status',
      'retrafficking_match.created_at',
      'retrafficking_match.decided_at',
      'retrafficking_match.person_id',
      'retrafficking_match.case_type',
      'retrafficking_match.case_id',
      'retrafficking_match.earlier_person_id',
      'retrafficking_match.earlier_case_type',
      'retrafficking_match.earlier_case_id',
      'new_person.pseudonym as new_pseudonym',
      'earlier_person.pseudonym as earlier_pseudonym',
      'new_care.code as new_code',
      'new_care.phase as new_phase',
      'new_rescue.district as new_district',
      'new_rescue.occurred_at as new_rescued_at',
      'earlier_care.code as earlier_code',
      'earlier_care.phase as earlier_phase',
      'earlier_rescue.district as earlier_district',
      'earlier_rescue.occurred_at as earlier_rescued_at',
      sql<string>`retrafficking_match.created_at::text`.as('created_at_key'),
    ]);
}

type MatchRow = Awaited<ReturnType<ReturnType<typeof matchRows>['execute']>>[number];

function toView(row: MatchRow): MatchView {
  const iso = (value: Date | string | null) =>
    value === null ? null : new Date(value).toISOString();
  return {
    id: row.id,
    score: Math.round(row.score * 1000) / 1000,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    decidedAt: iso(row.decided_at),
    person: { id: row.person_id, pseudonym: row.new_pseudonym },
    case: {
      type: row.case_type,
      id: row.case_id,
      code: row.new_code,
      phase: row.new_phase,
      district: row.new_district,
      rescuedAt: iso(row.new_rescued_at),
    },
    earlierPerson: { id: row.earlier_person_id, pseudonym: row.earlier_pseudonym },
    earlierCase: {
      type: row.earlier_case_type,
      id: row.earlier_case_id,
      code: row.earlier_code,
      phase: row.earlier_phase,
      district: row.earlier_district,
      rescuedAt: iso(row.earlier_rescued_at),
    },
  };
}

/** Matches newest first, keyset-paged on (organisation_id, created_at, id). */
export async function listVisibleMatches(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { status?: RetraffickingStatus | undefined; limit: number; after?: string | undefined },
): Promise<{ matches: MatchView[]; nextCursor: string | null }> {
  let rows = matchRows(db).where(visibleMatches(actor, scope));
  if (filter.status) rows = rows.where('retrafficking_match.status', '=', filter.status);
  if (filter.after) {
    const [createdAt, id] = decodeCursor(filter.after, ['instant', 'uuid']) as [string, string];
    rows = rows.where(
      sql<boolean>`(retrafficking_match.created_at, retrafficking_match.id) < (${createdAt}::timestamptz, ${id}::uuid)`,
    );
  }
  const { page, nextCursor } = keysetPage(
    await rows
      .orderBy('retrafficking_match.created_at', 'desc')
      .orderBy('retrafficking_match.id', 'desc')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
    (row) => [row.created_at_key, row.id],
  );
  return { matches: page.map(toView), nextCursor };
}

export async function findVisibleMatch(
  db: Executor,
  actor: Actor,
  scope: Scope,
  matchId: string,
): Promise<MatchView | undefined> {
  const row = await matchRows(db)
    .where('retrafficking_match.id', '=', matchId)
    .where(visibleMatches(actor, scope))
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}
