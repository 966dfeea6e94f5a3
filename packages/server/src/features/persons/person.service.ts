import {
  checkRevealReason,
  describeRevealReasonProblem,
  DomainError,
  type RevealPurpose,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { deny, requirePermission, scopeOf } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  identityIndexRows,
  newPseudonym,
  rankSimilar,
  queryIndexHashes,
} from './person-matching.ts';
import { findVisiblePerson, listVisiblePersons, pseudonymTaken } from './person.repository.ts';
import {
  identitySchema,
  type Identity,
  type NewPerson,
  type PersonView,
  type SimilarQuery,
} from './person.schemas.ts';

/**
 * Persons and their identities. The person row holds only non-identifying facts and a pseudonym;
 * the identity lives encrypted in the vault with blind indexes beside it for matching. Every
 * use-case begins with its access check; whatever the caller may not see is NOT_FOUND.
 */
export async function createPerson(deps: Deps, input: NewPerson): Promise<PersonView> {
  const { actor } = await requirePermission(deps.db, 'person:write');
  if (input.identity && scopeOf(actor, 'identity:write') === undefined) {
    return deny(deps.db, { permission: 'identity:write' });
  }
  let pseudonym = newPseudonym(input.sex);
  for (let attempt = 0; (await pseudonymTaken(deps.db, pseudonym)) && attempt < 20; attempt += 1) {
    pseudonym = newPseudonym(input.sex);
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('person')
      .values({
        pseudonym,
        organisation_id: actor.organisationId,
        sex: input.sex,
        age_band: input.ageBand,
        birth_year_estimate: input.birthYearEstimate ?? null,
        origin_state: input.originState ?? null,
        origin_country: input.originCountry ?? null,
        languages: input.languages,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The creator is on the person's team: membership is what lets a social worker see them.
    await trx
      .insertInto('team_membership')
      .values({ entity_type: 'person', entity_id: row.id, user_id: actor.userId })
      .execute();
    if (input.identity)
      await writeIdentity(
        deps,
        trx,
        { id: row.id, organisationId: actor.organisationId },
        input.identity,
      );
    await recordAudit(trx, {
      action: 'person.created',
      entityType: 'person',
      entityId: row.id,
      details: { withIdentity: input.identity !== undefined },
    });
    return row.id;
  });
  const person = await findVisiblePerson(deps.db, actor, 'all', id);
  if (!person) throw new Error('created person not found');
  return person;
}

async function writeIdentity(
  deps: Deps,
  trx: Transaction<DatabaseSchema>,
  person: { id: string; organisationId: string },
  identity: Identity,
): Promise<void> {
  const personId = person.id;
  const sealed = deps.vault.encryptIdentity(personId, identity);
  await trx
    .insertInto('person_identity')
    .values({
      person_id: personId,
      key_id: sealed.keyId,
      wrapped_data_key: sealed.wrappedDataKey,
      ciphertext: sealed.ciphertext,
    })
    .onConflict((conflict) =>
      conflict.column('person_id').doUpdateSet((eb) => ({
        key_id: sealed.keyId,
        wrapped_data_key: sealed.wrappedDataKey,
        ciphertext: sealed.ciphertext,
        version: eb('person_identity.version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .execute();
  await trx.deleteFrom('identity_index').where('person_id', '=', personId).execute();
  const rows = identityIndexRows(deps.vault, person, identity);
  if (rows.length > 0) await trx.insertInto('identity_index').values(rows).execute();
}

export async function getPerson(deps: Deps, personId: string): Promise<PersonView> {
  const { actor, scope } = await requirePermission(deps.db, 'person:read', {
    type: 'person',
    id: personId,
  });
  const person = await findVisiblePerson(deps.db, actor, scope, personId);
  if (!person)
    return deny(deps.db, { permission: 'person:read', entityType: 'person', entityId: personId });
  return person;
}

export async function listPersons(
  deps: Deps,
  filter: Parameters<typeof listVisiblePersons>[3],
): Promise<{ persons: PersonView[]; total?: number; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'person:read');
  return listVisiblePersons(deps.db, actor, scope, filter);
}

export async function updateIdentity(
  deps: Deps,
  personId: string,
  identity: Identity,
): Promise<void> {
  const { actor, scope } = await requirePermission(deps.db, 'identity:write', {
    type: 'person',
    id: personId,
  });
  const person = await findVisiblePerson(deps.db, actor, scope, personId);
  if (!person)
    return deny(deps.db, {
      permission: 'identity:write',
      entityType: 'person',
      entityId: personId,
    });
  await deps.db.transaction().execute(async (trx) => {
    await writeIdentity(
      deps,
      trx,
      { id: personId, organisationId: person.organisationId },
      identity,
    );
    await recordAudit(trx, {
      action: 'identity.updated',
      entityType: 'person',
      entityId: personId,
    });
  });
}

/** Reveals an identity to someone allowed to, for a reason that the audit trail keeps. */
export async function revealIdentity(
  deps: Deps,
  personId: string,
  request: { purpose: RevealPurpose; reason: string },
): Promise<Identity> {
  const { purpose, reason } = request;
  const { actor, scope } = await requirePermission(deps.db, 'identity:reveal', {
    type: 'person',
    id: personId,
  });
  const person = await findVisiblePerson(deps.db, actor, scope, personId);
  if (!person)
    return deny(deps.db, {
      permission: 'identity:reveal',
      entityType: 'person',
      entityId: personId,
    });
  const row = await deps.db
    .selectFrom('person_identity')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No identity has been recorded for this person.');
  const identity = identitySchema.parse(
    deps.vault.decryptIdentity(personId, {
      keyId: row.key_id,
      wrappedDataKey: row.wrapped_data_key,
      ciphertext: row.ciphertext,
    }),
  );
  // Checked before anything is recorded: a name written here would stay in the trail for ever.
  if (checkRevealReason(reason, [identity.legalName, ...identity.aliases]) === 'contains_name') {
    const message = describeRevealReasonProblem('contains_name');
    throw new DomainError('VALIDATION_FAILED', `body.reason: ${message}`, {
      issues: [{ path: 'body.reason', message }],
    });
  }
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'identity.revealed',
      entityType: 'person',
      entityId: personId,
      details: { purpose, reason },
    }),
  );
  return identity;
}

export interface SimilarPerson {
  personId: string;
  pseudonym: string;
  score: number;
}

/** Persons whose blind indexes resemble the query: pseudonyms and scores, never names. */
export async function findSimilarPersons(
  deps: Deps,
  query: SimilarQuery,
): Promise<SimilarPerson[]> {
  const { actor, scope } = await requirePermission(deps.db, 'person:search_similar');
  const hashes = queryIndexHashes(deps.vault, actor.organisationId, query);
  const candidates = await rankSimilar(deps.db, actor, scope, hashes, query.limit);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'identity.similar_searched',
      details: { results: candidates.length },
    }),
  );
  return candidates;
}
