import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type pg from 'pg';
import { postgresPoolOf } from '../db/database.ts';
import type { AuditEventTable, DatabaseSchema } from '../db/schema.ts';
import { canonicalFieldsOf, chainMac, entryMac, GENESIS_HASH, sameHex } from './audit.ts';
import { holderOf, type AuditChainerHandle, type AuditKeys } from './audit-key.ts';

/**
 * The chainer: links committed audit entries, in id order, in batches, after the transactions that
 * wrote them have committed. It alone takes the chain's lock, for one short transaction per batch,
 * so audited requests no longer wait for each other. Across processes the lock keeps one chain.
 *
 * It runs when an entry is written (retrying briefly until that entry's transaction has committed
 * or is given up for rolled back), every minute (entries a crashed process left behind), and when
 * the vault is opened at start (entries left by a crash of this server).
 */
const CHAIN_LOCK_TEXT = 'select pg_advisory_xact_lock(7261736, 1)';
const BATCH = 500;
/** An expected entry not seen committed after this long was rolled back. */
const GIVE_UP_MS = 60_000;
const SWEEP_MS = 60_000;
/**
 * How long after an entry is written its pass starts: its transaction commits meanwhile, and so do
 * the transactions of the requests beside it, linked by the same pass (issue 11: 50 ms gave 0.12
 * passes of six statements a recorded event in the in-process bench, 250 ms 0.07).
 */
const EXPECT_DELAY_MS = 250;

export interface ChainPass {
  chained: number;
  /** Entries whose own MAC does not fit (written without the key): left unlinked, for verify. */
  refused: number[];
}

/** An unlinked entry as the chainer reads it, with the chain's head when it was read. */
type PendingRow = Selectable<AuditEventTable> & {
  head_hash: string | null;
  head_seq: string | number | null;
};

/**
 * The first unlinked entries (up to a batch) and the chain's head, in one statement: the head
 * rides on each pending row (none when nothing is pending, and then nothing is needed).
 */
function readPending(
  db: Kysely<DatabaseSchema> | Transaction<DatabaseSchema>,
  skip: ReadonlySet<number>,
) {
  return sql<PendingRow>`select entry.*, head.hash as head_hash, head.chain_seq as head_seq
    from (select * from audit_event
      where chain_seq is null and id <> all(${[...skip]}::bigint[])
      order by id limit ${BATCH}) as entry
    left join (select hash, chain_seq from audit_event
      where chain_seq is not null order by chain_seq desc limit 1) as head on true
    order by entry.id`.execute(db);
}

interface Link {
  id: number;
  prev_hash: string;
  hash: string;
  chain_seq: number;
}

/** The links of `rows` after the head they were read with, and the entries refused a link. */
function linksOf(keys: AuditKeys, rows: readonly PendingRow[]) {
  const first = rows[0];
  let prevHash = first?.head_hash ?? GENESIS_HASH;
  let seq = Number(first?.head_seq ?? 0);
  const head = seq;
  const links: Link[] = [];
  const refused: number[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    const key = row.mac_key_id === null ? undefined : keys.key(row.mac_key_id, 'chain');
    const fields = canonicalFieldsOf(row);
    if (!key || row.entry_mac === null || !sameHex(entryMac(key, fields), row.entry_mac)) {
      refused.push(id);
      continue;
    }
    seq += 1;
    const hash = chainMac(key, prevHash, fields);
    links.push({ id, prev_hash: prevHash, hash, chain_seq: seq });
    prevHash = hash;
  }
  return { head, links, refused };
}

const LINK_COLUMNS = sql`link(id bigint, prev_hash text, hash text, chain_seq bigint)`;

/**
 * Links up to one batch of committed, unlinked entries. Safe to run from many processes: the
 * links are written under the chain's lock, and only onto the head they were computed from.
 *
 * On PostgreSQL a pass is two round trips (issue 11: it was six, a share of every audited
 * request): the pending entries and the head are read without the lock, then one simple query
 * takes the lock and writes the links in a transaction of its own (`begin; lock; update;
 * commit`), each statement seeing what committed before the lock was granted. The update writes
 * nothing unless the head is still the one the links were computed from, and the head moves with
 * every link written, so either every link lands or, when another process linked meanwhile,
 * none: the pass reads again. On PGlite (one connection, one process) the pass reads under the
 * lock in a transaction, as it always did.
 */
export async function chainAuditBatch(
  db: Kysely<DatabaseSchema>,
  skip: ReadonlySet<number> = new Set(),
): Promise<ChainPass & { ids: number[] }> {
  const keys = holderOf(db)?.keys;
  if (!keys) return { chained: 0, refused: [], ids: [] };
  const pool = postgresPoolOf(db);
  if (!pool) return chainUnderLock(db, keys, skip);
  for (;;) {
    const { rows } = await readPending(db, skip);
    const { head, links, refused } = linksOf(keys, rows);
    if (links.length === 0) return { chained: 0, refused, ids: [] };
    if (await writeLinks(pool, head, links))
      return { chained: links.length, refused, ids: links.map((link) => link.id) };
  }
}

/** Writes `links` onto the head `head` (its chain_seq, 0 for none); false if the head moved. */
async function writeLinks(pool: pg.Pool, head: number, links: readonly Link[]): Promise<boolean> {
  const client = await pool.connect();
  // Hex, numbers and keys only, as a literal: a simple query may hold several statements, but
  // no parameters. Its text varies, so it is not a named statement.
  const linkJson = client.escapeLiteral(JSON.stringify(links));
  let broken = false;
  try {
    const results = (await client.query(`begin;
      ${CHAIN_LOCK_TEXT};
      with linked as (update audit_event as entry
        set prev_hash = link.prev_hash, hash = link.hash, chain_seq = link.chain_seq
        from jsonb_to_recordset(${linkJson}::jsonb)
          as link(id bigint, prev_hash text, hash text, chain_seq bigint)
        where entry.id = link.id and entry.chain_seq is null
          and coalesce((select max(chain_seq) from audit_event), 0) = ${head}
        returning entry.id)
      select count(*)::int as linked from linked;
      commit`)) as unknown as pg.QueryResult<{ linked: number }>[];
    const linked = results[2]?.rows[0]?.linked ?? 0;
    if (linked !== 0 && linked !== links.length)
      throw new Error(`the audit chainer linked ${linked} of ${links.length} entries`);
    return linked === links.length;
  } catch (error) {
    // The transaction was left open by the failed statement: end it before the connection goes
    // back to the pool, or drop the connection.
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The pass inside one transaction holding the chain's lock (PGlite, or a transaction's handle). */
function chainUnderLock(
  db: Kysely<DatabaseSchema>,
  keys: AuditKeys,
  skip: ReadonlySet<number>,
): Promise<ChainPass & { ids: number[] }> {
  return db.transaction().execute(async (trx) => {
    await sql.raw(CHAIN_LOCK_TEXT).execute(trx);
    const { rows } = await readPending(trx, skip);
    const { links, refused } = linksOf(keys, rows);
    if (links.length > 0)
      await sql`
        update audit_event as entry
        set prev_hash = link.prev_hash, hash = link.hash, chain_seq = link.chain_seq
        from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as ${LINK_COLUMNS}
        where entry.id = link.id`.execute(trx);
    return { chained: links.length, refused, ids: links.map((link) => link.id) };
  });
}

class AuditChainer implements AuditChainerHandle {
  private readonly expected = new Map<number, number>();
  private readonly refused = new Set<number>();
  private running: Promise<void> | undefined;
  private again = false;
  private retry: NodeJS.Timeout | undefined;
  private retryDelay = 2;
  private soon: NodeJS.Timeout | undefined;
  private readonly sweep: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    public onError: (error: unknown) => void,
  ) {
    this.sweep = setInterval(() => this.kick(), SWEEP_MS);
    this.sweep.unref();
  }

  expect(id: number): void {
    this.expected.set(id, Date.now());
    // A moment later, not at once: the entry is written inside its transaction, so a pass now
    // finds it uncommitted and retries, and the entries of requests committing meanwhile are
    // linked by one pass (issue 11: 1.7 passes, nine statements, a recorded event before).
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.kick();
    }, EXPECT_DELAY_MS);
    this.soon.unref();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Chains everything committed so far; resolves when no committed entry is left unlinked. */
  async flush(): Promise<void> {
    await this.running;
    for (;;) {
      const pass = await this.pass();
      if (pass.chained === 0) return;
    }
  }

  async stop(): Promise<void> {
    // No new pass from a timer once stopping has begun: one started while the last flush ran
    // would still be querying when the caller closes the database under it.
    this.stopped = true;
    clearInterval(this.sweep);
    if (this.retry) clearTimeout(this.retry);
    if (this.soon) clearTimeout(this.soon);
    await this.flush().catch(this.onError);
  }

  private async pass(): Promise<ChainPass> {
    const pass = await chainAuditBatch(this.db, this.refused);
    for (const id of pass.ids) this.expected.delete(id);
    for (const id of pass.refused) {
      this.expected.delete(id);
      // Bounded: a flood of forged entries must not grow memory; verify reports them anyway.
      if (this.refused.size < 10_000) this.refused.add(id);
    }
    if (pass.refused.length > 0)
      this.onError(new Error(`audit entries ${pass.refused.join(', ')} do not carry a valid MAC`));
    return pass;
  }

  /** Whether kick() was called while the last pass ran (entries committed during it). */
  private kickedMeanwhile(): boolean {
    return this.again;
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        this.again = false;
        const pass = await this.pass();
        if (pass.chained + pass.refused.length < BATCH && !this.kickedMeanwhile()) break;
      }
    } catch (error) {
      this.onError(error);
    }
    this.scheduleRetry();
  }

  /** Entries written but not seen committed yet: look again soon, a little later each time. */
  private scheduleRetry(): void {
    const now = Date.now();
    for (const [id, since] of this.expected) if (now - since > GIVE_UP_MS) this.expected.delete(id);
    if (this.expected.size === 0 || this.stopped) {
      this.retryDelay = 2;
      return;
    }
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.kick();
    }, this.retryDelay);
    this.retry.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, 1000);
  }
}

function chainerOf(db: Kysely<DatabaseSchema>): AuditChainer | undefined {
  const chainer = holderOf(db)?.chainer;
  return chainer instanceof AuditChainer ? chainer : undefined;
}

/**
 * Starts this database handle's chainer (once) and links what a previous run left unlinked.
 * Call after the audit trail is armed.
 */
export function startAuditChainer(
  db: Kysely<DatabaseSchema>,
  onError?: (error: unknown) => void,
): void {
  const holder = holderOf(db);
  if (!holder) throw new Error('this database handle was not opened by openDatabase');
  if (!(holder.chainer instanceof AuditChainer))
    holder.chainer = new AuditChainer(db, onError ?? (() => undefined));
  else if (onError) holder.chainer.onError = onError;
  holder.chainer.kick();
}

/** Links every committed entry now (before a checkpoint, at stop, in tests). */
export async function flushAuditChain(db: Kysely<DatabaseSchema>): Promise<void> {
  const chainer = chainerOf(db);
  if (chainer) await chainer.flush();
  else while ((await chainAuditBatch(db)).chained > 0);
}

export async function stopAuditChainer(db: Kysely<DatabaseSchema>): Promise<void> {
  const chainer = chainerOf(db);
  if (!chainer) return;
  await chainer.stop();
  const holder = holderOf(db);
  if (holder) holder.chainer = undefined;
}
