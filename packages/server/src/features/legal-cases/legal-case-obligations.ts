import { evaluate, toDeadlineInput, type DeadlineResult } from '@dawn/core';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { eventsOf, partiesOf, type PartyRow } from './legal-case.repository.ts';

const CHILD_BAND_TOP: Record<string, number> = { '0-11': 11, '12-14': 14, '15-17': 17 };

/**
 * The victim's birth date for the under-18 rules: from the vault when recorded (read for the
 * computation only, never returned), else estimated from a child age band so that a child's
 * clocks still run (the latest birth date that keeps her in the band when she was recorded).
 */
async function birthDateOf(
  db: Kysely<DatabaseSchema>,
  vault: Vault | undefined,
  party: PartyRow,
): Promise<string | undefined> {
  if (vault) {
    const sealed = await db
      .selectFrom('person_identity')
      .select(['key_id', 'wrapped_data_key', 'ciphertext'])
      .where('person_id', '=', party.personId)
      .executeTakeFirst();
    if (sealed) {
      const identity = vault.decryptIdentity(party.personId, {
        keyId: sealed.key_id,
        wrappedDataKey: sealed.wrapped_data_key,
        ciphertext: sealed.ciphertext,
      }) as { birthDate?: unknown };
      if (typeof identity.birthDate === 'string') return identity.birthDate;
    }
  }
  const top = CHILD_BAND_TOP[party.ageBand];
  if (top === undefined) return undefined;
  const estimate = new Date(party.personCreatedAt);
  estimate.setUTCFullYear(estimate.getUTCFullYear() - (top + 1));
  estimate.setUTCDate(estimate.getUTCDate() + 1);
  return estimate.toISOString().slice(0, 10);
}

/**
 * A legal case's statutory obligations as of `asOf`, computed on read by the core engine from the
 * case's effective timeline. The caller checks access; the materialised sweep reuses this.
 */
export async function obligationsForLegalCase(
  db: Kysely<DatabaseSchema>,
  caseId: string,
  asOf: Date,
  vault?: Vault,
): Promise<DeadlineResult> {
  const row = await db
    .selectFrom('legal_case')
    .select(['offences', 'forum'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const parties = await partiesOf(db, caseId);
  const victims = [];
  for (const party of parties.filter((item) => item.role === 'victim')) {
    victims.push({ ref: party.ref, birthDate: (await birthDateOf(db, vault, party)) ?? null });
  }
  const input = toDeadlineInput(
    {
      offences: row.offences,
      forum: row.forum,
      victims,
      accused: parties.filter((item) => item.role === 'accused').map((item) => ({ ref: item.ref })),
    },
    await eventsOf(db, caseId),
    asOf,
  );
  return evaluate(input);
}
