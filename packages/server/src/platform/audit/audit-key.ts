import { hkdfSync } from 'node:crypto';
import type {
  KyselyPlugin,
  QueryExecutor,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { KeyRing } from '../vault/key-ring.ts';

/**
 * The audit trail's keys, derived with HKDF from the vault's master keys and held only in memory:
 * a MAC key that chains the entries and a signing key for checkpoints. Neither is ever stored in
 * the database, so someone who can rewrite `audit_event` cannot recompute the chain.
 *
 * The keys travel with the database handle (a do-nothing Kysely plugin every transaction
 * inherits), so the many places that audit inside a transaction need no extra argument.
 */
export type AuditKeyPurpose = 'chain' | 'checkpoint';

const INFO: Record<AuditKeyPurpose, string> = {
  chain: 'dawn audit chain mac v1',
  checkpoint: 'dawn audit checkpoint mac v1',
};

export function deriveAuditKey(masterKey: Buffer, purpose: AuditKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, 'dawn-audit', INFO[purpose], 32));
}

export interface AuditKeys {
  /** The master key id new entries and checkpoints are keyed under. */
  readonly currentId: string;
  key(masterKeyId: string, purpose: AuditKeyPurpose): Buffer | undefined;
}

export function auditKeysFrom(ring: Pick<KeyRing, 'currentId' | 'keys'>): AuditKeys {
  const cache = new Map<string, Buffer>();
  return {
    currentId: ring.currentId,
    key(masterKeyId, purpose) {
      const cached = cache.get(`${purpose}:${masterKeyId}`);
      if (cached) return cached;
      const master = ring.keys.get(masterKeyId);
      if (!master) return undefined;
      const derived = deriveAuditKey(master, purpose);
      cache.set(`${purpose}:${masterKeyId}`, derived);
      return derived;
    },
  };
}

/** Carries the audit keys on a database handle; changes no query. */
export class AuditKeyHolder implements KyselyPlugin {
  keys: AuditKeys | undefined;
  /** Links entries after their transaction commits (audit-chainer.ts); set when armed. */
  chainer: AuditChainerHandle | undefined;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** What recordAudit needs of the chainer, without importing it. */
export interface AuditChainerHandle {
  /** An entry with this id was inserted in a transaction that has not committed yet. */
  expect(id: number): void;
  /** Chain whatever has committed, soon. */
  kick(): void;
}

/** A Kysely instance or transaction. */
interface DatabaseHandle {
  getExecutor(): QueryExecutor;
}

export function holderOf(db: DatabaseHandle): AuditKeyHolder | undefined {
  return db
    .getExecutor()
    .plugins.find((plugin): plugin is AuditKeyHolder => plugin instanceof AuditKeyHolder);
}

/** Gives this database handle (and its transactions) the audit keys of the vault's master keys. */
export function armAuditTrail(db: DatabaseHandle, ring: Pick<KeyRing, 'currentId' | 'keys'>): void {
  const holder = holderOf(db);
  if (!holder) throw new Error('this database handle was not opened by openDatabase');
  holder.keys = auditKeysFrom(ring);
}

export function auditKeysOf(db: DatabaseHandle): AuditKeys | undefined {
  return holderOf(db)?.keys;
}
