import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Insertable, type Kysely, type Transaction } from 'kysely';
import { executeNamed } from '../db/prepared-select.ts';
import type { AuditEventTable, DatabaseSchema } from '../db/schema.ts';
import { currentContext } from '../request-context.ts';
import type { AuditAction, AuditEntityType } from './audit-actions.ts';
import { auditKeysOf, holderOf, type AuditKeys } from './audit-key.ts';

/**
 * The audit trail: append-only (a trigger refuses DELETE and TRUNCATE, and any UPDATE but the one
 * that links an unlinked entry; the server's database role may only insert, read and write those
 * link columns) and chained with a keyed MAC,
 * hash = HMAC(key derived from master key `mac_key_id`, prevHash ‖ canonical entry). The entry is
 * written in the caller's transaction, so it exists exactly when its change does, with a keyed MAC
 * of its own content; the chainer (audit-chainer.ts) links it after commit, in chain order
 * `chain_seq`. Entries from before the MAC (no key id) were chained with plain SHA-256 and are
 * still verified that way. Details hold ids, names of things and counts, never personal data.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditDetailValue = string | number | boolean | null | string[];

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'success' | 'denied' | 'failure';
  entityType?: AuditEntityType;
  entityId?: string;
  details?: Record<string, AuditDetailValue>;
  /** Who acted; defaults to the signed-in user of the current request. */
  actor?: { userId: string | null; organisationId: string | null };
}

/**
 * Who acts when no one is signed in (the CLI, the first start): the installation itself, no user,
 * on behalf of the organisation the change concerns, so that organisation's auditor reads it in
 * its trail. Signed in, the entry's actor stays the signed-in user.
 */
export function installationActsFor(organisationId: string | null): Pick<AuditEntry, 'actor'> {
  return currentContext()?.actor ? {} : { actor: { userId: null, organisationId } };
}

export interface CanonicalFields {
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

/** The MAC of an entry's own content, written with it, so only genuine entries get chained. */
export function entryMac(key: Buffer, fields: CanonicalFields): string {
  return chainMac(key, 'entry', fields);
}

/** The content of a stored row, as it was hashed. */
export function canonicalFieldsOf(row: {
  occurred_at: Date | string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  details: unknown;
}): CanonicalFields {
  return {
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorUserId: row.actor_user_id,
    actorOrganisationId: row.actor_organisation_id,
    action: row.action,
    outcome: row.outcome,
    entityType: row.entity_type,
    entityId: row.entity_id,
    requestId: row.request_id,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as unknown) : row.details,
  };
}

/**
 * Writes the entry in the caller's transaction, so it exists exactly when the change does. It is
 * not linked here: taking the chain's head inside every audited transaction made audited requests
 * run one at a time. The entry carries a keyed MAC of its content, and the chainer
 * (audit-chainer.ts) links it after commit.
 */
export async function recordAudit(
  trx: Transaction<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  await writeAuditEntry(trx, entry);
}

/** Several entries of one change in one statement, each with its own MAC, as {@link recordAudit}. */
export async function recordAudits(
  trx: Transaction<DatabaseSchema>,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const inserted = await trx
    .insertInto('audit_event')
    .values(entries.map((entry) => auditEventRow(trx, entry)))
    .returning('id')
    .execute();
  if (inserted.length !== entries.length) throw new Error('the audit entries were not written');
  for (const row of inserted) auditEntryWritten(trx, row.id);
}

/**
 * The entry of a request that changes nothing (a search, a view): one statement committed on its
 * own, without a transaction around it. Anything that changes data records its entry with
 * {@link recordAudit}, in the change's transaction.
 */
export async function recordReadAudit(
  db: Kysely<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  await writeAuditEntry(db, entry);
}

async function writeAuditEntry(
  trx: Transaction<DatabaseSchema> | Kysely<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  // One text for every entry: a named statement on PostgreSQL, parsed once a connection (issue 11).
  const insert = trx.insertInto('audit_event').values(auditEventRow(trx, entry)).returning('id');
  const [inserted] = (await executeNamed(trx, insert)).rows;
  if (!inserted) throw new Error('the audit entry was not written');
  auditEntryWritten(trx, inserted.id);
}

/**
 * The row of an entry, keyed MAC included, for a change made by one statement that writes its
 * entry in that same statement (atomic without a transaction around it: the entry exists exactly
 * when the change does). The caller reports the id it wrote with {@link auditEntryWritten}.
 */
export function auditEventRow(
  db: Transaction<DatabaseSchema> | Kysely<DatabaseSchema>,
  entry: AuditEntry,
): Insertable<AuditEventTable> {
  const context = currentContext();
  const actor = entry.actor ?? {
    userId: context?.actor?.userId ?? null,
    organisationId: context?.actor?.organisationId ?? null,
  };
  const keys = keysFor(db);
  const macKey = keys.key(keys.currentId, 'chain');
  if (!macKey) throw new Error('the current master key is missing from the key ring');
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
  return {
    occurred_at: occurredAt,
    actor_user_id: fields.actorUserId,
    actor_organisation_id: fields.actorOrganisationId,
    action: fields.action,
    outcome: entry.outcome ?? 'success',
    entity_type: fields.entityType,
    entity_id: fields.entityId,
    request_id: fields.requestId,
    details: JSON.stringify(fields.details),
    prev_hash: null,
    hash: null,
    mac_key_id: keys.currentId,
    entry_mac: entryMac(macKey, fields),
  };
}

/** Tells the chainer an entry was written, so a pass links it soon after its commit. */
export function auditEntryWritten(
  db: Transaction<DatabaseSchema> | Kysely<DatabaseSchema>,
  id: string | number,
): void {
  holderOf(db)?.chainer?.expect(Number(id));
}

/** Records an entry in a transaction of its own: for denials and failures, whose change rolled back. */
export async function recordAuditAlone(
  db: Kysely<DatabaseSchema>,
  entry: AuditEntry,
): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, entry));
  holderOf(db)?.chainer?.kick();
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
      /** Entries not linked yet, and when the oldest of them was written. */
      unchained: { count: number; oldestAt: string | undefined };
    }
  | { ok: false; entries: number; brokenAt: number; reason: ChainBreak };

/** Entries the chainer has not linked yet: few and young on a running server. */
export async function unchainedEntries(
  db: Kysely<DatabaseSchema>,
): Promise<{ count: number; oldestAt: string | undefined }> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('occurred_at').as('oldest')])
    .where('chain_seq', 'is', null)
    .executeTakeFirst();
  const oldest = row?.oldest as Date | string | null | undefined;
  return {
    count: Number(row?.count ?? 0),
    oldestAt: oldest ? new Date(oldest).toISOString() : undefined,
  };
}

/**
 * Recomputes the whole chain in chain order, in pages, and names the first entry that does not
 * fit. `watch` names entry ids (a checkpoint's head) whose position and link the verdict reports.
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
  let lastSeq = 0;
  let entries = 0;
  let keyed = false;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('chain_seq', '>', lastSeq)
      .orderBy('chain_seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0)
      return {
        ok: true,
        entries,
        head: lastId > 0 ? { id: lastId, hash: prevHash } : undefined,
        seen,
        unchained: await unchainedEntries(db),
      };
    for (const row of rows) {
      const id = Number(row.id);
      if (row.prev_hash !== prevHash || row.hash === null)
        return { ok: false, entries, brokenAt: id, reason: 'link_mismatch' };
      const fields = canonicalFieldsOf(row);
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
      lastSeq = Number(row.chain_seq);
      entries += 1;
      if (watch.has(id)) seen.set(id, { position: entries, hash: row.hash });
    }
  }
}
