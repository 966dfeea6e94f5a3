import { normaliseAddress } from '@dawn/core';
import { detectRetrafficking } from '../retrafficking/retrafficking.detect.ts';
import { DomainError } from '@dawn/core';
import { deny, requirePermission, scopeOf } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RescueLegalBasis } from '../../platform/db/schema-legal-cases.ts';
import type { Deps } from '../../platform/deps.ts';
import { findVisibleLegalCase } from '../legal-cases/legal-case.repository.ts';
import { checkReadablePersons } from '../persons/person-references.ts';
import type { Actor } from '../../platform/access/actor.ts';
import {
  rescueOperationPage,
  rescueOperationViews,
  visibleRescueOperations,
  type RescueOperationView,
} from './rescue-operation.repository.ts';

export interface NewRescueOperation {
  occurredAt: string;
  district: string;
  location?: string | undefined;
  legalBasis: RescueLegalBasis;
  policeUnitId?: string | undefined;
  officialIds: string[];
  ngoStaffIds: string[];
  rescuedPersonIds: string[];
  arrestedPersonIds: string[];
  legalCaseId?: string | undefined;
}

const invalid = (path: string, message: string): never => {
  throw new DomainError('VALIDATION_FAILED', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
};

/**
 * A rescue operation. Its location is sealed by the vault and revealed only with a reason. The
 * persons rescued are recorded here; their care cases are opened in one step by
 * rescue-care-cases.service.ts.
 */
export async function createRescueOperation(
  deps: Deps,
  input: NewRescueOperation,
): Promise<RescueOperationView> {
  const { actor } = await requirePermission(deps.db, 'rescue_operation:write');
  if (Date.parse(input.occurredAt) > Date.now() + 5 * 60_000)
    invalid('body.occurredAt', 'is in the future');
  await checkReadablePersons(deps, actor, [
    { path: 'body.rescuedPersonIds', ids: input.rescuedPersonIds },
    { path: 'body.arrestedPersonIds', ids: input.arrestedPersonIds },
  ]);
  if (
    new Set([...input.rescuedPersonIds, ...input.arrestedPersonIds]).size !==
    input.rescuedPersonIds.length + input.arrestedPersonIds.length
  )
    invalid('body', 'a person is named twice');
  if (input.legalCaseId) {
    const scope = scopeOf(actor, 'legal_case:write');
    const legalCase = scope
      ? await findVisibleLegalCase(deps.db, actor, scope, input.legalCaseId)
      : undefined;
    if (!legalCase) invalid('body.legalCaseId', 'no such legal case');
  }
  if (input.policeUnitId) {
    const unit = await deps.db
      .selectFrom('organisation')
      .select('kind')
      .where('id', '=', input.policeUnitId)
      .executeTakeFirst();
    if (!unit || (unit.kind !== 'police_station' && unit.kind !== 'ahtu'))
      invalid('body.policeUnitId', 'must be a police station or AHTU');
  }
  if (input.officialIds.length > 0) {
    const found = await deps.db
      .selectFrom('official')
      .select('id')
      .where('id', 'in', input.officialIds)
      .execute();
    if (found.length !== new Set(input.officialIds).size)
      invalid('body.officialIds', 'no such official');
  }
  if (input.ngoStaffIds.length > 0) {
    const staff = await deps.db
      .selectFrom('app_user')
      .select('id')
      .where('id', 'in', input.ngoStaffIds)
      .where('organisation_id', '=', actor.organisationId)
      .execute();
    if (staff.length !== new Set(input.ngoStaffIds).size)
      invalid('body.ngoStaffIds', 'no such user in your organisation');
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rescue_operation')
      .values({
        organisation_id: actor.organisationId,
        occurred_at: new Date(input.occurredAt),
        district: input.district,
        location_sealed: null,
        legal_basis: input.legalBasis,
        police_unit_id: input.policeUnitId ?? null,
        official_ids: [...new Set(input.officialIds)],
        ngo_staff_ids: [...new Set(input.ngoStaffIds)],
        legal_case_id: input.legalCaseId ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.location) {
      // Sealed with the row's id as binding, so a sealed value can't be moved to another row.
      await trx
        .updateTable('rescue_operation')
        .set({
          location_sealed: deps.vault.sealSecret(`rescue-location:${row.id}`, input.location),
          // Same premises compare equal without the address (the network of the accused).
          location_hash: deps.vault.placeIndex(
            actor.organisationId,
            normaliseAddress(input.location),
          ),
        })
        .where('id', '=', row.id)
        .execute();
    }
    const persons = [
      ...input.rescuedPersonIds.map((personId) => ({ personId, role: 'rescued' as const })),
      ...input.arrestedPersonIds.map((personId) => ({ personId, role: 'arrested' as const })),
    ];
    if (persons.length > 0) {
      await trx
        .insertInto('rescue_operation_person')
        .values(
          persons.map((person) => ({
            rescue_operation_id: row.id,
            person_id: person.personId,
            role: person.role,
          })),
        )
        .execute();
    }
    const team = new Set([actor.userId, ...input.ngoStaffIds]);
    await trx
      .insertInto('team_membership')
      .values(
        [...team].map((userId) => ({
          entity_type: 'rescue_operation',
          entity_id: row.id,
          user_id: userId,
        })),
      )
      .execute();
    await recordAudit(trx, {
      action: 'rescue_operation.created',
      entityType: 'rescue_operation',
      entityId: row.id,
      details: {
        rescued: input.rescuedPersonIds.length,
        arrested: input.arrestedPersonIds.length,
        legalBasis: input.legalBasis,
      },
    });
    return row.id;
  });
  // Re-trafficking alerts (issue 17) for the persons rescued, once the operation exists.
  await detectRetrafficking(deps, actor, { type: 'rescue_operation', id }, input.rescuedPersonIds);
  const [view] = await rescueOperationViews(
    deps.db,
    actor,
    'all',
    { id, limit: 1, offset: 0 },
    scopeOf(actor, 'care_case:read'),
  );
  if (!view) throw new Error('created rescue operation not found');
  return view;
}

export async function getRescueOperation(deps: Deps, id: string): Promise<RescueOperationView> {
  const { actor, scope } = await requirePermission(deps.db, 'rescue_operation:read', {
    type: 'rescue_operation',
    id,
  });
  const [view] = await rescueOperationViews(
    deps.db,
    actor,
    scope,
    { id, limit: 1, offset: 0 },
    scopeOf(actor, 'care_case:read'),
  );
  if (!view)
    return deny(deps.db, {
      permission: 'rescue_operation:read',
      entityType: 'rescue_operation',
      entityId: id,
    });
  return view;
}

export async function listRescueOperations(
  deps: Deps,
  page: { limit: number; offset: number; after?: string | undefined },
): Promise<{ rescueOperations: RescueOperationView[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'rescue_operation:read');
  return rescueOperationPage(deps.db, actor, scope, page, scopeOf(actor, 'care_case:read'));
}

/**
 * The permission over this very operation: its scope must reach it. Reading reaches further than
 * writing (an organisation's case staff read its rescues; only the team writes or reveals).
 */
async function requireOperation(
  deps: Deps,
  permission: 'rescue_operation:write',
  id: string,
): Promise<{ actor: Actor }> {
  const { actor, scope } = await requirePermission(deps.db, permission, {
    type: 'rescue_operation',
    id,
  });
  const reachable = await deps.db
    .selectFrom('rescue_operation')
    .select('rescue_operation.id')
    .where('rescue_operation.id', '=', id)
    .where(visibleRescueOperations(actor, scope))
    .executeTakeFirst();
  if (!reachable)
    return deny(deps.db, { permission, entityType: 'rescue_operation', entityId: id });
  return { actor };
}

/** The sealed location, for someone on the operation who gives a reason (audited). */
export async function revealRescueLocation(
  deps: Deps,
  id: string,
  reason: string,
): Promise<string | null> {
  await getRescueOperation(deps, id);
  const { actor } = await requireOperation(deps, 'rescue_operation:write', id);
  const row = await deps.db
    .selectFrom('rescue_operation')
    .select('location_sealed')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'rescue_operation.location_revealed',
      entityType: 'rescue_operation',
      entityId: id,
      details: { reason, userId: actor.userId },
    }),
  );
  return row.location_sealed
    ? deps.vault.openSecret(`rescue-location:${id}`, row.location_sealed)
    : null;
}

export async function shareRescueOperation(
  deps: Deps,
  id: string,
  organisationId: string,
): Promise<void> {
  await getRescueOperation(deps, id);
  await requireOperation(deps, 'rescue_operation:write', id);
  const organisation = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!organisation) invalid('body.organisationId', 'no such organisation');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rescue_operation_share')
      .values({ rescue_operation_id: id, organisation_id: organisationId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await recordAudit(trx, {
      action: 'rescue_operation.shared',
      entityType: 'rescue_operation',
      entityId: id,
      details: { organisationId },
    });
  });
}
