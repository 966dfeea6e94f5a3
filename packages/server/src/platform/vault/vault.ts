import { createHmac, randomBytes } from 'node:crypto';
import { BLIND_INDEX_BITS, truncateBlindIndex, type MatchTokenKind } from '@dawn/core';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.ts';
import { armAuditTrail } from '../audit/audit-key.ts';
import { startAuditChainer } from '../audit/audit-chainer.ts';
import { open, seal, sealUnderFreshKey } from './envelope.ts';
import type { KeyRing } from './key-ring.ts';

/**
 * The identity vault's cryptography. Identities are encrypted with a fresh data key each, wrapped
 * under the current master key; small secrets (TOTP seeds) under a 'secrets' data key; blind
 * indexes are HMAC-SHA256 under a separate 'blind_index' key, so matching works with no plaintext
 * in the database. Nothing here logs or returns plaintext except `decryptIdentity` (and
 * `openIdentity`, which reads a row through it) and `openSecret`.
 */
export interface SealedIdentity {
  keyId: string;
  wrappedDataKey: string;
  ciphertext: string;
}

/** The sealed columns of a `person_identity` row, as the database gives them. */
export interface SealedIdentityRow {
  person_id: string;
  key_id: string;
  wrapped_data_key: string;
  ciphertext: string;
}

type KeyPurpose = 'secrets' | 'blind_index';

export class Vault {
  private constructor(
    private readonly ring: KeyRing,
    private readonly secretsKey: Buffer,
    private readonly blindIndexKey: Buffer,
  ) {}

  private readonly organisationIndexKeys = new Map<string, Buffer>();
  /** Trigrams' and phonetic keys' hashes by organisation (see REMEMBERED_KINDS). */
  private readonly rememberedIndexes = new Map<string, Map<string, string>>();

  /**
   * Loads (or, on first use, creates) the vault's own keys, and gives this database handle the
   * audit trail's keys (derived from the same master keys).
   */
  static async open(db: Kysely<DatabaseSchema>, ring: KeyRing): Promise<Vault> {
    armAuditTrail(db, ring);
    // Links what a previous run wrote but did not live to chain, and whatever is written next.
    startAuditChainer(db);
    const secrets = await ensureKey(db, ring, 'secrets');
    const blindIndex = await ensureKey(db, ring, 'blind_index');
    return new Vault(ring, secrets, blindIndex);
  }

  get currentKeyId(): string {
    return this.ring.currentId;
  }

  encryptIdentity(personId: string, identity: unknown): SealedIdentity {
    const { ciphertext, wrappedDataKey } = sealUnderFreshKey(
      masterKey(this.ring, this.ring.currentId),
      Buffer.from(JSON.stringify(identity), 'utf8'),
      `identity:${personId}`,
      `data-key:${personId}`,
    );
    return { keyId: this.ring.currentId, wrappedDataKey, ciphertext };
  }

  decryptIdentity(personId: string, sealed: SealedIdentity): unknown {
    const dataKey = open(
      masterKey(this.ring, sealed.keyId),
      sealed.wrappedDataKey,
      `data-key:${personId}`,
    );
    return JSON.parse(open(dataKey, sealed.ciphertext, `identity:${personId}`).toString('utf8'));
  }

  /**
   * Opens a `person_identity` row and checks what it holds against the caller's schema (the whole
   * identity, or only the part the caller reads): the one way features read an identity.
   */
  openIdentity<Identity>(
    row: SealedIdentityRow,
    schema: { parse(value: unknown): Identity },
  ): Identity {
    return schema.parse(
      this.decryptIdentity(row.person_id, {
        keyId: row.key_id,
        wrappedDataKey: row.wrapped_data_key,
        ciphertext: row.ciphertext,
      }),
    );
  }

  sealSecret(binding: string, plaintext: string): string {
    return seal(this.secretsKey, Buffer.from(plaintext, 'utf8'), binding);
  }

  openSecret(binding: string, sealed: string): string {
    return open(this.secretsKey, sealed, binding).toString('utf8');
  }

  /**
   * Wraps a document's data key under the current master key, bound to the document's id (a
   * wrapped key moved to another document's row will not open).
   */
  sealDocumentKey(documentId: string, dataKey: Buffer): { keyId: string; wrappedDataKey: string } {
    return {
      keyId: this.ring.currentId,
      wrappedDataKey: seal(
        masterKey(this.ring, this.ring.currentId),
        dataKey,
        `document-key:${documentId}`,
      ),
    };
  }

  openDocumentKey(documentId: string, keyId: string, wrappedDataKey: string): Buffer {
    return open(masterKey(this.ring, keyId), wrappedDataKey, `document-key:${documentId}`);
  }

  /**
   * A keyed hash of a normalised address, under the organisation's index key: equal premises give
   * equal values within one organisation, and nothing outside it. Whole, not truncated: a place
   * is compared only for equality, never ranked.
   */
  placeIndex(organisationId: string, normalisedAddress: string): string {
    return createHmac('sha256', this.organisationIndexKey(organisationId))
      .update(`place\u0000${normalisedAddress}`, 'utf8')
      .digest('base64url');
  }

  /**
   * A whole keyed hash of any value under the organisation's index key, for equality only (an
   * import's row and file fingerprints): nothing outside Dawn can recompute or compare it.
   */
  fingerprint(organisationId: string, purpose: string, value: string): string {
    return createHmac('sha256', this.organisationIndexKey(organisationId))
      .update(`${purpose}\u0000${value}`, 'utf8')
      .digest('base64url');
  }

  private organisationIndexKey(organisationId: string): Buffer {
    let key = this.organisationIndexKeys.get(organisationId);
    if (!key) {
      key = createHmac('sha256', this.blindIndexKey)
        .update(`organisation\u0000${organisationId}`, 'utf8')
        .digest();
      this.organisationIndexKeys.set(organisationId, key);
    }
    return key;
  }

  /**
   * A keyed hash of one normalised matching token, truncated to its kind's bits (issue 15 finding
   * 11): under a key of the organisation's own, derived from the blind-index key, so equal tokens
   * of two organisations store different values; and short, so equal values within one
   * organisation are as often chance as the same name or phone. The kind is part of the input.
   */
  blindIndex(organisationId: string, kind: MatchTokenKind, token: string): string {
    const input = `${kind}\u0000${token}`;
    if (!REMEMBERED_KINDS.has(kind)) return this.keyedIndex(organisationId, kind, input);
    let remembered = this.rememberedIndexes.get(organisationId);
    if (!remembered) {
      remembered = new Map();
      this.rememberedIndexes.set(organisationId, remembered);
    }
    let value = remembered.get(input);
    if (value === undefined) {
      value = this.keyedIndex(organisationId, kind, input);
      if (remembered.size >= REMEMBERED_PER_ORGANISATION) remembered.clear();
      remembered.set(input, value);
    }
    return value;
  }

  private keyedIndex(organisationId: string, kind: MatchTokenKind, input: string): string {
    return truncateBlindIndex(
      createHmac('sha256', this.organisationIndexKey(organisationId))
        .update(input, 'utf8')
        .digest(),
      BLIND_INDEX_BITS[kind],
    );
  }
}

/**
 * The token kinds whose keyed hashes are remembered (issue 11: a creation's 17 HMACs were the
 * largest part of its own CPU, and most are of trigrams and phonetic keys that other names share):
 * a trigram or one word's phonetic key says nothing of any one person, and there are only a few
 * thousand of each. Name words, phones, birth years and a name's pair of keys are hashed every
 * time, so the process never holds a list of the names or phones it has seen.
 */
const REMEMBERED_KINDS: ReadonlySet<MatchTokenKind> = new Set(['trigram', 'phonetic']);
/** Far above the trigrams and keys of a programme's names; emptied, not grown, past it. */
const REMEMBERED_PER_ORGANISATION = 50_000;

function masterKey(ring: KeyRing, keyId: string): Buffer {
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new Error(
      `master key "${keyId}" is not in the key ring (${ring.source}); restore it from your key backup`,
    );
  }
  return key;
}

async function ensureKey(
  db: Kysely<DatabaseSchema>,
  ring: KeyRing,
  purpose: KeyPurpose,
): Promise<Buffer> {
  const fresh = randomBytes(32);
  await db
    .insertInto('vault_key')
    .values({
      purpose,
      key_id: ring.currentId,
      wrapped: seal(masterKey(ring, ring.currentId), fresh, `vault-key:${purpose}`),
    })
    .onConflict((conflict) => conflict.column('purpose').doNothing())
    .execute();
  // Read back: another node may have created it first.
  const row = await db
    .selectFrom('vault_key')
    .select(['key_id', 'wrapped'])
    .where('purpose', '=', purpose)
    .executeTakeFirstOrThrow();
  return open(masterKey(ring, row.key_id), row.wrapped, `vault-key:${purpose}`);
}

export interface RotationResult {
  keyId: string;
  vaultKeys: number;
  identities: number;
  documents: number;
}

/**
 * Rewraps every vault key and identity data key under the ring's current master key, in one
 * transaction: either all move or none do. The identities' ciphertexts do not change.
 */
export async function rewrapToCurrentKey(
  db: Kysely<DatabaseSchema>,
  ring: KeyRing,
): Promise<RotationResult> {
  const target = masterKey(ring, ring.currentId);
  return db.transaction().execute(async (trx) => {
    let vaultKeys = 0;
    const keys = await trx.selectFrom('vault_key').selectAll().forUpdate().execute();
    for (const row of keys) {
      if (row.key_id === ring.currentId) continue;
      const key = open(masterKey(ring, row.key_id), row.wrapped, `vault-key:${row.purpose}`);
      await trx
        .updateTable('vault_key')
        .set({ key_id: ring.currentId, wrapped: seal(target, key, `vault-key:${row.purpose}`) })
        .where('purpose', '=', row.purpose)
        .execute();
      vaultKeys += 1;
    }
    let identities = 0;
    const rows = await trx
      .selectFrom('person_identity')
      .select(['person_id', 'key_id', 'wrapped_data_key'])
      .where('key_id', '<>', ring.currentId)
      .forUpdate()
      .execute();
    for (const row of rows) {
      const binding = `data-key:${row.person_id}`;
      const dataKey = open(masterKey(ring, row.key_id), row.wrapped_data_key, binding);
      await trx
        .updateTable('person_identity')
        .set({ key_id: ring.currentId, wrapped_data_key: seal(target, dataKey, binding) })
        .where('person_id', '=', row.person_id)
        .execute();
      identities += 1;
    }
    // Document data keys too: only the small wrapped key changes, never the stored chunks.
    let documents = 0;
    const documentRows = await trx
      .selectFrom('document')
      .select(['id', 'key_id', 'wrapped_data_key'])
      .where('key_id', '<>', ring.currentId)
      .forUpdate()
      .execute();
    for (const row of documentRows) {
      const binding = `document-key:${row.id}`;
      const dataKey = open(masterKey(ring, row.key_id), row.wrapped_data_key, binding);
      await trx
        .updateTable('document')
        .set({ key_id: ring.currentId, wrapped_data_key: seal(target, dataKey, binding) })
        .where('id', '=', row.id)
        .execute();
      documents += 1;
    }
    return { keyId: ring.currentId, vaultKeys, identities, documents };
  });
}
