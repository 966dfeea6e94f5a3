import {
  checkRevealReason,
  describeRevealReasonProblem,
  DomainError,
  type RevealPurpose,
} from '@dawn/core';
import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { DatabaseSchema, PersonTable } from '../../platform/db/schema.ts';
import { deny, requirePermission, scopeOf } from '../../platform/access/access.ts';
import {
  auditEntryWritten,
  auditEventRow,
  recordAudit,
  recordReadAudit,
} from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { executeNamed } from '../../platform/db/prepared-select.ts';
import { claimToWrite, isClaimTaken, refuseClaimed } from '../../platform/idempotency.ts';
import {
  identityIndexRows,
  newPseudonym,
  rankSimilar,
  queryIndexHashes,
} from './person-matching.ts';
import { findVisiblePerson, listVisiblePersons, toView } from './person.repository.ts';
import { detectRetraffickingOfIdentity } from '../retrafficking/retrafficking.detect.ts';
import {
  identitySchema,
  type IdentityPrecondition,
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
  const actor = await authorisePersonCreation(deps, input);
  return insertPerson(deps, actor, input);
}

/**
 * Whether the caller may record this person (and her identity, when given). A use-case that
 * records the person inside a transaction of its own (a care case opened for someone new) asks
 * first, so that a refusal's audit entry is not rolled back with it, then calls `insertPerson`
 * with its transaction as `deps.db`.
 */
export async function authorisePersonCreation(
  deps: Deps,
  input: NewPerson,
): Promise<{ organisationId: string; userId: string }> {
  const { actor } = await requirePermission(deps.db, 'person:write');
  if (input.identity && scopeOf(actor, 'identity:write') === undefined) {
    return deny(deps.db, { permission: 'identity:write' });
  }
  return actor;
}

/**
 * The person row, the creator's team membership, the sealed identity, its blind index tokens and
 * the audit entry in one statement, which answers the person as the API shows them: one round
 * trip whatever the number of tokens, and no transaction around it (one statement is atomic, so
 * the entry exists exactly when the person does; issue 11: begin and commit were two of a
 * creation's four round trips). A pseudonym already taken (rare: they are random) inserts nothing,
 * not even the entry, and is drawn again, instead of asking first whether each is free.
 */
export async function insertPerson(
  deps: Deps,
  actor: { organisationId: string; userId: string },
  input: NewPerson,
): Promise<PersonView> {
  // The tokens are keyed by the organisation, not the person: hashed once, whatever the draws.
  const tokens = input.identity
    ? identityIndexRows(
        deps.vault,
        { id: '', organisationId: actor.organisationId },
        input.identity,
      )
    : [];
  const kinds = tokens.map((token) => token.kind);
  const hashes = tokens.map((token) => token.token_hash);
  // The request's Idempotency-Key, claimed by the creating statement itself: no round trip of its
  // own, and it exists exactly when the person does (a key claimed before aborts the statement).
  const claim = claimToWrite();
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const personId = randomUUID();
    const sealed = input.identity ? deps.vault.encryptIdentity(personId, input.identity) : null;
    const audit = auditEventRow(deps.db, {
      action: 'person.created',
      entityType: 'person',
      entityId: personId,
      details: { withIdentity: input.identity !== undefined },
    });
    // Written out, not built: a request's own query building was the largest cost of its
    // process. Its text is the same for every creation, so on PostgreSQL it is a named statement,
    // parsed and planned once a pooled connection. The creator is on the person's team:
    // membership is what lets a social worker see them.
    const statement = sql<
      Selectable<PersonTable> & { has_identity: boolean; audit_id: string | number }
    >`
      with new_person as (
        insert into person (id, pseudonym, organisation_id, sex, age_band, birth_year_estimate,
          origin_state, origin_country, languages, created_by)
        values (${personId}, ${newPseudonym(input.sex)}, ${actor.organisationId}, ${input.sex},
          ${input.ageBand}, ${input.birthYearEstimate ?? null}, ${input.originState ?? null},
          ${input.originCountry ?? null}, ${input.languages}::text[], ${actor.userId})
        on conflict (pseudonym) do nothing
        returning *),
      membership as (
        insert into team_membership (entity_type, entity_id, user_id)
        select 'person', new_person.id, ${actor.userId}::uuid from new_person),
      sealed as (
        insert into person_identity (person_id, key_id, wrapped_data_key, ciphertext)
        select new_person.id, ${sealed?.keyId ?? ''}, ${sealed?.wrappedDataKey ?? ''},
          ${sealed?.ciphertext ?? ''}
        from new_person where ${sealed !== null}::boolean),
      tokens as (
        insert into identity_index (person_id, kind, token_hash)
        select new_person.id, token.kind, token.token_hash from new_person
        cross join unnest(${kinds}::text[], ${hashes}::text[]) as token(kind, token_hash)),
      claimed as (
        insert into idempotent_request (user_id, key, fingerprint)
        select ${claim?.userId ?? null}::uuid, ${claim?.key ?? null}::text,
          ${claim?.fingerprint ?? null}::text
        from new_person where ${claim?.key ?? null}::text is not null),
      audited as (
        insert into audit_event (occurred_at, actor_user_id, actor_organisation_id, action,
          outcome, entity_type, entity_id, request_id, details, mac_key_id, entry_mac)
        select ${audit.occurred_at}::timestamptz, ${audit.actor_user_id}::uuid,
          ${audit.actor_organisation_id}::uuid, ${audit.action}, ${audit.outcome},
          ${audit.entity_type}, ${audit.entity_id}, ${audit.request_id}, ${audit.details}::jsonb,
          ${audit.mac_key_id}, ${audit.entry_mac}
        from new_person
        returning id)
      select new_person.*, ${sealed !== null}::boolean as has_identity, audited.id as audit_id
      from new_person cross join audited`;
    const { rows } = await executeNamed(deps.db, statement).catch((error: unknown) => {
      // Its Idempotency-Key was claimed before: the same creation sent again, or another.
      if (claim && isClaimTaken(error)) return refuseClaimed(deps.db, claim);
      throw error;
    });
    const inserted = rows[0];
    if (!inserted) continue;
    auditEntryWritten(deps.db, inserted.audit_id);
    return toView(inserted);
  }
  throw new Error('no free pseudonym after 20 draws');
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
): Promise<{
  persons: PersonView[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const { actor, scope } = await requirePermission(deps.db, 'person:read');
  return listVisiblePersons(deps.db, actor, scope, filter);
}

export const IDENTITY_CHANGED_MESSAGE =
  'Her identity was changed by someone else since you opened it; reveal it again to see what is there now, then make your change.';
export const IDENTITY_RECORDED_MESSAGE =
  'Someone else recorded her identity while you were writing it; reveal it to see theirs, then make your change.';

export async function updateIdentity(
  deps: Deps,
  personId: string,
  identity: Identity,
  precondition?: IdentityPrecondition,
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
    if (precondition) {
      // Two people correcting her identity at once: the later save would silently undo the
      // earlier (the whole identity is replaced). The row is locked until this one commits.
      const stored = await trx
        .selectFrom('person_identity')
        .select('version')
        .where('person_id', '=', personId)
        .forUpdate()
        .executeTakeFirst();
      if ('absent' in precondition && stored)
        throw new DomainError('CONFLICT', IDENTITY_RECORDED_MESSAGE);
      if ('version' in precondition && stored?.version !== precondition.version)
        throw new DomainError('CONFLICT', IDENTITY_CHANGED_MESSAGE);
    }
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
  // A survivor's identity is often recorded after her case was opened (the screen opens a case
  // with non-identifying facts): she is checked for re-trafficking now, as an opening with her
  // identity would have checked her. After the commit, so a failure cannot undo the identity.
  if (person.organisationId === actor.organisationId)
    await detectRetraffickingOfIdentity(deps, actor, personId);
}

/**
 * Reveals an identity to someone allowed to, for a reason that the audit trail keeps; with its
 * version, which a correction sends back (`If-Match`) so it cannot undo someone else's.
 */
export async function revealIdentity(
  deps: Deps,
  personId: string,
  request: { purpose: RevealPurpose; reason: string },
): Promise<{ identity: Identity; version: number }> {
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
  const identity = deps.vault.openIdentity(row, identitySchema);
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
  return { identity, version: row.version };
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
  // Persons shared with the caller's organisation are indexed under their own organisation's
  // key: the query is hashed under each such key as well (nothing is re-indexed on sharing).
  const candidates = await rankSimilar(deps.db, actor, scope, hashes, query.limit, (other) =>
    queryIndexHashes(deps.vault, other, query),
  );
  // One statement: the search changes nothing for the entry to commit with.
  await recordReadAudit(deps.db, {
    action: 'identity.similar_searched',
    details: { results: candidates.length },
  });
  return candidates;
}

/**
 * Creates many persons in the caller's transaction (a spreadsheet import's batch), the same way
 * createPerson does one: a pseudonym, the creator on the team, the identity sealed in the vault
 * and its blind indexes. A fixed number of statements whatever the batch's size. The caller has
 * checked person:write and identity:write, and audits the batch.
 */
export async function createPersonsInTransaction(
  deps: Deps,
  trx: Transaction<DatabaseSchema>,
  actor: { userId: string; organisationId: string },
  inputs: NewPerson[],
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const pseudonyms = inputs.map((input) => newPseudonym(input.sex));
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const taken = await trx
      .selectFrom('person')
      .select('pseudonym')
      .where('pseudonym', 'in', pseudonyms)
      .execute();
    const clash = new Set(taken.map((row) => row.pseudonym));
    const seen = new Set<string>();
    let again = false;
    for (const [index, pseudonym] of pseudonyms.entries()) {
      if (clash.has(pseudonym) || seen.has(pseudonym)) {
        pseudonyms[index] = newPseudonym(inputs[index]?.sex ?? 'unknown');
        again = true;
      } else seen.add(pseudonym);
    }
    if (!again) break;
  }
  const rows = await trx
    .insertInto('person')
    .values(
      inputs.map((input, index) => ({
        pseudonym: pseudonyms[index] ?? newPseudonym(input.sex),
        organisation_id: actor.organisationId,
        sex: input.sex,
        age_band: input.ageBand,
        birth_year_estimate: input.birthYearEstimate ?? null,
        origin_state: input.originState ?? null,
        origin_country: input.originCountry ?? null,
        languages: input.languages,
        created_by: actor.userId,
      })),
    )
    .returning('id')
    .execute();
  const ids = rows.map((row) => row.id);
  await trx
    .insertInto('team_membership')
    .values(ids.map((id) => ({ entity_type: 'person', entity_id: id, user_id: actor.userId })))
    .execute();
  await writeIdentities(
    deps,
    trx,
    inputs.flatMap((input, index) => {
      const id = ids[index];
      return input.identity && id
        ? [{ personId: id, organisationId: actor.organisationId, identity: input.identity }]
        : [];
    }),
    { fresh: true },
  );
  return ids;
}

/** Seals and indexes many identities at once (new ones, or replacing the recorded ones). */
export async function writeIdentities(
  deps: Deps,
  trx: Transaction<DatabaseSchema>,
  items: { personId: string; organisationId: string; identity: Identity }[],
  options: { fresh?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  const sealedRows = items.map(({ personId, identity }) => {
    const sealed = deps.vault.encryptIdentity(personId, identity);
    return {
      person_id: personId,
      key_id: sealed.keyId,
      wrapped_data_key: sealed.wrappedDataKey,
      ciphertext: sealed.ciphertext,
    };
  });
  await trx
    .insertInto('person_identity')
    .values(sealedRows)
    .onConflict((conflict) =>
      conflict.column('person_id').doUpdateSet((eb) => ({
        key_id: eb.ref('excluded.key_id'),
        wrapped_data_key: eb.ref('excluded.wrapped_data_key'),
        ciphertext: eb.ref('excluded.ciphertext'),
        version: eb('person_identity.version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .execute();
  // Persons created in this transaction have no index rows yet: nothing to replace.
  if (!options.fresh)
    await trx
      .deleteFrom('identity_index')
      .where(
        'person_id',
        'in',
        items.map((item) => item.personId),
      )
      .execute();
  const indexRows = items.flatMap(({ personId, organisationId, identity }) =>
    identityIndexRows(deps.vault, { id: personId, organisationId }, identity),
  );
  // Three array parameters, not three per row: a batch's tokens go in one short statement.
  if (indexRows.length > 0)
    await sql`insert into identity_index (person_id, kind, token_hash)
      select * from unnest(${indexRows.map((row) => row.person_id)}::uuid[],
        ${indexRows.map((row) => row.kind)}::text[],
        ${indexRows.map((row) => row.token_hash)}::text[])`.execute(trx);
}
