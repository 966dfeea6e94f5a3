import type { Scope } from '@dawn/core';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import { documentEntityVisibility } from '../documents/document-entity-visibility.ts';
import { visibleCareCases } from '../care-cases/care-case.repository.ts';
import { toIndiaIso, type Executor } from '../legal-cases/legal-case.repository.ts';

export function visibleRescueOperations(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'rescue_operation'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('rescue_operation.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'rescue_operation')
            .whereRef('team_membership.entity_id', '=', 'rescue_operation.id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      case 'shared':
        return eb.exists(
          eb
            .selectFrom('rescue_operation_share')
            .select(sql`1`.as('one'))
            .whereRef('rescue_operation_share.rescue_operation_id', '=', 'rescue_operation.id')
            .where('rescue_operation_share.organisation_id', '=', actor.organisationId),
        );
      case 'shelter':
        return eb.val(false);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

documentEntityVisibility.register('rescue_operation', async (db, actor, scope, operationId) =>
  Boolean(
    await db
      .selectFrom('rescue_operation')
      .select('rescue_operation.id')
      .where('rescue_operation.id', '=', operationId)
      .where(visibleRescueOperations(actor, scope))
      .executeTakeFirst(),
  ),
);

export interface RescueOperationView {
  id: string;
  organisationId: string;
  occurredAt: string;
  district: string;
  hasLocation: boolean;
  legalBasis: string;
  policeUnitId: string | null;
  officialIds: string[];
  ngoStaffIds: string[];
  legalCaseId: string | null;
  /** Each rescued person with her care case in the operation's organisation, if the caller sees it. */
  rescued: { personId: string; pseudonym: string; careCaseId: string | null }[];
  arrested: { personId: string; pseudonym: string }[];
  createdAt: string;
}

export async function rescueOperationViews(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { id?: string; limit: number; offset: number },
  careCaseScope: Scope | undefined,
): Promise<RescueOperationView[]> {
  return (await rescueOperationPage(db, actor, scope, filter, careCaseScope)).rescueOperations;
}

/**
 * A page of rescue operations, newest first (then by id), read from
 * `rescue_operation (organisation_id, occurred_at, id)` backwards in organisation scope; `after`
 * (the previous page's nextCursor) pages from its last row.
 */
export async function rescueOperationPage(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { id?: string; limit: number; offset: number; after?: string | undefined },
  careCaseScope: Scope | undefined,
): Promise<{ rescueOperations: RescueOperationView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('rescue_operation')
    .selectAll()
    .select(sql<string>`rescue_operation.occurred_at::text`.as('occurred_key'))
    .where(visibleRescueOperations(actor, scope));
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.after) {
    const [occurredAt, id] = decodeCursor(filter.after, ['instant', 'uuid']) as [string, string];
    query = query.where(
      sql<boolean>`(rescue_operation.occurred_at, rescue_operation.id) < (${occurredAt}::timestamptz, ${id}::uuid)`,
    );
  }
  const { page: rows, nextCursor } = keysetPage(
    await query
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .offset(filter.after ? 0 : filter.offset)
      .execute(),
    filter.limit,
    (row) => [row.occurred_key, row.id],
  );
  if (rows.length === 0) return { rescueOperations: [], nextCursor };
  const persons = await db
    .selectFrom('rescue_operation_person')
    .innerJoin('person', 'person.id', 'rescue_operation_person.person_id')
    .select([
      'rescue_operation_person.rescue_operation_id',
      'rescue_operation_person.role',
      'person.id',
      'person.pseudonym',
    ])
    .where(
      'rescue_operation_person.rescue_operation_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('person.pseudonym')
    .execute();
  const rescuedIds = persons
    .filter((person) => person.role === 'rescued')
    .map((person) => person.id);
  const careCases =
    careCaseScope && rescuedIds.length > 0
      ? await db
          .selectFrom('care_case')
          .select(['care_case.id', 'care_case.person_id', 'care_case.organisation_id'])
          .where('care_case.person_id', 'in', rescuedIds)
          .where(visibleCareCases(actor, careCaseScope))
          // Open cases first, then the latest: the one a repeat of "open care cases" reuses.
          .orderBy(sql`care_case.closed_at is null`, 'desc')
          .orderBy('care_case.opened_at', 'desc')
          .execute()
      : [];
  const careCaseOf = (personId: string, organisationId: string) =>
    careCases.find(
      (careCase) => careCase.person_id === personId && careCase.organisation_id === organisationId,
    )?.id ?? null;
  const of = (id: string, role: 'rescued' | 'arrested') =>
    persons
      .filter((person) => person.rescue_operation_id === id && person.role === role)
      .map((person) => ({ personId: person.id, pseudonym: person.pseudonym }));
  const rescueOperations = rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    occurredAt: toIndiaIso(row.occurred_at),
    district: row.district,
    hasLocation: row.location_sealed !== null,
    legalBasis: row.legal_basis,
    policeUnitId: row.police_unit_id,
    officialIds: row.official_ids,
    ngoStaffIds: row.ngo_staff_ids,
    legalCaseId: row.legal_case_id,
    rescued: of(row.id, 'rescued').map((person) => ({
      ...person,
      careCaseId: careCaseOf(person.personId, row.organisation_id),
    })),
    arrested: of(row.id, 'arrested'),
    createdAt: toIndiaIso(row.created_at),
  }));
  return { rescueOperations, nextCursor };
}

export async function rescuedPersonIds(db: Executor, rescueOperationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rescue_operation_person')
    .select('person_id')
    .where('rescue_operation_id', '=', rescueOperationId)
    .where('role', '=', 'rescued')
    .execute();
  return rows.map((row) => row.person_id);
}

/** Each person's open care case in the organisation (the latest opened, if several). */
export async function openCareCasesOf(
  db: Executor,
  organisationId: string,
  personIds: readonly string[],
): Promise<Map<string, { id: string; code: string }>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('care_case')
    .select(['id', 'code', 'person_id'])
    .where('organisation_id', '=', organisationId)
    .where('person_id', 'in', [...personIds])
    .where('closed_at', 'is', null)
    .orderBy('opened_at', 'asc')
    .execute();
  // Later rows overwrite earlier ones: the latest opened wins.
  return new Map(rows.map((row) => [row.person_id, { id: row.id, code: row.code }]));
}

/** What a survivor's care case needs to know of the rescue: when, which district, which agency. */
export async function rescueFacts(
  db: Executor,
  rescueOperationId: string,
): Promise<{
  occurredAt: string;
  district: string;
  legalBasis: string;
  policeUnitKind: string | null;
}> {
  const row = await db
    .selectFrom('rescue_operation')
    .leftJoin('organisation', 'organisation.id', 'rescue_operation.police_unit_id')
    .select([
      'rescue_operation.occurred_at',
      'rescue_operation.district',
      'rescue_operation.legal_basis',
      'organisation.kind',
    ])
    .where('rescue_operation.id', '=', rescueOperationId)
    .executeTakeFirstOrThrow();
  return {
    occurredAt: new Date(row.occurred_at).toISOString(),
    district: row.district,
    legalBasis: row.legal_basis,
    policeUnitKind: row.kind,
  };
}
