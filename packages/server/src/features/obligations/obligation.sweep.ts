import { once } from 'node:events';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../../platform/config.ts';
import { postgresPoolOf } from '../../platform/db/database.ts';
import { foldDashboardCounters } from '../../platform/db/dashboard-counters.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { raiseAlerts, sendDailyDigests } from '../notifications/alert.raise.ts';
import type { ObligationSource } from './obligation-source.ts';
import {
  OBLIGATION_COPY_COLUMNS,
  obligationCopyText,
  obligationRows,
  syncObligations,
  type CopyRows,
  type ObligationRow,
  type ObligationTarget,
} from './obligation-sync.ts';

export interface SweepResult {
  /** The cases the sweep answers for: every case of every source. */
  cases: number;
  /** Those it evaluated again; the others' stored obligations were still true (issue 11). */
  evaluated: number;
  obligations: number;
  alerts: number;
  emailsQueued: number;
}

/**
 * Cases evaluated together: their events are read in one statement, evaluated in memory and their
 * obligations written in one transaction. Bounds the memory a sweep holds whatever the size of
 * the programme.
 */
export const SWEEP_BATCH = 500;

type CaseEntry = { id: string; organisationId: string; code: string };

function targetOf(entry: CaseEntry): ObligationTarget {
  return { caseId: entry.id, organisationId: entry.organisationId, code: entry.code };
}

/**
 * Batches written at once, each by its own worker on its own connection, so PostgreSQL can write
 * two while Node builds a third (issue 11: one writer leaves the database's work a single chain
 * of statements, the longer side of a first sweep). Batches hold disjoint cases, so
 * their transactions lock disjoint rows (the cases, their obligations, alerts and webhook keys);
 * the organisations are locked `for key share` and the dashboard's counters are appended, so
 * neither waits on the other.
 */
export const SWEEP_WRITERS = 2;

/**
 * Computes and stores the obligations of `cases`, a batch at a time, and raises each batch's
 * alerts once its obligations are stored; returns how many obligations, alerts and e-mails.
 * `writers` workers each write and alert a batch while the next is read, evaluated and built
 * into rows: at most twice `writers` batches in hand (alerts included: a programme's first
 * sweep raises hundreds of thousands).
 */
async function storeObligations(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  source: ObligationSource,
  cases: readonly CaseEntry[],
  asOf: Date,
  batchSize: number,
  writers: number,
): Promise<{ obligations: number; alerts: number; emailsQueued: number }> {
  const result = { obligations: 0, alerts: 0, emailsQueued: 0 };
  const copying = canCopy(db);
  let nextStart = 0;
  let failed = false;
  // Reads and evaluates a batch and builds its rows: Node's part, done while the database writes
  // the batch before.
  const computeBatch = async (batch: readonly CaseEntry[]) => {
    const ids = batch.map((entry) => entry.id);
    const withRegimes = await source.computeWithRegimes?.(db, ids, asOf);
    const computed = withRegimes?.obligations ?? (await source.compute(db, ids, asOf));
    const targets = batch.map(targetOf);
    return {
      batch,
      targets,
      computed,
      // On PostgreSQL new rows go by COPY (`writeBatch`), else as one JSON text.
      rows: obligationRows(source.pack, targets, computed, { json: !copying, copy: copying }),
      store: withRegimes?.store,
    };
  };
  const take = () => {
    if (failed || nextStart >= cases.length) return undefined;
    const batch = cases.slice(nextStart, nextStart + batchSize);
    nextStart += batchSize;
    return computeBatch(batch);
  };
  const work = async () => {
    let next = take();
    while (next) {
      try {
        const { batch, targets, computed, rows, store } = await next;
        // The next batch is read, evaluated and built while this one is written.
        next = take();
        await writeBatch(db, (handle, copy) =>
          syncObligations(
            handle,
            source.caseType,
            source.pack,
            targets,
            computed,
            asOf,
            store,
            rows,
            copy,
          ),
        );
        // Only the evaluated cases can have an alert stage that moved: a case's next change
        // includes its obligations' alert times and due instants. Someone who joins a team gets
        // the case's open alerts when they join (`raiseAlertsForNewMember`).
        const raised = await raiseAlerts(db, config, source, batch, asOf);
        result.alerts += raised.alerts;
        result.emailsQueued += raised.emailsQueued;
        for (const list of computed.values()) result.obligations += list.length;
      } catch (error) {
        // A worker that failed stops the others after their batches in hand, and its own read
        // of the next batch ends before the error is thrown: nothing is left running once the
        // sweep has answered.
        failed = true;
        await next?.catch(() => undefined);
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from(
      { length: Math.max(1, Math.min(writers, Math.ceil(cases.length / batchSize))) },
      work,
    ),
  );
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return result;
}

/**
 * Runs `write` with a handle whose transaction can also `COPY` new obligation rows: on PostgreSQL
 * a pool connection of its own, wrapped in a Kysely handle of that one connection, so the
 * transaction and its `COPY` share it; on PGlite the handle itself, without `COPY`. A first
 * sweep's rows sent as JSON were parsed twice by PostgreSQL (the parameter checked as `json`,
 * then read by `json_to_recordset`), about a quarter of its CPU for the sweep (issue 11).
 */
async function writeBatch(
  db: Kysely<DatabaseSchema>,
  write: (handle: Kysely<DatabaseSchema>, copy?: CopyRows) => Promise<void>,
): Promise<void> {
  const pool = postgresPoolOf(db);
  if (pool === undefined) return write(db);
  const client = await pool.connect();
  try {
    const connection: PostgresPool = {
      connect: () =>
        Promise.resolve({
          query: client.query.bind(client) as never,
          release: () => undefined,
        }),
      end: () => Promise.resolve(),
    };
    const handle = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({ pool: connection }),
      plugins: [...db.getExecutor().plugins],
    });
    await write(handle, (caseType, rows, computedAt) =>
      copyRows(client, caseType, rows, computedAt),
    );
  } finally {
    client.release();
  }
}

function canCopy(db: Kysely<DatabaseSchema>): boolean {
  return postgresPoolOf(db) !== undefined;
}

async function copyRows(
  client: pg.PoolClient,
  caseType: string,
  rows: readonly ObligationRow[],
  computedAt: Date,
): Promise<void> {
  const stream = client.query(copyFrom(`copy obligation (${OBLIGATION_COPY_COLUMNS}) from stdin`));
  const done = once(stream, 'finish');
  stream.end(obligationCopyText(caseType, rows, computedAt));
  await done;
}

/**
 * Brings every case's stored obligations up to `asOf` — recomputing, from their events, the cases
 * whose inputs changed or whose result changes with the clock by then, and only those when the
 * source can tell (issue 11) — stores them, raises the alerts that are due and queues their
 * e-mails. Idempotent: a second run at the same `asOf` changes nothing and
 * raises nothing, so it is safe to run on a timer, after every event, and from the CLI at once.
 * Cases go in batches of {@link SWEEP_BATCH}: a fixed number of statements per batch, not per case.
 */
export async function sweepObligations(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  sources: readonly ObligationSource[],
  asOf: Date = new Date(),
  options: { batchSize?: number; writers?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = {
    cases: 0,
    evaluated: 0,
    obligations: 0,
    alerts: 0,
    emailsQueued: 0,
  };
  for (const source of sources) {
    const { cases, total, fingerprint } = await casesToEvaluate(db, source, asOf);
    const stored = await storeObligations(
      db,
      config,
      source,
      cases,
      asOf,
      options.batchSize ?? SWEEP_BATCH,
      options.writers ?? SWEEP_WRITERS,
    );
    result.obligations += stored.obligations;
    result.alerts += stored.alerts;
    result.emailsQueued += stored.emailsQueued;
    result.cases += total;
    result.evaluated += cases.length;
    if (fingerprint !== undefined) await rememberFingerprint(db, source.caseType, fingerprint);
  }
  result.emailsQueued += await sendDailyDigests(db, config, asOf);
  // Counted writes append to the dashboard's counters (migration 0036r); a sweep compacts them.
  await foldDashboardCounters(db);
  return result;
}

/**
 * The cases a sweep at `asOf` evaluates: those the source finds changed (issue 11), or every case
 * when the source cannot tell or its rule pack differs from the one the last sweep used; then the
 * fingerprint to remember once they are stored.
 */
async function casesToEvaluate(
  db: Kysely<DatabaseSchema>,
  source: ObligationSource,
  asOf: Date,
): Promise<{ cases: CaseEntry[]; total: number; fingerprint?: string }> {
  if (source.casesToSweep && source.fingerprint !== undefined) {
    const stored = await db
      .selectFrom('deadline_sweep_pack')
      .select('fingerprint')
      .where('case_type', '=', source.caseType)
      .executeTakeFirst();
    if (stored?.fingerprint === source.fingerprint) return source.casesToSweep(db, asOf);
    const cases = await source.listCases(db);
    return { cases, total: cases.length, fingerprint: source.fingerprint };
  }
  const cases = await source.listCases(db);
  return { cases, total: cases.length };
}

async function rememberFingerprint(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  fingerprint: string,
): Promise<void> {
  await db
    .insertInto('deadline_sweep_pack')
    .values({ case_type: caseType, fingerprint })
    .onConflict((conflict) =>
      conflict.column('case_type').doUpdateSet({ fingerprint, swept_at: sql`now()` }),
    )
    .execute();
}

/**
 * The same for `cases` only, as if each had just had its events recorded (a bulk load's, say):
 * in batches of {@link SWEEP_BATCH}, a fixed number of statements a batch, and marked swept, so
 * the next sweep leaves them alone until they change.
 */
export async function sweepCases(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  source: ObligationSource,
  cases: readonly CaseEntry[],
  asOf: Date = new Date(),
): Promise<{ obligations: number; alerts: number; emailsQueued: number }> {
  return storeObligations(db, config, source, cases, asOf, SWEEP_BATCH, SWEEP_WRITERS);
}

/** The same, for one case, right after its events change: a fixed number of statements. */
export async function sweepCase(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  source: ObligationSource,
  target: CaseEntry,
  asOf: Date = new Date(),
): Promise<void> {
  await storeObligations(db, config, source, [target], asOf, 1, 1);
}
