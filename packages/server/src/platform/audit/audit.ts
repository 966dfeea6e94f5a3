import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { currentContext } from '../request-context.ts';
import type { AuditAction } from './audit-actions.ts';

/**
 * The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained,
 * hash = sha256(prevHash ‖ canonical entry), written in the caller's transaction so an entry
 * exists exactly when its change does. Details hold ids, names of things and counts, never
 * personal data.
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

export function chainHash(prevHash: string, fields: CanonicalFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
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
      hash: chainHash(prevHash, fields),
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

export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAt: number; reason: 'hash_mismatch' | 'link_mismatch' };

/** Recomputes the whole chain in id order, in pages, and names the first entry that does not fit. */
export async function verifyAuditChain(
  db: Kysely<DatabaseSchema>,
  pageSize = 1000,
): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { ok: true, entries };
    for (const row of rows) {
      const id = Number(row.id);
      if (row.prev_hash !== prevHash)
        return { ok: false, entries, brokenAt: id, reason: 'link_mismatch' };
      const expected = chainHash(prevHash, {
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
      });
      if (expected !== row.hash)
        return { ok: false, entries, brokenAt: id, reason: 'hash_mismatch' };
      prevHash = row.hash;
      lastId = id;
      entries += 1;
    }
  }
}
