import {
  DomainError,
  deriveCustody,
  effectiveLegalTimeline,
  type Permission,
  type Scope,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import { deny, requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DatabaseSchema, OrganisationKind } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { raiseAlertsForNewMember } from '../notifications/alert.raise.ts';
import { checkReadablePersons } from '../persons/person-references.ts';
import { refreshDerived } from './legal-case-derived.ts';
import { recomputeObligations, type ErrorLogger } from './legal-case.obligation-sync.ts';
import { caseDetailRow, storedEventsOf, type CaseDetailRow } from './legal-case-page.repository.ts';
import {
  byPartyOrder,
  findVisibleLegalCase,
  officialsByIds,
  toIndiaIso,
  toView,
  type Executor,
} from './legal-case.repository.ts';
import { listVisibleLegalCases } from './legal-case.list.ts';
import type {
  LegalCaseDetail,
  LegalCaseListItem,
  LegalCaseListQuery,
  LegalCaseUpdate,
  LegalCaseView,
  NewLegalCase,
} from './legal-case.schemas.ts';

const invalid = (path: string, message: string): never => {
  throw new DomainError('VALIDATION_FAILED', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
};

/** The case, if the caller holds the permission and may see it; otherwise an audited 404. */
export async function visibleCaseFor(
  deps: Deps,
  permission: Permission,
  caseId: string,
): Promise<{ actor: Actor; legalCase: LegalCaseView }> {
  const { actor, scope } = await requirePermission(deps.db, permission, {
    type: 'legal_case',
    id: caseId,
  });
  const legalCase = await findVisibleLegalCase(deps.db, actor, scope, caseId);
  if (!legalCase) return deny(deps.db, { permission, entityType: 'legal_case', entityId: caseId });
  return { actor, legalCase };
}

/**
 * What `read` finds of the case in the caller's scope, the scope checked in the read's own
 * statement (issue 11: no statement of its own for the access check); an audited 404 when the
 * caller lacks the permission or may not see the case.
 */
export async function readVisibleCase<T>(
  deps: Deps,
  permission: Permission,
  caseId: string,
  read: (access: { actor: Actor; scope: Scope }) => Promise<T | undefined>,
): Promise<T> {
  const { actor, scope } = await requirePermission(deps.db, permission, {
    type: 'legal_case',
    id: caseId,
  });
  const found = await read({ actor, scope });
  if (found === undefined)
    return deny(deps.db, { permission, entityType: 'legal_case', entityId: caseId });
  return found;
}

async function checkOrganisation(
  db: Executor,
  path: string,
  id: string | null | undefined,
  kinds: OrganisationKind[],
): Promise<void> {
  if (!id) return;
  const row = await db
    .selectFrom('organisation')
    .select('kind')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) invalid(path, 'no such organisation');
  else if (!kinds.includes(row.kind)) invalid(path, `must be a ${kinds.join(' or ')}`);
}

export async function checkOfficials(
  db: Executor,
  path: string,
  ids: (string | null | undefined)[],
) {
  const wanted = ids.filter((id): id is string => typeof id === 'string');
  const found = await officialsByIds(db, wanted);
  const missing = wanted.find((id) => !found.has(id));
  if (missing) invalid(path, `no official ${missing}`);
  return found;
}

/** Adds the persons as parties in one insert, each with the next free reference of their role. */
async function addParties(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  role: 'victim' | 'accused',
  personIds: readonly string[],
): Promise<string[]> {
  if (personIds.length === 0) return [];
  const prefix = role === 'victim' ? 'V' : 'A';
  const existing = await trx
    .selectFrom('legal_case_party')
    .select(['ref', 'person_id'])
    .where('legal_case_id', '=', caseId)
    .execute();
  if (existing.some((row) => personIds.includes(row.person_id))) {
    throw new DomainError('CONFLICT', 'This person is already a party to the case.');
  }
  const first =
    Math.max(
      0,
      ...existing
        .filter((row) => row.ref.startsWith(prefix))
        .map((row) => Number(row.ref.slice(1))),
    ) + 1;
  const rows = personIds.map((personId, index) => ({
    legal_case_id: caseId,
    ref: `${prefix}${first + index}`,
    role,
    person_id: personId,
  }));
  await trx.insertInto('legal_case_party').values(rows).execute();
  return rows.map((row) => row.ref);
}

export async function createLegalCase(
  deps: Deps,
  input: NewLegalCase,
  logger?: ErrorLogger,
): Promise<LegalCaseDetail> {
  const { actor } = await requirePermission(deps.db, 'legal_case:write');
  await checkOrganisation(deps.db, 'body.fir.policeStationId', input.fir?.policeStationId, [
    'police_station',
    'ahtu',
  ]);
  await checkOrganisation(deps.db, 'body.courtId', input.courtId, ['court']);
  await checkOfficials(deps.db, 'body', [
    input.investigatingOfficerId,
    input.publicProsecutorId,
    input.advocateId,
  ]);
  await checkReadablePersons(deps, actor, [
    { path: 'body.victims', ids: input.victims },
    { path: 'body.accused', ids: input.accused },
  ]);
  if (
    new Set([...input.victims, ...input.accused]).size !==
    input.victims.length + input.accused.length
  )
    invalid('body', 'a person is named twice');
  const now = new Date();
  if (input.fir && Date.parse(input.fir.registeredAt) > now.getTime() + 5 * 60_000)
    invalid('body.fir.registeredAt', 'is in the future');
  if (input.cnr) await checkCnrFree(deps.db, input.cnr);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('legal_case')
      .values({
        organisation_id: actor.organisationId,
        fir_police_station_id: input.fir?.policeStationId ?? null,
        fir_number: input.fir?.number ?? null,
        fir_year: input.fir?.year ?? null,
        fir_date: input.fir ? toIndiaIso(input.fir.registeredAt).slice(0, 10) : null,
        zero_fir: input.fir?.zeroFir ?? false,
        cnr: input.cnr ?? null,
        court_id: input.courtId ?? null,
        forum: input.forum ?? null,
        offences: input.offences,
        investigating_officer_id: input.investigatingOfficerId ?? null,
        public_prosecutor_id: input.publicProsecutorId ?? null,
        advocate_id: input.advocateId ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        if (String(error).includes('legal_case_fir_idx'))
          throw new DomainError('CONFLICT', 'A legal case for this FIR already exists.');
        throw error;
      });
    await trx
      .insertInto('team_membership')
      .values({ entity_type: 'legal_case', entity_id: row.id, user_id: actor.userId })
      .execute();
    await addParties(trx, row.id, 'victim', input.victims);
    await addParties(trx, row.id, 'accused', input.accused);
    if (input.fir) {
      await trx
        .insertInto('legal_case_event')
        .values({
          legal_case_id: row.id,
          type: 'fir.registered',
          occurred_at: new Date(input.fir.registeredAt),
          recorded_by: actor.userId,
          data: JSON.stringify({ offences: input.offences }),
          supersedes_id: null,
        })
        .execute();
    }
    await refreshDerived(trx, row.id, now);
    await recordAudit(trx, {
      action: 'legal_case.created',
      entityType: 'legal_case',
      entityId: row.id,
      details: {
        victims: input.victims.length,
        accused: input.accused.length,
        offences: input.offences,
      },
    });
    return row.id;
  });
  // The FIR starts clocks (investigation, informing the victim).
  if (input.fir) await recomputeObligations(deps, id, logger);
  return detailOf(deps, id);
}

async function checkCnrFree(db: Executor, cnr: string, exceptCaseId?: string): Promise<void> {
  let query = db.selectFrom('legal_case').select('id').where('cnr', '=', cnr);
  if (exceptCaseId) query = query.where('id', '!=', exceptCaseId);
  if (await query.executeTakeFirst())
    throw new DomainError('CONFLICT', 'Another legal case has this CNR.');
}

/** A case's detail from its page's one read (`caseDetailRow`): its view, parties and custody. */
function detailFromRow(row: CaseDetailRow): LegalCaseDetail {
  const parties = row.parties.sort(byPartyOrder);
  const timeline = effectiveLegalTimeline(storedEventsOf(row.events));
  const custody = new Map(
    deriveCustody(
      parties.filter((party) => party.role === 'accused').map((party) => party.ref),
      timeline,
    ).map((item) => [item.accused, item]),
  );
  return {
    ...toView(row),
    parties: parties.map((party) => ({
      ref: party.ref,
      role: party.role,
      personId: party.personId,
      pseudonym: party.pseudonym,
      custody: custody.get(party.ref)?.status ?? null,
      custodySince: custody.get(party.ref)?.since ?? null,
    })),
  };
}

/** The detail of a case the caller has just been allowed to change (after the change). */
export async function detailOf(deps: Deps, caseId: string): Promise<LegalCaseDetail> {
  const row = await caseDetailRow(deps.db, undefined, caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'Not found.');
  return detailFromRow(row);
}

/** The case's page header: one statement with the access check (issue 11). */
export async function getLegalCase(deps: Deps, caseId: string): Promise<LegalCaseDetail> {
  const row = await readVisibleCase(deps, 'legal_case:read', caseId, (access) =>
    caseDetailRow(deps.db, access, caseId),
  );
  return detailFromRow(row);
}

export async function listLegalCases(
  deps: Deps,
  query: LegalCaseListQuery,
): Promise<{
  legalCases: LegalCaseListItem[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:read');
  return listVisibleLegalCases(deps.db, actor, scope, query, new Date());
}

export async function updateLegalCase(
  deps: Deps,
  caseId: string,
  update: LegalCaseUpdate,
  logger?: ErrorLogger,
): Promise<LegalCaseDetail> {
  await visibleCaseFor(deps, 'legal_case:write', caseId);
  await checkOrganisation(deps.db, 'body.courtId', update.courtId, ['court']);
  await checkOfficials(deps.db, 'body', [
    update.investigatingOfficerId,
    update.publicProsecutorId,
    update.advocateId,
  ]);
  if (update.cnr) await checkCnrFree(deps.db, update.cnr, caseId);
  const columns = {
    ...(update.cnr !== undefined ? { cnr: update.cnr } : {}),
    ...(update.courtId !== undefined ? { court_id: update.courtId } : {}),
    ...(update.forum !== undefined ? { forum: update.forum } : {}),
    ...(update.offences !== undefined ? { offences: update.offences } : {}),
    ...(update.investigatingOfficerId !== undefined
      ? { investigating_officer_id: update.investigatingOfficerId }
      : {}),
    ...(update.publicProsecutorId !== undefined
      ? { public_prosecutor_id: update.publicProsecutorId }
      : {}),
    ...(update.advocateId !== undefined ? { advocate_id: update.advocateId } : {}),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('legal_case')
      .set({ ...columns, updated_at: new Date() })
      .where('id', '=', caseId)
      .execute();
    await recordAudit(trx, {
      action: 'legal_case.updated',
      entityType: 'legal_case',
      entityId: caseId,
      details: { fields: Object.keys(update) },
    });
  });
  // Offences decide the chargesheet clock's 60 or 90 days, the forum some trial clocks.
  if (update.offences !== undefined || update.forum !== undefined)
    await recomputeObligations(deps, caseId, logger);
  return detailOf(deps, caseId);
}

export async function addParty(
  deps: Deps,
  caseId: string,
  input: { role: 'victim' | 'accused'; personId: string },
  logger?: ErrorLogger,
): Promise<LegalCaseDetail> {
  const { actor } = await visibleCaseFor(deps, 'legal_case:write', caseId);
  await checkReadablePersons(deps, actor, [{ path: 'body.personId', ids: [input.personId] }]);
  await deps.db.transaction().execute(async (trx) => {
    const [ref] = await addParties(trx, caseId, input.role, [input.personId]);
    await refreshDerived(trx, caseId, new Date());
    await recordAudit(trx, {
      action: 'legal_case.party_added',
      entityType: 'legal_case',
      entityId: caseId,
      details: { role: input.role, ref: ref ?? null, personId: input.personId },
    });
  });
  await recomputeObligations(deps, caseId, logger);
  return detailOf(deps, caseId);
}

export async function addTeamMember(deps: Deps, caseId: string, userId: string): Promise<void> {
  const { actor, legalCase } = await visibleCaseFor(deps, 'legal_case:write', caseId);
  const user = await deps.db
    .selectFrom('app_user')
    .select('organisation_id')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (
    !user ||
    user.organisation_id !== legalCase.organisationId ||
    actor.organisationId !== legalCase.organisationId
  )
    invalid('body.userId', 'no such user in the case’s organisation');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('team_membership')
      .values({ entity_type: 'legal_case', entity_id: caseId, user_id: userId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    // The case's open alerts reach the new member now: the sweep alerts only about cases whose
    // deadlines moved (issue 11), so it would not tell them about the ones already raised.
    await raiseAlertsForNewMember(trx, deps.config, 'legal_case', caseId, userId, new Date());
    await recordAudit(trx, {
      action: 'legal_case.team_member_added',
      entityType: 'legal_case',
      entityId: caseId,
      details: { userId },
    });
  });
}

/** Shares a case with a partner organisation (a police station, a CWC, a DLSA): read only. */
export async function shareLegalCase(
  deps: Deps,
  caseId: string,
  organisationId: string,
): Promise<void> {
  const { actor } = await visibleCaseFor(deps, 'legal_case:write', caseId);
  await checkOrganisation(deps.db, 'body.organisationId', organisationId, [
    'police_station',
    'ahtu',
    'court',
    'cwc',
    'dlsa',
    'ngo',
    'shelter_home',
  ]);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('legal_case_share')
      .values({ legal_case_id: caseId, organisation_id: organisationId, shared_by: actor.userId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await recordAudit(trx, {
      action: 'legal_case.shared',
      entityType: 'legal_case',
      entityId: caseId,
      details: { organisationId },
    });
  });
}
