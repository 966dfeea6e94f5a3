import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { currentContext } from '../request-context.ts';
import type { AuditAction } from './audit-actions.ts';
import { auditKeysOf, type AuditKeys } from './audit-key.ts';

/**
 * The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE; the server's
 * database role may only insert and read) and chained with a keyed MAC,
 * hash = HMAC(key derived from master key `mac_key_id`, prevHash ‖ canonical entry), written in
 * the caller's transaction so an entry exists exactly when its change does. Entries from before
 * the MAC (no key id) were chained with plain SHA-256 and are still verified that way. Details
 * hold ids, names of things and counts, never personal data.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditDetailValue = string | number | boolean | null | string[];

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'success' | 'denied' | 'failure';
  entityType?: string;
  entityId?: string;
  details?: Record<string, AuditDetailValue>;
  /** Who acted; defaults to the signed-in user of the current request. */
  actor?: { userId: string | null; organisationId: string | null };
}

interface CanonicalFields {
  occurredAt: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  outcome: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  details: unknown;
}

/** JSON with keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The link of entries written before the keyed chain: anyone can recompute it. */
export function chainHash(prevHash: string, fields: CanonicalFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

/** The link of keyed entries: only a holder of the master key can compute it. */
export function chainMac(key: Buffer, prevHash: string, fields: CanonicalFields): string {
  return createHmac('sha256', key).update(prevHash).update(canonicalJson(fields)).digest('hex');
}

export function sameHex(left: string, right: string): boolean {
  const a = Buffer.from(left, 'hex');
  const b = Buffer.from(right, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

function keysFor(db: Kysely<DatabaseSchema> | Transaction<DatabaseSchema>): AuditKeys {
  const keys = auditKeysOf(db);
  // Writing an unkeyed entry would open a gap anyone could rewrite: refuse instead.
  if (!keys) throw new Error('the audit trail has no key: open the vault before auditing');
  return keys;
}

// One chain: writers queue on this lock for the rest of their transaction.
const AUDIT_LOCK = sql`select pg_advisory_xact_lock(7261736, 1)`;

export async function recordAudit(
  trx: Transaction<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  const context = currentContext();
  const actor = entry.actor ?? {
    userId: context?.actor?.userId ?? null,
    organisationId: context?.actor?.organisationId ?? null,
  };
  const keys = keysFor(trx);
  const macKey = keys.key(keys.currentId, 'chain');
  if (!macKey) throw new Error('the current master key is missing from the key ring');
  await AUDIT_LOCK.execute(trx);
  const last = await trx
    .selectFrom('audit_event')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const fields: CanonicalFields = {
    occurredAt: occurredAt.toISOString(),
    actorUserId: actor.userId,
    actorOrganisationId: actor.organisationId,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    requestId: context?.requestId ?? null,
    details: entry.details ?? {},
  };
  await trx
    .insertInto('audit_event')
    .values({
      occurred_at: occurredAt,
      actor_user_id: fields.actorUserId,
      actor_organisation_id: fields.actorOrganisationId,
      action: fields.action,
      outcome: entry.outcome ?? 'success',
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      request_id: fields.requestId,
      details: JSON.stringify(fields.details),
      prev_hash: prevHash,
      hash: chainMac(macKey, prevHash, fields),
      mac_key_id: keys.currentId,
    })
    .execute();
}

/** Records an entry in a transaction of its own: for denials and failures, whose change rolled back. */
export async function recordAuditAlone(
  db: Kysely<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, entry));
}

export type ChainBreak =
  /** The entry's content no longer matches its link. */
  | 'hash_mismatch'
  /** The entry does not link to the one before it: an entry before it was changed or removed. */
  | 'link_mismatch'
  /** An unkeyed entry after keyed ones: someone rewrote the tail with plain SHA-256. */
  | 'downgraded'
  /** The entry is keyed under a master key this key ring no longer holds. */
  | 'key_missing';

export type ChainVerdict =
  | {
      ok: true;
      entries: number;
      /** The last entry's id and link, for comparing with a checkpoint. */
      head: { id: number; hash: string } | undefined;
      /** Entries found at given ids on the way (for checkpoints): id → [position, link]. */
      seen: ReadonlyMap<number, { position: number; hash: string }>;
    }
  | { ok: false; entries: number; brokenAt: number; reason: ChainBreak };

/**
 * Recomputes the whole chain in id order, in pages, and names the first entry that does not fit.
 * `watch` names entry ids (a checkpoint's head) whose position and link the verdict reports.
 */
export async function verifyAuditChain(
  db: Kysely<DatabaseSchema>,
  options: { pageSize?: number; watch?: readonly number[] } = {},
): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? 1000;
  const watch = new Set(options.watch ?? []);
  const seen = new Map<number, { position: number; hash: string }>();
  const keys = auditKeysOf(db);
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  let keyed = false;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0)
      return {
        ok: true,
        entries,
        head: lastId > 0 ? { id: lastId, hash: prevHash } : undefined,
        seen,
      };
    for (const row of rows) {
      const id = Number(row.id);
      if (row.prev_hash !== prevHash)
        return { ok: false, entries, brokenAt: id, reason: 'link_mismatch' };
      const fields: CanonicalFields = {
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorUserId: row.actor_user_id,
        actorOrganisationId: row.actor_organisation_id,
        action: row.action,
        outcome: row.outcome,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestId: row.request_id,
        details:
          typeof row.details === 'string' ? (JSON.parse(row.details) as unknown) : row.details,
      };
      if (row.mac_key_id === null) {
        if (keyed) return { ok: false, entries, brokenAt: id, reason: 'downgraded' };
        if (chainHash(prevHash, fields) !== row.hash)
          return { ok: false, entries, brokenAt: id, reason: 'hash_mismatch' };
      } else {
        keyed = true;
        const key = keys?.key(row.mac_key_id, 'chain');
        if (!key) return { ok: false, entries, brokenAt: id, reason: 'key_missing' };
        if (!sameHex(chainMac(key, prevHash, fields), row.hash))
          return { ok: false, entries, brokenAt: id, reason: 'hash_mismatch' };
      }
      prevHash = row.hash;
      lastId = id;
      entries += 1;
      if (watch.has(id)) seen.set(id, { position: entries, hash: row.hash });
    }
  }
}
