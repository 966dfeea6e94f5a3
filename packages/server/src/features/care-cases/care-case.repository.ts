import { dataSharingPurpose, type Scope } from '@dawn/core';
import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type Transaction,
} from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { documentEntityVisibility } from '../documents/document-entity-visibility.ts';
import type { CareCaseTable } from '../../platform/db/schema-care-cases.ts';

export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;
export type CareCaseRow = Selectable<CareCaseTable>;

/**
 * Shared scope: a partner organisation sees a case once it has been referred to it and only while
 * the survivor's consent to share with that organisation is in force (withdrawal hides it at once).
 */
function sharedWith(
  eb: ExpressionBuilder<DatabaseSchema, 'care_case'>,
  organisationId: string,
  consentPurpose: string = dataSharingPurpose(organisationId),
) {
  return eb.and([
    eb.exists(
      eb
        .selectFrom('care_case_event as referral')
        .select(sql`1`.as('one'))
        .whereRef('referral.case_id', '=', 'care_case.id')
        .where('referral.type', '=', 'referral.made')
        .where(sql<string>`referral.data->>'toOrganisationId'`, '=', organisationId)
        .where((inner) =>
          inner.not(
            inner.exists(
              inner
                .selectFrom('care_case_event as correction')
                .select(sql`1`.as('one'))
                .whereRef('correction.supersedes_id', '=', 'referral.id'),
            ),
          ),
        ),
    ),
    eb.exists(
      eb
        .selectFrom('consent')
        .select(sql`1`.as('one'))
        .whereRef('consent.person_id', '=', 'care_case.person_id')
        .where('consent.purpose', '=', consentPurpose)
        .where('consent.given_at', '<=', sql<Date>`now()`)
        .where((inner) =>
          inner.or([
            inner('consent.withdrawn_at', 'is', null),
            inner('consent.withdrawn_at', '>', sql<Date>`now()`),
          ]),
        )
        .where((inner) =>
          inner.or([
            inner('consent.expires_at', 'is', null),
            inner('consent.expires_at', '>', sql<Date>`now()`),
          ]),
        ),
    ),
  ]);
}

/** The caller's scope over care cases as SQL, so lists and counts never leak a case. */
export function visibleCareCases(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'care_case'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('care_case.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'care_case')
            .whereRef('team_membership.entity_id', '=', 'care_case.id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      case 'shelter':
        // A shelter home is an organisation: its staff see survivors placed there now.
        return eb('care_case.placement_organisation_id', '=', actor.organisationId);
      case 'shared':
        return sharedWith(eb, actor.organisationId);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

/**
 * The care cases shared with `organisationId` (the shared scope, as `visibleCareCases` gives it),
 * with the consent's purpose (`dataSharingPurpose(organisationId)`) passed as a value of its own,
 * so that a statement prepared with stand-ins for its values can carry it (prepared-select.ts).
 */
export function careCasesSharedWith(organisationId: string, consentPurpose: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'care_case'>) =>
    sharedWith(eb, organisationId, consentPurpose);
}

/** The same scope seen from a person: a person is visible when one of their cases is. */
export function personHasVisibleCareCase(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'person'>) =>
    eb.exists(
      eb
        .selectFrom('care_case')
        .select(sql`1`.as('one'))
        .whereRef('care_case.person_id', '=', 'person.id')
        .where(visibleCareCases(actor, scope)),
    );
}

function visibleCareCaseQuery(db: Executor, actor: Actor, scope: Scope, caseId: string) {
  return db
    .selectFrom('care_case')
    .selectAll()
    .where('care_case.id', '=', caseId)
    .where(visibleCareCases(actor, scope));
}

// Every request about one case starts here: built once per scope (the shared scope names the
// organisation inside a text, so it is built each time).
const visibleCareCaseById = preparedSelect(
  (db, values: { caseId: string; organisationId: string; userId: string }, scope) =>
    visibleCareCaseQuery(
      db,
      { organisationId: values.organisationId, userId: values.userId } as Actor,
      scope as Scope,
      values.caseId,
    ),
  // A primary-key lookup whatever the values: a named statement on PostgreSQL.
  { named: true },
);

export async function findVisibleCareCase(
  db: Executor,
  actor: Actor,
  scope: Scope,
  caseId: string,
): Promise<CareCaseRow | undefined> {
  if (scope === 'shared') return visibleCareCaseQuery(db, actor, scope, caseId).executeTakeFirst();
  const [row] = await visibleCareCaseById.execute(db, scope, {
    caseId,
    organisationId: actor.organisationId,
    userId: actor.userId,
  });
  return row;
}

documentEntityVisibility.register('care_case', async (db, actor, scope, caseId) =>
  Boolean(
    await db
      .selectFrom('care_case')
      .select('care_case.id')
      .where('care_case.id', '=', caseId)
      .where(visibleCareCases(actor, scope))
      .executeTakeFirst(),
  ),
);

/** Locks the case row for the rest of the transaction: events of one case are written in turn. */
export async function lockCareCase(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
): Promise<CareCaseRow> {
  return trx
    .selectFrom('care_case')
    .selectAll()
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The next code of the year, `CC-2025-0042`, unique per organisation. */
export async function nextCaseCode(
  trx: Transaction<DatabaseSchema>,
  organisationId: string,
  year: number,
): Promise<string> {
  const prefix = `CC-${year}-`;
  await sql`select pg_advisory_xact_lock(hashtext(${`care_case_code:${organisationId}:${year}`}))`.execute(
    trx,
  );
  // Codes are zero-padded, so the longest, then greatest, is the last one issued.
  const last = await trx
    .selectFrom('care_case')
    .select('code')
    .where('organisation_id', '=', organisationId)
    .where('code', 'like', `${prefix}%`)
    .orderBy(sql`length(code)`, 'desc')
    .orderBy('code', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = (last ? Number(last.code.slice(prefix.length)) : 0) + 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

export async function eventsOfCase(db: Executor, caseId: string, includeRestricted: boolean) {
  let query = db
    .selectFrom('care_case_event')
    .leftJoin('app_user', 'app_user.id', 'care_case_event.recorded_by')
    .selectAll('care_case_event')
    .select('app_user.display_name as recorded_by_name')
    .where('care_case_event.case_id', '=', caseId);
  if (!includeRestricted) query = query.where('care_case_event.restricted', '=', false);
  return query
    .orderBy('care_case_event.occurred_at')
    .orderBy('care_case_event.recorded_at')
    .execute();
}

/** How many of a case's open tasks its header shows. */
const HEADER_TASKS = 5;

/**
 * What a case's header shows beside the case row (the person, the placement's name, the team,
 * the person's consents and the case's next open tasks), in one statement: one round trip
 * instead of five on the app's most opened screen, built once. The caller has checked access to
 * the case (so its tasks are the caller's to see, as `openTasks` would find them); the tasks of a
 * closed case are left out by the caller, which knows its phase.
 */
const headerParts = preparedSelect(
  (db, values: { caseId: string; personId: string; placementId: string | null }) =>
    db
      .selectFrom('person')
      .select(['person.id', 'person.pseudonym', 'person.age_band', 'person.sex'])
      .select((eb) => [
        eb
          .selectFrom('organisation')
          .select('organisation.name')
          // No placement: a null parameter matches no organisation.
          .where('organisation.id', '=', values.placementId)
          .as('placement_name'),
        jsonArrayFrom(
          eb
            .selectFrom('team_membership')
            .innerJoin('app_user', 'app_user.id', 'team_membership.user_id')
            .select(['app_user.id', 'app_user.display_name'])
            .where('team_membership.entity_type', '=', 'care_case')
            .where('team_membership.entity_id', '=', values.caseId)
            .orderBy('team_membership.added_at'),
        ).as('team'),
        jsonArrayFrom(
          eb
            .selectFrom('consent')
            .selectAll('consent')
            .whereRef('consent.person_id', '=', 'person.id')
            .orderBy('consent.given_at', 'desc'),
        ).as('consents'),
        // Overdue first (the oldest first), then the soonest due, as `openTasks` orders them.
        jsonArrayFrom(
          eb
            .selectFrom('task')
            .select([
              'task.id',
              'task.kind',
              'task.title',
              'task.assignee_id',
              'task.due_at',
              'task.done_at',
            ])
            .where('task.case_id', '=', values.caseId)
            .where('task.done_at', 'is', null)
            .orderBy(sql`task.due_at < now()`, 'desc')
            .orderBy('task.due_at')
            .limit(HEADER_TASKS),
        ).as('next_tasks'),
      ])
      .where('person.id', '=', values.personId),
  { named: true },
);

export async function headerPartsOf(
  db: Executor,
  careCase: Pick<CareCaseRow, 'id' | 'person_id' | 'placement_organisation_id'>,
) {
  const [row] = await headerParts.execute(db, 'header', {
    caseId: careCase.id,
    personId: careCase.person_id,
    placementId: careCase.placement_organisation_id,
  });
  if (!row) throw new Error('the case’s person is gone');
  return row;
}
