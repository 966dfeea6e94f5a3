import { hash } from 'node:crypto';
import { storedExplanation, utcIsoOf, type Obligation, type RulePack } from '@dawn/core';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { executeNamed } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * Storing computed obligations: what the sweep, recording an event and an import write. The list
 * that reads them is obligation.repository.ts.
 */
/** A stored obligation's content hash (migration 0026b), as `syncObligations` compares it. */
export interface StoredHash {
  case_id: string;
  obligation_key: string;
  content_hash: string | null;
}

/** What a sync changed: rows deleted, rows inserted or updated and the statuses these have. */
export interface SyncResult {
  deleted: number;
  written: number;
  writtenStatuses: ReadonlySet<string>;
}

export interface ObligationTarget {
  caseId: string;
  organisationId: string;
  code: string;
}

/**
 * Makes the stored obligations of each target case equal to its `computed` ones (none when the
 * map has no entry): inserts new ones, updates changed ones in place (so alerts keep pointing at
 * them), deletes those the events no longer produce (a superseded arrest, say). It reads the
 * stored rows' content hashes first and sends only the rows whose hash changed, so a batch whose
 * cases did not change writes nothing. One transaction of what `alsoInTransaction` stores beside
 * them (the regimes of legal cases), one read, one delete and one insert, whatever the
 * number of cases, so the sweep writes a batch of cases as cheaply as one. Running it twice
 * changes nothing: the sweep is idempotent.
 */
export async function syncObligations(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  /** The rule pack `computed` was evaluated with (what a stored explanation leaves out). */
  pack: RulePack,
  targets: readonly ObligationTarget[],
  computed: ReadonlyMap<string, readonly Obligation[]>,
  computedAt: Date,
  alsoInTransaction?: (trx: Transaction<DatabaseSchema>) => Promise<void>,
  /** `computed`'s rows built beforehand (`obligationRows`), outside the transaction. */
  prepared?: ObligationRows,
  /** Writes new rows by `COPY` on the transaction's connection (`copyObligationRows`). */
  copy?: CopyRows,
): Promise<void> {
  if (targets.length === 0) return;
  await db
    .transaction()
    .execute((trx) =>
      syncObligationsInTransaction(
        trx,
        caseType,
        pack,
        targets,
        computed,
        computedAt,
        alsoInTransaction,
        undefined,
        prepared,
        copy,
      ),
    );
}

/** Stores rows that are all new, on the connection of the transaction `syncObligations` runs. */
export type CopyRows = (
  caseType: string,
  rows: readonly ObligationRow[],
  computedAt: Date,
) => Promise<void>;

/**
 * The same, in the caller's transaction: an import stores the obligations of the cases it writes
 * in the transaction that writes them, so a batch commits whole or not at all.
 */
export async function syncObligationsInTransaction(
  trx: Transaction<DatabaseSchema>,
  caseType: string,
  pack: RulePack,
  targets: readonly ObligationTarget[],
  computed: ReadonlyMap<string, readonly Obligation[]>,
  computedAt: Date,
  alsoInTransaction?: (trx: Transaction<DatabaseSchema>) => Promise<void>,
  /**
   * The targets' stored rows and hashes, when the caller has read them in this transaction with
   * the cases locked (recording an event): saves reading them again.
   */
  known?: { stored: readonly StoredHash[] },
  prepared?: ObligationRows,
  copy?: CopyRows,
): Promise<SyncResult> {
  if (targets.length === 0) return { deleted: 0, written: 0, writtenStatuses: new Set() };
  // First what is stored beside the obligations (a legal case's regime): it locks the cases'
  // rows before any obligation row, the order recording an event takes them in too (the case,
  // then its obligations), so the two never wait for each other in a cycle.
  await alsoInTransaction?.(trx);
  // What is stored, by hash: only what changed is sent, only what the events no longer
  // produce (a superseded arrest, say) is deleted. Read case by case through the identity index
  // (a lateral subquery that `offset 0` keeps from being flattened): planned as `any(array)` on
  // the statistics of an `obligation` a programme's first sweep is filling, the read took every
  // legal case's obligation stored so far and filtered them by case, each batch dearer than the
  // one before (issue 11).
  const stored =
    known?.stored ??
    (
      await sql<StoredHash>`select stored.case_id, stored.obligation_key, stored.content_hash
        from unnest(${targets.map((target) => target.caseId)}::uuid[]) as target(id)
        cross join lateral (select case_id, obligation_key, content_hash from obligation
          where case_type = ${caseType} and case_id = target.id offset 0) as stored`.execute(trx)
    ).rows;
  const locked = alsoInTransaction !== undefined || known !== undefined;
  const plan = planObligationSync(
    caseType,
    pack,
    targets,
    computed,
    computedAt,
    stored,
    locked,
    prepared,
    copy !== undefined,
  );
  if (plan.deleteStale) await plan.deleteStale.execute(trx);
  // Only new rows (a programme's first sweep): by COPY when the caller can, which PostgreSQL
  // reads without parsing the rows' JSON twice (issue 11).
  if (plan.copy && copy) await copy(caseType, plan.copy, computedAt);
  // Fixed texts whatever the rows (they travel as one parameter): named statements on
  // PostgreSQL, parsed once a connection.
  else if (plan.write) await executeNamed(trx, plan.write);
  return plan.result;
}

/** An obligation row to store, as sent: its JSON text, and what the sync compares. */
export interface ObligationRow {
  case_id: string;
  obligation_key: string;
  status: string;
  content_hash: string;
  /** The row's columns but its explanation, and its content hash, as sent. */
  columns: Record<string, string | boolean | null>;
  /** The stored explanation's JSON text. */
  explanation: string;
  /**
   * The row as one JSON object's text: built with the row when asked (the sweep, which builds a
   * batch's rows while the batch before is written), else only when the row is sent.
   */
  json: string | undefined;
  /** The row's values from `case_id` to `content_hash` as a line of `COPY`, when asked. */
  copyLine?: string;
}

/**
 * The row's JSON text, built once. The explanation goes in as JSON, not as a string holding
 * JSON: neither escaped by Node nor unescaped and parsed again by PostgreSQL (`explanation jsonb`
 * below).
 */
function jsonOf(row: ObligationRow): string {
  return (row.json ??= `${JSON.stringify(row.columns).slice(0, -1)},"explanation":${row.explanation}}`);
}

/** `computed`'s rows by case and key (`${case_id}#${obligation_key}`). */
export type ObligationRows = ReadonlyMap<string, ObligationRow>;

/**
 * The rows storing `computed` would write, each built, hashed and turned into its JSON text once.
 * Depends on nothing stored, so the sweep builds a batch's rows before its transaction begins,
 * while the database writes the batch before (issue 11). The same key twice in one case: the
 * later one wins, as when each was written in turn.
 */
export function obligationRows(
  pack: RulePack,
  targets: readonly ObligationTarget[],
  computed: ReadonlyMap<string, readonly Obligation[]>,
  options: { json?: boolean; copy?: boolean } = {},
): ObligationRows {
  // The instants in UTC as `toISOString` writes them (the content hashes stored hash them so),
  // without `Date`'s parser: most of the rows' cost before (issue 11).
  const rowOf = (target: ObligationTarget, obligation: Obligation): ObligationRow => {
    const startsAt = utcIsoOf(obligation.startsAt);
    const values = {
      case_id: target.caseId,
      organisation_id: target.organisationId,
      // An obligation's identity in its case: its rule, subject and start.
      obligation_key: `${obligation.rule}|${obligation.subject ?? ''}|${startsAt}`,
      rule: obligation.rule,
      title: obligation.title,
      citation: obligation.citation,
      subject: obligation.subject,
      starts_at: startsAt,
      due_at: utcIsoOf(obligation.dueAt),
      status: obligation.status,
      met_at: obligation.metAt ? utcIsoOf(obligation.metAt) : null,
      consequence: obligation.consequence,
      confidence: obligation.confidence,
      unconfirmed: obligation.unconfirmed,
      responsible_role: obligation.responsibleRole,
      // A timestamptz[] literal: the arrays of a row vary in length, so each travels as text.
      alerts_at: `{${obligation.alertsAt.map((at) => `"${utcIsoOf(at)}"`).join(',')}}`,
      // Without what the row and the rule say (core's `storedExplanation`): a third of the
      // row's bytes, read back whole (issue 11).
      explanation: JSON.stringify(storedExplanation(pack, obligation)),
      case_code: target.code,
    };
    const content_hash = contentHash(values);
    const { explanation, ...columns } = values;
    const row: ObligationRow = {
      case_id: values.case_id,
      obligation_key: values.obligation_key,
      status: values.status,
      content_hash,
      columns: { ...columns, content_hash },
      explanation,
      json: undefined,
    };
    if (options.copy === true) row.copyLine = copyLineOf(row);
    else if (options.json === true) jsonOf(row);
    return row;
  };
  const rows = new Map<string, ObligationRow>();
  for (const target of targets) {
    for (const obligation of computed.get(target.caseId) ?? []) {
      const row = rowOf(target, obligation);
      rows.set(`${row.case_id}#${row.obligation_key}`, row);
    }
  }
  return rows;
}

/**
 * What making the stored obligations of `targets` equal to `computed` takes, given what is
 * stored (`stored`, read with the cases locked when `locked`): the statement deleting the rows
 * the events no longer produce, the statement writing the rows whose hash changed (a fixed text
 * whatever the rows; usable as a data-modifying `with` of a larger statement, as recording an
 * event does), and what they change. Sends nothing.
 */
export function planObligationSync(
  caseType: string,
  pack: RulePack,
  targets: readonly ObligationTarget[],
  computed: ReadonlyMap<string, readonly Obligation[]>,
  computedAt: Date,
  stored: readonly StoredHash[],
  locked: boolean,
  prepared: ObligationRows = obligationRows(pack, targets, computed),
  /** Whether the caller can `COPY` rows that are all new (`syncObligations`' `copy`). */
  canCopy = false,
): {
  deleteStale: RawBuilder<unknown> | undefined;
  write: RawBuilder<unknown> | undefined;
  /** Instead of `write`: rows that are all new, for the caller to `COPY`. */
  copy?: readonly ObligationRow[];
  result: SyncResult;
} {
  const rows = prepared;
  const storedHash = new Map<string, string | null>();
  const stale = { case_id: [] as string[], obligation_key: [] as string[] };
  for (const row of stored) {
    const key = `${row.case_id}#${row.obligation_key}`;
    storedHash.set(key, row.content_hash);
    if (!rows.has(key)) {
      stale.case_id.push(row.case_id);
      stale.obligation_key.push(row.obligation_key);
    }
  }
  const deleteStale =
    stale.case_id.length > 0
      ? sql`delete from obligation where case_type = ${caseType}
          and (case_id, obligation_key) in (
            select * from unnest(${stale.case_id}::uuid[], ${stale.obligation_key}::text[]))`
      : undefined;
  // Only new keys (none stored) can go in a plain insert, and only while no one else can write
  // the targets' obligations: the caller locked the cases (`alsoInTransaction` writes their rows
  // first; `known` was read under the lock) or created them in this transaction. A plain insert
  // skips the conflict probe per row and the update triggers an upsert fires with no row updated,
  // which is most of a programme's first sweep (issue 11).
  let onlyNew = locked;
  const toWrite: ObligationRow[] = [];
  for (const [key, row] of rows) {
    if (storedHash.get(key) === row.content_hash) continue;
    if (storedHash.has(key)) onlyNew = false;
    toWrite.push(row);
  }
  const writtenStatuses = new Set(toWrite.map((row) => row.status));
  const result = { deleted: stale.case_id.length, written: toWrite.length, writtenStatuses };
  if (toWrite.length === 0) return { deleteStale, write: undefined, result };
  if (onlyNew && canCopy) return { deleteStale, write: undefined, copy: toWrite, result };
  // The rows as one JSON text, read back by `json_to_recordset`: one parameter however many
  // rows, written by V8's JSON.stringify. Nineteen column arrays cost more to send than to store
  // (pg escaped every element and measured each array's bytes; 2.4 of the first sweep's 6 s of
  // process CPU at 2,000 cases went to that).
  const selectRows = sql`
      select ${caseType}, row.case_id, row.organisation_id, row.obligation_key, row.rule, row.title,
        row.citation, row.subject, row.starts_at, row.due_at, row.status, row.met_at,
        row.consequence, row.confidence, row.unconfirmed, row.responsible_role,
        row.alerts_at::timestamptz[], row.explanation, row.case_code, row.content_hash,
        ${computedAt}::timestamptz
      from json_to_recordset(${`[${toWrite.map(jsonOf).join(',')}]`}::json)
        as row(case_id uuid, organisation_id uuid, obligation_key text, rule text, title text,
          citation text, subject text, starts_at timestamptz, due_at timestamptz, status text,
          met_at timestamptz, consequence text, confidence text, unconfirmed boolean,
          responsible_role text, alerts_at text, explanation jsonb, case_code text,
          content_hash text)`;
  const insertInto = sql`
      insert into obligation (case_type, case_id, organisation_id, obligation_key, rule, title,
        citation, subject, starts_at, due_at, status, met_at, consequence, confidence, unconfirmed,
        responsible_role, alerts_at, explanation, case_code, content_hash, computed_at)`;
  // Two fixed texts whatever the rows (they travel as one parameter).
  if (onlyNew) return { deleteStale, write: sql`${insertInto} ${selectRows}`, result };
  const write = sql`${insertInto} ${selectRows}
      on conflict on constraint obligation_identity do update set
        organisation_id = excluded.organisation_id, rule = excluded.rule, title = excluded.title,
        citation = excluded.citation, subject = excluded.subject, starts_at = excluded.starts_at,
        due_at = excluded.due_at, status = excluded.status, met_at = excluded.met_at,
        consequence = excluded.consequence, confidence = excluded.confidence,
        unconfirmed = excluded.unconfirmed, responsible_role = excluded.responsible_role,
        alerts_at = excluded.alerts_at, explanation = excluded.explanation,
        case_code = excluded.case_code, content_hash = excluded.content_hash,
        computed_at = excluded.computed_at
      -- Changed since the hashes were read (another sweep of the same case): still not rewritten
      -- when equal, so computed_at says when the obligation last changed.
      where obligation.content_hash is distinct from excluded.content_hash`;
  return { deleteStale, write, result };
}

/** The columns `COPY` writes, in the order of each line's values (`copyObligationRows`). */
export const OBLIGATION_COPY_COLUMNS = `case_type, case_id, organisation_id, obligation_key, rule,
  title, citation, subject, starts_at, due_at, status, met_at, consequence, confidence,
  unconfirmed, responsible_role, alerts_at, explanation, case_code, content_hash, computed_at`;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** A value in `COPY`'s text format: `\N` for null, backslash, tab and line ends escaped. */
function copyValue(value: string | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return COPY_SPECIAL.test(value)
    ? value.replace(COPY_SPECIALS, (char) => COPY_ESCAPES[char] ?? char)
    : value;
}

/** The row's values but the case type and `computed_at`, tab-separated as `COPY` reads them. */
function copyLineOf(row: ObligationRow): string {
  const columns = row.columns;
  let line = '';
  for (const name of COPIED) line += `${copyValue(columns[name] ?? null)}\t`;
  return `${line}${copyValue(row.explanation)}\t${copyValue(columns.case_code ?? null)}\t${row.content_hash}`;
}

/** The columns of a line (`copyLineOf`) before its explanation, in `OBLIGATION_COPY_COLUMNS`' order. */
const COPIED = [
  'case_id',
  'organisation_id',
  'obligation_key',
  'rule',
  'title',
  'citation',
  'subject',
  'starts_at',
  'due_at',
  'status',
  'met_at',
  'consequence',
  'confidence',
  'unconfirmed',
  'responsible_role',
  'alerts_at',
] as const;

/**
 * `rows` as the text of `COPY obligation (OBLIGATION_COPY_COLUMNS) from stdin`: the same values
 * the insert's JSON carries.
 */
export function obligationCopyText(
  caseType: string,
  rows: readonly ObligationRow[],
  computedAt: Date,
): string {
  const head = `${copyValue(caseType)}\t`;
  const tail = `\t${computedAt.toISOString()}\n`;
  return rows.map((row) => `${head}${(row.copyLine ??= copyLineOf(row))}${tail}`).join('');
}

/**
 * What an obligation row says, hashed: equal content, equal hash, whatever the asOf. Each value
 * is followed by a NUL, and the values go to the hash in one piece: the digest one update a value
 * made (the stored hashes), for one call instead of twenty (about 40 % of the hashing's time).
 */
function contentHash(values: Record<string, string | boolean | null>): string {
  let text = '';
  for (const value of Object.values(values)) text += `${String(value)}\u0000`;
  // One call, no Hash object (crypto.hash, Node 20.12).
  return hash('sha256', text, 'base64url');
}
