import {
  evaluate,
  indiaPack,
  PERSON_AGE_BAND_YEARS,
  resultFromStored,
  toDeadlineInput,
  type DeadlineResult,
  type PersonAgeBand,
  type StoredObligation,
} from '@dawn/core';
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { eventsOf, partiesOf, type PartyRow } from './legal-case.repository.ts';

/** Of an identity, only its birth date, when it holds one. */
export const birthDateOnly = z.object({ birthDate: z.string().optional().catch(undefined) });

/**
 * The victim's birth date for the under-18 rules, from the vault when recorded. It is read for the
 * computation only: the engine's explanations never carry it, so obligations (stored, listed,
 * alerted, e-mailed) hold no vault value.
 */
async function birthDateOf(
  db: Kysely<DatabaseSchema>,
  vault: Vault | undefined,
  party: PartyRow,
): Promise<string | undefined> {
  if (!vault) return undefined;
  const sealed = await db
    .selectFrom('person_identity')
    .select(['person_id', 'key_id', 'wrapped_data_key', 'ciphertext'])
    .where('person_id', '=', party.personId)
    .executeTakeFirst();
  if (!sealed) return undefined;
  return vault.openIdentity(sealed, birthDateOnly).birthDate;
}

const KOLKATA_OFFSET_MS = 330 * 60_000;

/** What the person row says of the age (not in the vault): the band and the day it was recorded. */
export function ageFactsOf(party: PartyRow) {
  const band = Object.hasOwn(PERSON_AGE_BAND_YEARS, party.ageBand)
    ? (party.ageBand as PersonAgeBand)
    : undefined;
  const recordedOn = new Date(party.personCreatedAt.getTime() + KOLKATA_OFFSET_MS)
    .toISOString()
    .slice(0, 10);
  return {
    ageBand: band ? { band, on: recordedOn } : null,
    birthYearEstimate: party.birthYearEstimate,
  };
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
    victims.push({
      ref: party.ref,
      birthDate: (await birthDateOf(db, vault, party)) ?? null,
      ...ageFactsOf(party),
    });
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

/**
 * The case's obligations as the sweep (or its last event) stored them, read as of `asOf`, in one
 * statement on the obligation's (case_type, case_id, obligation_key) key: no events read, no
 * vault opened, no engine run. A case never evaluated yet (no stored regime) is computed on read.
 * The caller checks access.
 */
export async function storedObligationsForLegalCase(
  db: Kysely<DatabaseSchema>,
  caseId: string,
  asOf: Date,
  vault?: Vault,
): Promise<DeadlineResult> {
  const row = await db
    .selectFrom('legal_case')
    .select(['legal_case.deadline_regime', 'legal_case.deadline_regime_explanation'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('obligation')
          .select([
            'obligation.rule',
            'obligation.citation',
            'obligation.subject',
            'obligation.starts_at',
            'obligation.due_at',
            'obligation.status',
            'obligation.met_at',
            'obligation.consequence',
            'obligation.title',
            'obligation.confidence',
            'obligation.unconfirmed',
            'obligation.responsible_role',
            'obligation.alerts_at',
            'obligation.explanation',
          ])
          .where('obligation.case_type', '=', 'legal_case')
          .whereRef('obligation.case_id', '=', 'legal_case.id'),
      ).as('obligations'),
    )
    .where('legal_case.id', '=', caseId)
    .executeTakeFirstOrThrow();
  if (row.deadline_regime === null || row.deadline_regime_explanation === null)
    return obligationsForLegalCase(db, caseId, asOf, vault);
  // The rows arrive as JSON: instants as text, read back to the instant they were stored as.
  const instant = (text: unknown) => Date.parse(String(text));
  const stored = row.obligations.map((obligation): StoredObligation => ({
    rule: obligation.rule,
    citation: obligation.citation,
    subject: obligation.subject,
    startsAt: instant(obligation.starts_at),
    dueAt: instant(obligation.due_at),
    status: obligation.status,
    metAt: obligation.met_at === null ? null : instant(obligation.met_at),
    consequence: obligation.consequence as StoredObligation['consequence'],
    title: obligation.title,
    confidence: obligation.confidence,
    unconfirmed: obligation.unconfirmed,
    responsibleRole: obligation.responsible_role as StoredObligation['responsibleRole'],
    alertsAt: (obligation.alerts_at as unknown[]).map(instant),
    explanation: obligation.explanation,
  }));
  return resultFromStored(
    indiaPack,
    { regime: row.deadline_regime, regimeExplanation: row.deadline_regime_explanation },
    stored,
    asOf.getTime(),
  );
}
