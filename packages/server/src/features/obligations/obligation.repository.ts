import {
  explanationFromStored,
  OBLIGATION_STATUSES,
  type ObligationExplanation,
  type Scope,
} from '@dawn/core';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { instantText, isoInstant, nullableInstantText } from '../../platform/db/instant-text.ts';
import { keysetPage } from '../../platform/db/keyset.ts';
import { preparedSelect, type PreparedSelect } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationTable } from '../../platform/db/schema-notifications.ts';
import type { Selectable } from 'kysely';
import type { ObligationSource } from './obligation-source.ts';

export type ObligationRow = Selectable<ObligationTable>;
/** A kind of case the caller may read, with their scope over it. */
export interface ReadableSource {
  source: ObligationSource;
  scope: Scope;
}

/** The list's filters, checked by the service. */
export interface ObligationPageQuery {
  caseId?: string | undefined;
  /** One obligation, by id. */
  id?: string | undefined;
  status?: readonly ObligationRow['status'][] | undefined;
  rule?: string | undefined;
  dueWithinDays?: number | undefined;
  /** The key of the previous page's last row (decoded from its cursor). */
  after?: { dueAt: string; rule: string; id: string } | undefined;
  /** Without the explanations (`fields=list`). */
  brief: boolean;
  limit: number;
}

/**
 * The values of the list's SQL: the same shape (which sources in which scope, which filters are
 * present, which statuses) is the same SQL whatever the values.
 */
interface PageValues {
  organisationId: string;
  userId: string;
  caseId: string;
  id: string;
  rule: string;
  dueWithinDays: number;
  afterDueAt: string;
  afterRule: string;
  afterId: string;
  limit: number;
}

/**
 * The caller's scope over every kind of case they may read, as one condition on `obligation` (a
 * kind they may not read contributes nothing).
 */
export function visibleObligations(
  actor: Pick<Actor, 'organisationId' | 'userId'>,
  readable: readonly ReadableSource[],
) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'obligation'>): Expression<SqlBool> =>
    eb.or(
      readable.map(({ source, scope }) =>
        eb.and([
          eb('obligation.case_type', '=', source.caseType),
          source.visibleCase(actor as Actor, scope)(eb),
        ]),
      ),
    );
}

/** `obligation.status in ('open', …)`, the statuses as literals (checked against the set). */
function statusIn(statuses: readonly string[]) {
  for (const status of statuses)
    if (!(OBLIGATION_STATUSES as readonly string[]).includes(status))
      throw new Error(`not an obligation status: ${status}`);
  return sql<SqlBool>`obligation.status in (${sql.join(statuses.map((status) => sql.lit(status)))})`;
}

function pageQuery(
  db: Kysely<DatabaseSchema>,
  readable: readonly ReadableSource[],
  values: PageValues,
  shape: PageShape,
) {
  // The row is the answer: named and ordered as the route's schema, its instants as
  // PostgreSQL's text (rewritten in place below), so no second object is made per row.
  let query = db
    .selectFrom('obligation')
    .select([
      'obligation.id',
      'obligation.case_type as caseType',
      'obligation.case_id as caseId',
      'obligation.case_code as caseCode',
      'obligation.rule',
      'obligation.title',
      'obligation.citation',
      'obligation.subject',
      instantText('obligation.starts_at').as('startsAt'),
      instantText('obligation.due_at').as('dueAt'),
      'obligation.status',
      nullableInstantText('obligation.met_at').as('metAt'),
      'obligation.consequence',
      'obligation.confidence',
      'obligation.unconfirmed',
      'obligation.responsible_role as responsibleRole',
      // Filled in from the due instant as the page is answered (whole local days from now).
      sql<number | null>`null::int`.as('daysLeft'),
      instantText('obligation.computed_at').as('computedAt'),
    ])
    .$if(!shape.brief, (select) => select.select('obligation.explanation'))
    .where(visibleObligations(values, readable));
  if (shape.caseId) query = query.where('obligation.case_id', '=', values.caseId);
  if (shape.id) query = query.where('obligation.id', '=', values.id);
  // The statuses are written into the SQL (they are the shape's, from a closed set), so that a
  // generic plan can prove `obligation_organisation_open_due_idx`'s condition (open or overdue).
  if (shape.statuses.length > 0) query = query.where(statusIn(shape.statuses));
  if (shape.rule) query = query.where('obligation.rule', '=', values.rule);
  if (shape.dueWithinDays)
    query = query
      .where(statusIn(['open', 'overdue']))
      .where(
        'obligation.due_at',
        '<=',
        sql<Date>`now() + make_interval(days => ${values.dueWithinDays})`,
      );
  // The id breaks ties, so a page boundary inside deadlines due the same instant under the same
  // rule (one per accused, one per case of a sweep) loses and repeats nothing.
  if (shape.after)
    query = query.where(
      sql<boolean>`(obligation.due_at, obligation.rule, obligation.id) > (${values.afterDueAt}::timestamptz, ${values.afterRule}, ${values.afterId}::uuid)`,
    );
  return query
    .orderBy('obligation.due_at')
    .orderBy('obligation.rule')
    .orderBy('obligation.id')
    .limit(shape.pageOf50 ? sql.lit(PAGE_OF_50 + 1) : values.limit);
}

interface PageShape {
  /** `caseType:scope` of each readable source, in the sources' order. */
  readable: string[];
  caseId: boolean;
  id: boolean;
  /** The statuses asked for, in the order asked (none: every status). */
  statuses: string[];
  rule: boolean;
  dueWithinDays: boolean;
  after: boolean;
  brief: boolean;
  /** A page of 50 (the API's default and the web's page): its limit written into the SQL. */
  pageOf50: boolean;
}

/**
 * The deadlines page's size. A named statement whose limit is a parameter is planned anew on every
 * request (PostgreSQL's generic plan assumes a tenth of the rows for an unknown limit, so it never
 * looks cheaper than a custom one); with the limit in the text its generic plan is kept. Any other
 * limit stays a parameter, so a client choosing limits does not multiply the statements.
 */
const PAGE_OF_50 = 50;

function shapeKey(shape: PageShape): string {
  const flag = (present: boolean) => (present ? '+' : '-');
  return [
    shape.readable.join(','),
    flag(shape.caseId),
    flag(shape.id),
    shape.statuses.join(',') || '*',
    flag(shape.rule),
    flag(shape.dueWithinDays),
    flag(shape.after),
    flag(shape.brief),
    flag(shape.pageOf50),
  ].join(' ');
}

function shapeOfKey(key: string): PageShape {
  const [readable = '', caseId, id, statuses, rule, dueWithinDays, after, brief, pageOf50] =
    key.split(' ');
  return {
    readable: readable.split(','),
    caseId: caseId === '+',
    id: id === '+',
    statuses: statuses === '*' || statuses === undefined ? [] : statuses.split(','),
    rule: rule === '+',
    dueWithinDays: dueWithinDays === '+',
    after: after === '+',
    brief: brief === '+',
    pageOf50: pageOf50 === '+',
  };
}

type PageRow = Awaited<ReturnType<ReturnType<typeof pageQuery>['execute']>>[number];

/** A row of the list as answered: the route's obligation, its explanation only when asked. */
export type ObligationListItem = Omit<PageRow, 'explanation'> & {
  /** null: none was recorded (a demonstration's generated deadline, written without the engine). */
  explanation?: ObligationExplanation | null;
};

// The deadlines list is built once per shape and set of sources (issue 11): the routes hand the
// same sources to every request.
const preparedPages = new WeakMap<
  readonly ObligationSource[],
  PreparedSelect<PageValues, PageRow>
>();

function preparedPageOf(sources: readonly ObligationSource[]) {
  let prepared = preparedPages.get(sources);
  if (!prepared) {
    prepared = preparedSelect(
      (db, values: PageValues, key) => {
        const shape = shapeOfKey(key);
        const readable = shape.readable.map((entry) => {
          const [caseType, scope] = entry.split(':');
          const source = sources.find((candidate) => candidate.caseType === caseType);
          if (!source) throw new Error(`no obligation source for ${caseType ?? ''}`);
          return { source, scope: scope as Scope };
        });
        return pageQuery(db, readable, values, shape);
      },
      {
        // In organisation scope the plan does not depend on the values (the organisation's
        // deadlines from its index): each pooled connection parses and plans it once. Narrower
        // scopes join the cases, whose best plan depends on the caller: planned each time.
        named: (key) => shapeOfKey(key).readable.every((entry) => entry.endsWith(':organisation')),
      },
    );
    preparedPages.set(sources, prepared);
  }
  return prepared;
}

const DAY_MS = 86_400_000;

/**
 * A page of the deadlines the caller may see, soonest due first, keyset-paged on
 * (due_at, rule, id): one statement, built once per shape. Rows are read with `limit + 1`, the
 * extra one only saying whether there is a next page. Instants are answered as
 * `Date.toISOString()` writes them; `daysLeft` counts whole days from `now` to due while the
 * deadline is open, and is null once met.
 */
export async function obligationPage(
  db: Kysely<DatabaseSchema>,
  sources: readonly ObligationSource[],
  actor: Pick<Actor, 'organisationId' | 'userId'>,
  readable: readonly ReadableSource[],
  query: ObligationPageQuery,
  now: number,
): Promise<{ obligations: ObligationListItem[]; nextCursor: string | null }> {
  const shape: PageShape = {
    readable: readable.map(({ source, scope }) => `${source.caseType}:${scope}`),
    caseId: query.caseId !== undefined,
    id: query.id !== undefined,
    // In one order and each once, so the same statuses are the same statement.
    statuses: OBLIGATION_STATUSES.filter((status) => query.status?.includes(status)),
    rule: Boolean(query.rule),
    dueWithinDays: query.dueWithinDays !== undefined,
    after: query.after !== undefined,
    brief: query.brief,
    pageOf50: query.limit === PAGE_OF_50,
  };
  const values: PageValues = {
    organisationId: actor.organisationId,
    userId: actor.userId,
    caseId: query.caseId ?? '',
    id: query.id ?? '',
    rule: query.rule ?? '',
    dueWithinDays: query.dueWithinDays ?? 0,
    afterDueAt: query.after?.dueAt ?? '',
    afterRule: query.after?.rule ?? '',
    afterId: query.after?.id ?? '',
    limit: query.limit + 1,
  };
  const rows = await preparedPageOf(sources).execute(db, shapeKey(shape), values);
  // The cursor holds PostgreSQL's own text of the last row's due instant, to the microsecond:
  // taken here, before the instants are rewritten to milliseconds.
  const { page, nextCursor } = keysetPage(rows, query.limit, (row) => [
    row.dueAt,
    row.rule,
    row.id,
  ]);
  for (const row of page) {
    row.startsAt = isoInstant(row.startsAt);
    row.dueAt = isoInstant(row.dueAt);
    row.metAt = row.metAt === null ? null : isoInstant(row.metAt);
    row.computedAt = isoInstant(row.computedAt);
    row.daysLeft =
      row.status === 'open' || row.status === 'overdue'
        ? Math.floor((Date.parse(row.dueAt) - now) / DAY_MS)
        : null;
  }
  // Explanations are stored without what the row and its rule say: put back (core's
  // `explanationFromStored`), in place as the instants are.
  if (!query.brief)
    for (const row of page) {
      const pack = sources.find((source) => source.caseType === row.caseType)?.pack;
      if (row.explanation === undefined || !pack) continue;
      // One without a start event was not written by the engine (the demonstration's generated
      // deadlines store `{}`): there is nothing to explain, and an empty object no client reads.
      if (row.explanation.startEvent === undefined) {
        (row as { explanation?: unknown }).explanation = null;
        continue;
      }
      row.explanation = explanationFromStored(
        pack,
        {
          rule: row.rule,
          citation: row.citation,
          confidence: row.confidence,
          unconfirmed: row.unconfirmed,
          startsAt: Date.parse(row.startsAt),
          metAt: row.metAt === null ? null : Date.parse(row.metAt),
        },
        row.explanation,
      );
    }
  return { obligations: page as ObligationListItem[], nextCursor };
}
