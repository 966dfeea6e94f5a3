import { DomainError } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { partiesOf, toIndiaIso } from '../legal-cases/legal-case.repository.ts';
import { isCareCaseOf } from './hearing.repository.ts';
import { visibleCaseFor } from '../legal-cases/legal-case.service.ts';

export interface TestimonyPreparation {
  id: string;
  legalCaseId: string;
  victimRef: string;
  careCaseId: string | null;
  heldAt: string;
  forHearingAt: string | null;
  topics: string[];
}

/**
 * A session preparing a survivor to testify, linking the legal case and her care case, so her
 * care team sees the hearings where she testifies (witness-hearings.service.ts).
 */
export async function recordTestimonyPreparation(
  deps: Deps,
  caseId: string,
  input: {
    victimRef: string;
    heldAt: string;
    forHearingAt?: string | undefined;
    careCaseId?: string | undefined;
    topics: string[];
  },
): Promise<TestimonyPreparation> {
  const { actor } = await visibleCaseFor(deps, 'legal_case:write', caseId);
  const parties = await partiesOf(deps.db, caseId);
  const victim = parties.find((party) => party.role === 'victim' && party.ref === input.victimRef);
  if (!victim) {
    throw new DomainError('VALIDATION_FAILED', 'body.victimRef: no such victim on this case', {
      issues: [{ path: 'body.victimRef', message: 'no such victim on this case' }],
    });
  }
  // The link gives her care team the hearings: it must be her care case, not anyone's.
  if (
    input.careCaseId &&
    !(await isCareCaseOf(deps.db, input.careCaseId, victim.personId, actor.organisationId))
  ) {
    throw new DomainError('VALIDATION_FAILED', 'body.careCaseId: not a care case of this victim', {
      issues: [{ path: 'body.careCaseId', message: 'not a care case of this victim' }],
    });
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('testimony_preparation')
      .values({
        legal_case_id: caseId,
        victim_ref: input.victimRef,
        care_case_id: input.careCaseId ?? null,
        held_at: new Date(input.heldAt),
        for_hearing_at: input.forHearingAt ? new Date(input.forHearingAt) : null,
        topics: input.topics,
        conducted_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'testimony_preparation.recorded',
      entityType: 'legal_case',
      entityId: caseId,
      details: { preparationId: inserted.id, victimRef: input.victimRef },
    });
    return inserted;
  });
  return viewOf(row);
}

function viewOf(row: {
  id: string;
  legal_case_id: string;
  victim_ref: string;
  care_case_id: string | null;
  held_at: Date;
  for_hearing_at: Date | null;
  topics: string[];
}): TestimonyPreparation {
  return {
    id: row.id,
    legalCaseId: row.legal_case_id,
    victimRef: row.victim_ref,
    careCaseId: row.care_case_id,
    heldAt: toIndiaIso(row.held_at),
    forHearingAt: row.for_hearing_at ? toIndiaIso(row.for_hearing_at) : null,
    topics: row.topics,
  };
}

export async function listTestimonyPreparations(
  deps: Deps,
  caseId: string,
): Promise<TestimonyPreparation[]> {
  await visibleCaseFor(deps, 'legal_case:read', caseId);
  const rows = await deps.db
    .selectFrom('testimony_preparation')
    .selectAll()
    .where('legal_case_id', '=', caseId)
    .orderBy('held_at', 'desc')
    .execute();
  return rows.map(viewOf);
}
