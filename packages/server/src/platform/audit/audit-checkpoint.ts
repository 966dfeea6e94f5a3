import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DatabaseSchema } from '../db/schema.ts';
import {
  canonicalJson,
  GENESIS_HASH,
  sameHex,
  verifyAuditChain,
  type ChainBreak,
} from './audit.ts';
import { auditKeysOf, type AuditKeys } from './audit-key.ts';
import { flushAuditChain } from './audit-chainer.ts';

/**
 * Checkpoints: the trail's entry count and head link, signed with a key derived from the master
 * key and written outside the database. A keyed chain stops anyone from rewriting entries, but not
 * from cutting the newest ones off or emptying the table; the checkpoint remembers how far the
 * trail reached, so `dawn audit verify` can tell.
 */
const checkpointSchema = z.object({
  version: z.literal(1),
  entries: z.number().int().min(0),
  lastId: z.number().int().min(0),
  head: z.string(),
  keyId: z.string(),
  writtenAt: z.string(),
  signature: z.string(),
});

export type AuditCheckpoint = z.infer<typeof checkpointSchema>;

type Unsigned = Omit<AuditCheckpoint, 'signature'>;

function sign(key: Buffer, body: Unsigned): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}

function keysOrThrow(db: Kysely<DatabaseSchema>): AuditKeys {
  const keys = auditKeysOf(db);
  if (!keys) throw new Error('the audit trail has no key: open the vault first');
  return keys;
}

/** Count and head in one statement, so both come from the same snapshot. */
export async function auditHead(
  db: Kysely<DatabaseSchema>,
): Promise<{ entries: number; lastId: number; head: string }> {
  const result = await sql<{ id: string | number; hash: string; entries: string | number }>`
    select id, hash, (select count(*) from audit_event where chain_seq is not null) as entries
    from audit_event where chain_seq is not null order by chain_seq desc limit 1`.execute(db);
  const row = result.rows[0];
  if (!row) return { entries: 0, lastId: 0, head: GENESIS_HASH };
  return { entries: Number(row.entries), lastId: Number(row.id), head: row.hash };
}

export class AuditCheckpointRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditCheckpointRefused';
  }
}

export async function writeAuditCheckpoint(
  db: Kysely<DatabaseSchema>,
  file: string,
): Promise<AuditCheckpoint> {
  const keys = keysOrThrow(db);
  const key = keys.key(keys.currentId, 'checkpoint');
  if (!key) throw new Error('the current master key is missing from the key ring');
  // Everything committed so far is linked first, so the checkpoint covers it.
  await flushAuditChain(db);
  // A checkpoint only moves forward: if the entry the last one ends at is gone or changed, the
  // evidence stays as it is instead of signing the cut trail as the new truth.
  const previous = readAuditCheckpoint(file, keys);
  if (previous.status === 'valid' && previous.checkpoint.entries > 0) {
    const kept = await db
      .selectFrom('audit_event')
      .select('hash')
      .where('id', '=', previous.checkpoint.lastId)
      .executeTakeFirst();
    if (!kept?.hash || !sameHex(kept.hash, previous.checkpoint.head))
      throw new AuditCheckpointRefused(
        `the audit trail no longer holds entry ${previous.checkpoint.lastId} as checkpointed; the checkpoint ${file} is kept as it is (run dawn audit verify)`,
      );
  }
  const body: Unsigned = {
    version: 1,
    ...(await auditHead(db)),
    keyId: keys.currentId,
    writtenAt: new Date().toISOString(),
  };
  const checkpoint: AuditCheckpoint = { ...body, signature: sign(key, body) };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Beside, then rename: a crash never leaves half a checkpoint.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return checkpoint;
}

export type CheckpointReading =
  | { status: 'missing' }
  | { status: 'invalid'; why: string }
  | { status: 'valid'; checkpoint: AuditCheckpoint };

export function readAuditCheckpoint(file: string, keys: AuditKeys): CheckpointReading {
  if (!fs.existsSync(file)) return { status: 'missing' };
  let parsed: AuditCheckpoint;
  try {
    parsed = checkpointSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return { status: 'invalid', why: 'it is not a Dawn audit checkpoint' };
  }
  const key = keys.key(parsed.keyId, 'checkpoint');
  if (!key)
    return { status: 'invalid', why: `master key "${parsed.keyId}" is not in the key ring` };
  const { signature, ...body } = parsed;
  if (!sameHex(sign(key, body), signature))
    return { status: 'invalid', why: 'its signature does not match' };
  return { status: 'valid', checkpoint: parsed };
}

export type TrailVerdict =
  | { ok: true; entries: number; checkpoint: AuditCheckpoint }
  | { ok: false; kind: 'chain'; entries: number; brokenAt: number; reason: ChainBreak }
  | { ok: false; kind: 'checkpoint_missing'; entries: number }
  | { ok: false; kind: 'checkpoint_invalid'; entries: number; why: string }
  /** The checkpoint's last entry is gone: the newest entries were cut (or all of them). */
  | { ok: false; kind: 'cut'; entries: number; checkpoint: AuditCheckpoint }
  /** The entry at the checkpoint's head is not the one signed: the chain was rebuilt. */
  | { ok: false; kind: 'rewritten'; entries: number; checkpoint: AuditCheckpoint }
  /** Entries left unlinked longer than the chainer ever takes: forged, or no server chains them. */
  | { ok: false; kind: 'unchained'; entries: number; unchained: number; oldestAt: string };

/** Longer than a running chainer ever leaves an entry unlinked (it sweeps every minute). */
export const UNCHAINED_BOUND_MS = 5 * 60_000;

/** The chain recomputed, then compared with the latest signed checkpoint. */
export async function verifyAuditTrail(
  db: Kysely<DatabaseSchema>,
  checkpointFile: string,
  options: { unchainedBoundMs?: number; now?: Date } = {},
): Promise<TrailVerdict> {
  const keys = keysOrThrow(db);
  const reading = readAuditCheckpoint(checkpointFile, keys);
  const watch = reading.status === 'valid' ? [reading.checkpoint.lastId] : [];
  const chain = await verifyAuditChain(db, { watch });
  if (!chain.ok) return { ...chain, kind: 'chain' };
  const { oldestAt } = chain.unchained;
  const bound = options.unchainedBoundMs ?? UNCHAINED_BOUND_MS;
  if (
    oldestAt !== undefined &&
    (options.now ?? new Date()).getTime() - new Date(oldestAt).getTime() > bound
  )
    return {
      ok: false,
      kind: 'unchained',
      entries: chain.entries,
      unchained: chain.unchained.count,
      oldestAt,
    };
  if (reading.status === 'missing')
    return { ok: false, kind: 'checkpoint_missing', entries: chain.entries };
  if (reading.status === 'invalid')
    return { ok: false, kind: 'checkpoint_invalid', entries: chain.entries, why: reading.why };
  const { checkpoint } = reading;
  if (checkpoint.entries === 0) return { ok: true, entries: chain.entries, checkpoint };
  const atHead = chain.seen.get(checkpoint.lastId);
  // The entry the checkpoint ends at is gone: the newest entries (or all) were removed.
  if (!atHead) return { ok: false, kind: 'cut', entries: chain.entries, checkpoint };
  if (atHead.position !== checkpoint.entries || !sameHex(atHead.hash, checkpoint.head))
    return { ok: false, kind: 'rewritten', entries: chain.entries, checkpoint };
  return { ok: true, entries: chain.entries, checkpoint };
}

export interface CheckpointWriter {
  /** Writes a last checkpoint and stops the timer. */
  stop(): Promise<void>;
}

/** Writes a checkpoint now, every `intervalMinutes` (0: only now and at stop), and at stop. */
export async function startAuditCheckpoints(options: {
  db: Kysely<DatabaseSchema>;
  file: string;
  intervalMinutes: number;
  onError: (error: unknown) => void;
}): Promise<CheckpointWriter> {
  const write = () =>
    writeAuditCheckpoint(options.db, options.file).then(
      () => undefined,
      (error: unknown) => options.onError(error),
    );
  // A refused checkpoint (the trail was cut) is reported, and the server still starts.
  await write();
  let running: Promise<void> = Promise.resolve();
  const timer =
    options.intervalMinutes > 0
      ? setInterval(() => {
          running = running.then(write);
        }, options.intervalMinutes * 60_000)
      : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await write();
    },
  };
}
