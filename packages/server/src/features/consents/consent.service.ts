import { DomainError } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import type { ConsentView } from '../care-cases/care-case.schemas.ts';
import { consentsOfPerson, toConsentView } from './consent.repository.ts';
import type { NewConsent } from './consent.schemas.ts';
import { publishConsentWithdrawn } from '../webhooks/webhook.publish.ts';

/**
 * The consent ledger of a case's survivor. Consent is the person's (it follows her across cases);
 * it is reached through a case the caller may see. Withdrawal takes effect at once.
 */
export async function listConsents(deps: Deps, caseId: string): Promise<ConsentView[]> {
  const { careCase } = await requireCareCase(deps.db, 'care_case:read', caseId);
  return consentsOfPerson(deps.db, careCase.person_id);
}

function futureIssue(path: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${path}: is in the future`, {
    issues: [{ path, message: 'is in the future' }],
  });
}

export async function recordConsent(
  deps: Deps,
  caseId: string,
  input: NewConsent,
): Promise<ConsentView> {
  const { actor, careCase } = await requireCareCase(deps.db, 'consent:write', caseId);
  if (Date.parse(input.givenAt) > Date.now() + 60_000) throw futureIssue('body.givenAt');
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('consent')
      .values({
        person_id: careCase.person_id,
        case_id: caseId,
        purpose: input.purpose,
        given_at: new Date(input.givenAt),
        given_by: input.givenBy,
        method: input.method,
        language: input.language,
        witness: input.witnessRole ?? null,
        document_reference: input.documentReference ?? null,
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
        recorded_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'consent.recorded',
      entityType: 'care_case',
      entityId: caseId,
      details: { consentId: inserted.id, purpose: input.purpose },
    });
    return inserted;
  });
  return toConsentView(row);
}

export async function withdrawConsent(
  deps: Deps,
  caseId: string,
  consentId: string,
  withdrawnAt: string | undefined,
): Promise<ConsentView> {
  const { careCase } = await requireCareCase(deps.db, 'consent:write', caseId);
  const when = withdrawnAt ? new Date(withdrawnAt) : new Date();
  if (when.getTime() > Date.now() + 60_000) throw futureIssue('body.withdrawnAt');
  const row = await deps.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('consent')
      .selectAll()
      .where('id', '=', consentId)
      .where('person_id', '=', careCase.person_id)
      .forUpdate()
      .executeTakeFirst();
    if (!existing) throw new DomainError('NOT_FOUND', 'No such consent on this case.');
    if (existing.withdrawn_at)
      throw new DomainError('CONFLICT', 'This consent is already withdrawn.');
    if (when.getTime() < new Date(existing.given_at).getTime())
      throw new DomainError(
        'VALIDATION_FAILED',
        'body.withdrawnAt: is before the consent was given',
        {
          issues: [{ path: 'body.withdrawnAt', message: 'is before the consent was given' }],
        },
      );
    const updated = await trx
      .updateTable('consent')
      .set({ withdrawn_at: when })
      .where('id', '=', consentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'consent.withdrawn',
      entityType: 'care_case',
      entityId: caseId,
      details: { consentId, purpose: existing.purpose },
    });
    await publishConsentWithdrawn(
      trx,
      { id: consentId, personId: existing.person_id, purpose: existing.purpose, withdrawnAt: when },
      careCase.organisation_id,
    );
    return updated;
  });
  return toConsentView(row);
}
