import type { Scope } from '@dawn/core';
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { decodeCursor, keysetPage, estimatePastPage } from '../../platform/db/keyset.ts';
import { isoInstant } from '../../platform/db/instant-text.ts';
import { totalColumns, totalOfPage } from '../../platform/db/list-count.ts';
import { pageBounds, pageBoundsKey } from '../../platform/db/page-bounds.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema, PersonTable } from '../../platform/db/schema.ts';
import { personHasVisibleCareCase } from '../care-cases/care-case.repository.ts';
import { personIsPartyToVisibleLegalCase } from '../legal-cases/legal-case.repository.ts';
import type { PersonView } from './person.schemas.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * The caller's scope as SQL, so lists and counts never include a person the caller may not see.
 * Besides a person's own team, a person is reached through their care cases: the team of one of
 * their cases (`team`), an active placement in the caller's shelter (`shelter`), or a referral to
 * the caller's organisation with consent to share in force (`shared`). A legal case's team also
 * sees the case's victims and accused.
 */
export function visiblePersons(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'person'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('person.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.or([
          eb.exists(
            eb
              .selectFrom('team_membership')
              .select(sql`1`.as('one'))
              .where('team_membership.entity_type', '=', 'person')
              .whereRef('team_membership.entity_id', '=', 'person.id')
              .where('team_membership.user_id', '=', actor.userId),
          ),
          personHasVisibleCareCase(actor, 'team')(eb),
          personIsPartyToVisibleLegalCase(actor, 'team')(eb),
          personRecordedInVisibleRescue(actor)(eb),
        ]);
      case 'shelter':
      case 'shared':
        return personHasVisibleCareCase(actor, scope)(eb);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

/**
 * A person recorded in a rescue operation is seen by the operation's team (everyone recorded in
 * it) and, when the caller sees all of the organisation's rescues (its case staff), for the
 * persons rescued in them: they open those survivors' care cases (issue 12 §4). The arrested
 * stay with the operation's team and their legal cases.
 */
function personRecordedInVisibleRescue(actor: Actor) {
  const caseStaff = actor.grants['rescue_operation:read'] === 'organisation';
  return (eb: ExpressionBuilder<DatabaseSchema, 'person'>) =>
    eb.exists(
      eb
        .selectFrom('rescue_operation_person')
        .innerJoin(
          'rescue_operation',
          'rescue_operation.id',
          'rescue_operation_person.rescue_operation_id',
        )
        .select(sql`1`.as('one'))
        .whereRef('rescue_operation_person.person_id', '=', 'person.id')
        .where((inner) =>
          inner.or([
            inner.exists(
              inner
                .selectFrom('team_membership')
                .select(sql`1`.as('one'))
                .where('team_membership.entity_type', '=', 'rescue_operation')
                .whereRef('team_membership.entity_id', '=', 'rescue_operation.id')
                .where('team_membership.user_id', '=', actor.userId),
            ),
            ...(caseStaff
              ? [
                  inner.and([
                    inner('rescue_operation_person.role', '=', 'rescued'),
                    inner('rescue_operation.organisation_id', '=', actor.organisationId),
                  ]),
                ]
              : []),
          ]),
        ),
    );
}

type ViewColumns = Omit<
  Selectable<PersonTable>,
  'created_at' | 'created_by' | 'pseudonym_folded'
> & {
  has_identity: SqlBool;
};

export function toView(row: ViewColumns & { created_at: Date }): PersonView {
  return view(row, new Date(row.created_at).toISOString());
}

function view(row: ViewColumns, createdAt: string): PersonView {
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    organisationId: row.organisation_id,
    sex: row.sex,
    ageBand: row.age_band as PersonView['ageBand'],
    birthYearEstimate: row.birth_year_estimate,
    originState: row.origin_state,
    originCountry: row.origin_country,
    languages: row.languages,
    hasIdentity: Boolean(row.has_identity),
    createdAt,
  };
}

/**
 * A person's columns and whether an identity is sealed for them. The identity is looked up per
 * row by its primary key, as a scalar subquery: as `exists (…)`, PostgreSQL could answer a list
 * (whose scan it plans for every person in scope, before the limit) with a hashed subplan that
 * reads every identity of the programme on each page (250 ms at 100,000 identities).
 */
const hasIdentity = sql<SqlBool>`coalesce((select true from person_identity
  where person_identity.person_id = person.id), false)`.as('has_identity');

function personColumns(db: Executor) {
  return db.selectFrom('person').selectAll('person').select(hasIdentity);
}

export async function findVisiblePerson(
  db: Executor,
  actor: Actor,
  scope: Scope,
  personId: string,
): Promise<PersonView | undefined> {
  const row = await personColumns(db)
    .where('person.id', '=', personId)
    .where(visiblePersons(actor, scope))
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Which of `personIds` the caller may see, in one statement whatever their number. */
export async function visiblePersonIds(
  db: Executor,
  actor: Actor,
  scope: Scope,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', 'in', [...new Set(personIds)])
    .where(visiblePersons(actor, scope))
    .execute();
  return new Set(rows.map((row) => row.id));
}

interface PageValues {
  organisationId: string;
  afterCreatedAt: string;
  afterId: string;
  limit: number;
  offset: number;
}

/** A page of the persons `conditions` leaves, newest first, from after the cursor when asked. */
function personPage(
  db: Executor,
  conditions: (eb: ExpressionBuilder<DatabaseSchema, 'person'>) => Expression<SqlBool>,
  fromCursor: boolean,
  values: PageValues,
  /** Which of limit and offset a prepared shape writes as literals (page-bounds.ts). */
  boundsKey?: string,
) {
  // The columns the list shows, its instant as text only: answered as ISO text without a Date
  // in between (instant-text.ts), and the cursor's key.
  let rows = db
    .selectFrom('person')
    .select([
      'person.id',
      'person.pseudonym',
      'person.organisation_id',
      'person.sex',
      'person.age_band',
      'person.birth_year_estimate',
      'person.origin_state',
      'person.origin_country',
      'person.languages',
      hasIdentity,
      sql<string>`person.created_at::text`.as('created_at_key'),
    ])
    .where(conditions);
  if (fromCursor)
    rows = rows.where(
      sql<boolean>`(person.created_at, person.id) < (${values.afterCreatedAt}::timestamptz, ${values.afterId}::uuid)`,
    );
  const bounds = pageBounds(boundsKey, values.limit, values.offset);
  return rows
    .orderBy('person.created_at', 'desc')
    .orderBy('person.id', 'desc')
    .limit(bounds.limit)
    .offset(bounds.offset);
}

/**
 * The organisation's persons without search text, the list opened most (issue 11): built once
 * per shape (first page or after a cursor) and a named statement on PostgreSQL, planned once a
 * pooled connection. Its plan does not depend on the values (the organisation's index newest
 * first, each page's identity by its key), asserted on the generic plan in
 * test/hot-queries/lists.postgres.test.ts.
 */
const organisationPage = preparedSelect(
  (db, values: PageValues, shape) => {
    const rows = personPage(
      db,
      // The organisation scope reads only the actor's organisation: its stand-in here.
      visiblePersons({ organisationId: values.organisationId } as Actor, 'organisation'),
      shape.startsWith('after'),
      values,
      shape.split(' ').at(-1),
    );
    // With its total from the read model, in the same statement (issue 11).
    return shape.includes(' total ')
      ? rows.select(totalColumns('person', { organisationId: values.organisationId }))
      : rows;
  },
  { named: true },
);

interface SearchValues extends PageValues {
  pattern: string;
}

/**
 * Whether the pseudonym holds the search text (a `like` pattern), whatever its case: what
 * `pseudonym ilike pattern` answers, compared with the pseudonym lowered when it was written
 * (0037d), not lowered again for every row a page walks past (issue 11).
 */
const pseudonymHolds = (pattern: string) =>
  sql<SqlBool>`person.pseudonym_folded like lower(${pattern}::text)`;

/** The organisation's persons whose pseudonym holds the search text. */
const searchedInOrganisation =
  (values: Pick<SearchValues, 'organisationId' | 'pattern'>) =>
  (eb: ExpressionBuilder<DatabaseSchema, 'person'>) =>
    eb.and([
      visiblePersons({ organisationId: values.organisationId } as Actor, 'organisation')(eb),
      pseudonymHolds(values.pattern),
    ]);

/**
 * The organisation's persons searched by pseudonym, and the scope its `count=estimate` EXPLAINs:
 * each built once a shape (issue 11), not again on every request. Not named: the search
 * pattern's selectivity is the plan's, so each search keeps a custom plan.
 */
const searchedPage = preparedSelect((db, values: SearchValues, shape) =>
  personPage(
    db,
    searchedInOrganisation(values),
    shape.startsWith('after'),
    values,
    shape.split(' ').at(-1),
  ),
);
const searchedScope = preparedSelect((db, values: SearchValues) =>
  db
    .selectFrom('person')
    .where(searchedInOrganisation(values))
    .select(sql`1`.as('one')),
);
const searchedCount = preparedSelect((db, values: SearchValues) =>
  db
    .selectFrom('person')
    .where(searchedInOrganisation(values))
    .select((eb) => eb.fn.countAll<string>().as('n')),
);

/**
 * Persons newest first, paged from `person (organisation_id, created_at, id)` (or the scope's own
 * index); the total is counted only when asked.
 */
export async function listVisiblePersons(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: {
    search?: string | undefined;
    limit: number;
    offset: number;
    after?: string | undefined;
    count?: 'exact' | 'estimate' | 'none' | undefined;
  },
): Promise<{
  persons: PersonView[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const pattern = filter.search ? `%${filter.search.replace(/[%_\\]/g, '')}%` : undefined;
  const conditions = (eb: ExpressionBuilder<DatabaseSchema, 'person'>) =>
    eb.and([visiblePersons(actor, scope)(eb), ...(pattern ? [pseudonymHolds(pattern)] : [])]);
  const after = filter.after
    ? (decodeCursor(filter.after, ['instant', 'uuid']) as [string, string])
    : undefined;
  const pageValues: SearchValues = {
    organisationId: actor.organisationId,
    afterCreatedAt: after?.[0] ?? '',
    afterId: after?.[1] ?? '',
    limit: filter.limit + 1,
    offset: filter.after ? 0 : filter.offset,
    pattern: pattern ?? '',
  };
  const pageShape = `${after ? 'after' : 'first'} ${pageBoundsKey(pageValues.limit, pageValues.offset)}`;
  // The organisation's persons searched by pseudonym: prepared, as the unsearched page is.
  const searchedHere = scope === 'organisation' && pattern !== undefined;
  // The organisation's persons without search: the `list_count` read model holds their number,
  // read with the page. For `count=estimate` it is exact and cheaper than the planner's estimate.
  const counted =
    scope === 'organisation' && !pattern && filter.count !== undefined && filter.count !== 'none';
  const read =
    scope === 'organisation' && !pattern
      ? await organisationPage.execute(
          db,
          `${after ? 'after' : 'first'}${counted ? ' total' : ''} ${pageBoundsKey(pageValues.limit, pageValues.offset)}`,
          pageValues,
        )
      : searchedHere
        ? await searchedPage.execute(db, pageShape, pageValues)
        : await personPage(db, conditions, after !== undefined, pageValues).execute();
  const { page, nextCursor } = keysetPage(read, filter.limit, (row) => [
    row.created_at_key,
    row.id,
  ]);
  const countTotal = async () =>
    counted
      ? totalOfPage(db, 'person', { organisationId: actor.organisationId }, read)
      : searchedHere
        ? Number((await searchedCount.execute(db, 'count', pageValues))[0]?.n ?? 0)
        : Number(
            (
              await db
                .selectFrom('person')
                .where(conditions)
                .select((eb) => eb.fn.countAll<string>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
  const total = filter.count === 'exact' ? await countTotal() : undefined;
  const estimate =
    filter.count !== 'estimate'
      ? undefined
      : counted
        ? await countTotal()
        : await estimatePastPage(
            searchedHere
              ? { db, compiled: searchedScope.compile(db, 'scope', pageValues) }
              : db
                  .selectFrom('person')
                  .where(conditions)
                  .select(sql`1`.as('one')),
            filter,
            page.length,
          );
  return {
    persons: page.map((row) => view(row, isoInstant(row.created_at_key))),
    ...(total === undefined ? {} : { total }),
    ...(estimate === undefined ? {} : { totalEstimate: estimate }),
    nextCursor,
  };
}
