import type { Kysely } from 'kysely';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { identityIndexRows } from './person-matching.ts';
import { identitySchema } from './person.schemas.ts';

/**
 * 2: per-organisation keys and truncated hashes (issue 15 finding 11; migration 0021); 3: names in
 * Bengali and Devanagari drop their unspoken medial vowels (issue 17; migration 0025); 4: each
 * name's pairs of phonetic keys are indexed too (issue 17; migration 0027c).
 */
export const CURRENT_IDENTITY_INDEX_SCHEME = 4;
const BATCH = 200;

export async function identityIndexScheme(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await db.selectFrom('identity_index_scheme').select('scheme').executeTakeFirst();
  return row?.scheme ?? CURRENT_IDENTITY_INDEX_SCHEME;
}

/**
 * Rebuilds every person's blind indexes from the vault under the current scheme, 200 persons to a
 * transaction (keyset on the person id, so a restart resumes from the start and repeats only
 * idempotent work), then records the scheme. Identities are decrypted in memory only.
 */
export async function reindexIdentities(
  db: Kysely<DatabaseSchema>,
  vault: Vault,
): Promise<{ persons: number }> {
  let persons = 0;
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('person_identity')
      .innerJoin('person', 'person.id', 'person_identity.person_id')
      .select([
        'person_identity.person_id',
        'person_identity.key_id',
        'person_identity.wrapped_data_key',
        'person_identity.ciphertext',
        'person.organisation_id',
      ])
      .orderBy('person_identity.person_id')
      .limit(BATCH);
    if (after !== undefined) query = query.where('person_identity.person_id', '>', after);
    const batch = await query.execute();
    if (batch.length === 0) break;
    const rows = batch.flatMap((row) =>
      identityIndexRows(
        vault,
        { id: row.person_id, organisationId: row.organisation_id },
        vault.openIdentity(row, identitySchema),
      ),
    );
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('identity_index')
        .where(
          'person_id',
          'in',
          batch.map((row) => row.person_id),
        )
        .execute();
      if (rows.length > 0) await trx.insertInto('identity_index').values(rows).execute();
    });
    persons += batch.length;
    after = batch.at(-1)?.person_id;
  }
  await db
    .updateTable('identity_index_scheme')
    .set({ scheme: CURRENT_IDENTITY_INDEX_SCHEME, reindexed_at: new Date() })
    .execute();
  await recordAuditAlone(db, {
    action: 'identities.reindexed',
    actor: { userId: null, organisationId: null },
    details: { persons, scheme: CURRENT_IDENTITY_INDEX_SCHEME },
  });
  return { persons };
}

/**
 * On start: an installation whose indexes predate the current scheme is re-indexed before it
 * answers requests (similar-person search would find nobody meanwhile). Returns how many persons
 * were re-indexed, or undefined when nothing was to do.
 */
export async function ensureCurrentIdentityIndex(
  db: Kysely<DatabaseSchema>,
  vault: Vault,
): Promise<number | undefined> {
  if ((await identityIndexScheme(db)) >= CURRENT_IDENTITY_INDEX_SCHEME) return undefined;
  return (await reindexIdentities(db, vault)).persons;
}
