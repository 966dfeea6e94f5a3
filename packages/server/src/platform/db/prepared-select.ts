import {
  CompiledQuery,
  LimitNode,
  OffsetNode,
  OperationNodeTransformer,
  RawNode,
  ValueNode,
  type Compilable,
  type OperationNode,
  type QueryId,
  type Kysely,
  type QueryExecutorProvider,
  type QueryResult,
  type Transaction,
} from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * A hot SELECT built with Kysely once per shape instead of on every request (issue 11).
 *
 * Building a query with Kysely (expression builders, frozen nodes, reference parsing) and
 * compiling it (visiting the tree) was the largest part of Dawn's own CPU time on a care case's
 * header, more than the protocol of the three statements it sends. Here the query is built with
 * stand-ins for its parameters, compiled once, and every later call only puts the values in
 * their places: the same SQL text, the same parameters in the same order, as building it again
 * would give.
 *
 * Rules (checked when the shape is first built, so a mistake fails every test that runs it):
 * - the SQL may depend on the `shape` key only, never on a parameter's value: the builder gets
 *   stand-ins, not values, so it must not branch on them (what it branches on goes in the key);
 * - a parameter travels as it is: a stand-in turned into another value (`%${x}%`, `x + 1`) is
 *   refused; compute such values before and pass them as parameters;
 * - SELECT only: a prepared statement skips the Kysely plugins' query transforms, which only
 *   writes need (the authentication cache's watcher). A raw statement (Kysely's `sql`) is taken
 *   when its text begins with `select`.
 *
 * `{ named: true }` also makes it a named statement on PostgreSQL (statementNameOf): each pooled
 * connection parses and plans it once, then only binds and executes it. PostgreSQL may then run
 * it on a generic plan (after five executions, when that plan is not dearer than the custom
 * ones), so a named query's plans are asserted with the generic plan forced
 * (`test/hot-queries/`). Only for statements with a fixed text whose plan does not
 * depend on their values (a primary-key lookup, not a list whose cost depends on the scope).
 */

/** Whatever can run a compiled query: the database handle or a transaction. */
type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

const STAND_IN = '\u0000dawn-parameter:';

/** The name of each SQL text prepared as a named statement, one name a text (pg requires it). */
const statementNames = new Map<string, string>();

/**
 * The statement name under which `sql` runs on PostgreSQL, when it is the text of a named
 * prepared select (query-cancellation.ts's pool wrapper sends it with the name).
 */
export function statementNameOf(sql: string): string | undefined {
  return statementNames.get(sql);
}

/**
/**
 * At most this many texts are named: past it a statement runs unnamed, so a text that varied with
 * its values by mistake cannot leave a prepared statement per value on every pooled connection.
 */
const MAX_NAMED_STATEMENTS = 500;

function remember(sql: string): void {
  if (statementNames.has(sql) || statementNames.size >= MAX_NAMED_STATEMENTS) return;
  const kind = /^\s*select\b/i.test(sql) ? 'select' : 'write';
  statementNames.set(sql, `dawn_${kind}_${statementNames.size + 1}`);
}

interface Plan {
  sql: string;
  /** For each compiled parameter: the name of a value, or a constant of the shape. */
  slots: ({ name: string } | { constant: unknown })[];
}

export interface PreparedSelect<Parameters, Row> {
  /** The rows of the shape `shape` with these values. */
  execute(db: Executor, shape: string, values: Parameters): Promise<Row[]>;
  /** The statement `execute` sends, not sent (a list's estimate EXPLAINs it). */
  compile(db: Executor, shape: string, values: Parameters): CompiledQuery<Row>;
}

/** A Kysely select builder, or a raw `sql` statement (compiled with the database handle). */
type Buildable = Compilable | { compile(executorProvider: QueryExecutorProvider): CompiledQuery };

/** The row type a Kysely select builder or raw statement returns. */
type RowOf<Query> =
  Query extends Compilable<infer Row>
    ? Row
    : Query extends { compile(executorProvider: QueryExecutorProvider): CompiledQuery<infer Row> }
      ? Row
      : never;

/** A parameter, not a literal: a limit written into the text (page-bounds.ts) is known to both plans. */
const isParameter = (value: OperationNode): boolean =>
  ValueNode.is(value) && value.immediate !== true;
const opaque = (value: OperationNode) => RawNode.create(['(select ', '::bigint)'], [value]);

/**
 * Every LIMIT and OFFSET of a select that is a parameter, at any depth (the legal-case list pages
 * in a subquery), read through a scalar subquery: `limit (select $n::bigint)`, the same rows.
 *
 * Why (issue 11): PostgreSQL keeps a named statement's generic plan only when it is not dearer
 * than the custom plans it made for the first five runs. A custom plan knows a page's limit and
 * costs the few rows it reads; the generic plan does not, assumes a tenth of the rows, and so
 * looked hundreds of times dearer: the lists' named pages were planned again on every request,
 * all of them custom, none generic (bench/http.bench.ts DAWN_BENCH_PLANS=1). Read through a
 * subquery, the limit is unknown to both, both cost the same, the generic plan is kept after five
 * runs: the plan the hot-queries test asserts, which was always assumed to be the one run. The
 * web's common page sizes are written as literals instead (page-bounds.ts), so their plans are
 * costed for the page they read; this covers every other size.
 */
class OpaquePaging extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode, queryId?: QueryId): LimitNode {
    return isParameter(node.limit)
      ? LimitNode.create(opaque(node.limit))
      : super.transformLimit(node, queryId);
  }

  protected override transformOffset(node: OffsetNode, queryId?: QueryId): OffsetNode {
    return isParameter(node.offset)
      ? OffsetNode.create(opaque(node.offset))
      : super.transformOffset(node, queryId);
  }
}

function withOpaquePaging(db: Executor, compiled: CompiledQuery): CompiledQuery {
  if (compiled.query.kind !== 'SelectQueryNode') return compiled;
  return db
    .getExecutor()
    .compileQuery(new OpaquePaging().transformNode(compiled.query), compiled.queryId);
}

/**
 * `build` receives the database handle, stand-ins for `Parameters` (use them where the values
 * go) and the shape's key; it is called once per key.
 */
export function preparedSelect<Parameters extends object, Query extends Buildable>(
  build: (db: Executor, parameters: Parameters, shape: string) => Query,
  options: { named?: boolean | ((shape: string) => boolean) } = {},
): PreparedSelect<Parameters, RowOf<Query>> {
  const plans = new Map<string, Plan>();
  const standIns = new Proxy({} as Parameters, {
    get: (_target, name) => (typeof name === 'string' ? `${STAND_IN}${name}` : undefined),
  });
  const planOf = (db: Executor, shape: string): Plan => {
    const known = plans.get(shape);
    if (known) return known;
    const named = typeof options.named === 'function' ? options.named(shape) : options.named;
    const built = build(db, standIns, shape).compile(db);
    const compiled = named === true ? withOpaquePaging(db, built) : built;
    const select =
      compiled.query.kind === 'SelectQueryNode' ||
      (compiled.query.kind === 'RawNode' && /^\s*select\b/i.test(compiled.sql));
    if (!select) throw new Error(`a prepared query must be a SELECT, not ${compiled.query.kind}`);
    const slots = compiled.parameters.map((parameter) => {
      if (typeof parameter === 'string' && parameter.startsWith(STAND_IN))
        return { name: parameter.slice(STAND_IN.length) };
      const text =
        typeof parameter === 'string'
          ? parameter
          : typeof parameter === 'object' && parameter !== null
            ? JSON.stringify(parameter)
            : '';
      if (text.includes(STAND_IN.slice(1)))
        throw new Error(
          'a prepared query changed one of its parameters: compute the value before and pass it',
        );
      return { constant: parameter };
    });
    if (compiled.sql.includes(STAND_IN.slice(1)))
      throw new Error('a prepared query put one of its parameters into its SQL text');
    const plan = { sql: compiled.sql, slots };
    plans.set(shape, plan);
    if (named === true) remember(plan.sql);
    return plan;
  };
  const compile = (db: Executor, shape: string, values: Parameters) => {
    const plan = planOf(db, shape);
    const parameters = plan.slots.map((slot) => {
      if ('constant' in slot) return slot.constant;
      if (!(slot.name in values))
        throw new Error(`the prepared query needs a value for ${slot.name}`);
      return (values as Record<string, unknown>)[slot.name];
    });
    return CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<RowOf<Query>>;
  };
  return {
    async execute(db, shape, values) {
      const result = await db.executeQuery(compile(db, shape, values));
      return result.rows;
    },
    compile,
  };
}

/**
 * Runs `query` as a named statement on PostgreSQL (issue 11): a write or a raw statement whose
 * text is one of a few fixed texts (its values are all parameters), sent on a hot write path on
 * every request. Each pooled connection parses it once, then binds and executes it; its plan may
 * turn generic after five runs, so only for statements whose plan does not depend on their
 * values (a row by its key, a case's rows by their case, one person and its dependants created,
 * the similar-person search's postings, asserted with the generic plan forced in
 * `test/hot-queries/`). Built and compiled as usual (the
 * Kysely plugins see it), so the text must not grow with the data: a text per number of rows
 * would prepare a statement per number on each connection.
 */
export async function executeNamed<Row>(
  db: Executor,
  query: { compile(executorProvider: QueryExecutorProvider): CompiledQuery<Row> },
): Promise<QueryResult<Row>> {
  const compiled = query.compile(db);
  remember(compiled.sql);
  return db.executeQuery(compiled);
}
