import { describeRestoredRule, DomainError, restoredVerdict, scoreAssessment } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { scheduleNextAssessment } from '../tasks/task.repository.ts';
import type { AssessmentView, CareSettingsInput, NewAssessment } from './assessment.schemas.ts';
import { careSettingsOf } from './care-setting.repository.ts';

/**
 * Outcome assessments (after IJM's ASO): scored with the organisation's instrument, judged by its
 * restored rule, and scheduled (intake, six months, then yearly) as tasks.
 */
const KINDS = ['intake', 'six_month'] as const;

export async function recordAssessment(
  deps: Deps,
  caseId: string,
  input: NewAssessment,
): Promise<AssessmentView> {
  const { actor, careCase } = await requireCareCase(deps.db, 'assessment:write', caseId);
  const settings = await careSettingsOf(deps.db, careCase.organisation_id);
  const scores = (() => {
    try {
      return scoreAssessment(settings.instrument, input.items);
    } catch (error) {
      if (error instanceof DomainError && error.details?.issues)
        throw new DomainError(error.code, `body.${error.message}`, {
          issues: error.details.issues.map((issue) => ({ ...issue, path: `body.${issue.path}` })),
        });
      throw error;
    }
  })();
  const assessedAt = new Date(input.assessedAt);
  const issue = (message: string) =>
    new DomainError('VALIDATION_FAILED', `body.assessedAt: ${message}`, {
      issues: [{ path: 'body.assessedAt', message }],
    });
  if (assessedAt.getTime() > Date.now() + 60_000) throw issue('is in the future');
  if (assessedAt.getTime() < new Date(careCase.opened_at).getTime() - 86_400_000)
    throw issue('is before the case was opened');
  const id = await deps.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('care_case')
      .selectAll()
      .where('id', '=', caseId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.phase === 'closed') throw new DomainError('CONFLICT', 'The case is closed.');
    const earlier = await trx
      .selectFrom('assessment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('assessment')
      .values({
        case_id: caseId,
        instrument_id: settings.instrument.id,
        instrument_version: settings.instrument.version,
        assessed_at: assessedAt,
        assessed_by: actor.userId,
        kind: KINDS[Number(earlier.n)] ?? 'annual',
        domain_scores: JSON.stringify(scores.domains),
        sub_domain_scores: JSON.stringify(scores.subDomains),
        overall: scores.overall,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('assessment_item_score')
      .values(
        Object.entries(input.items).map(([item, score]) => ({
          assessment_id: row.id,
          item_key: item,
          score,
        })),
      )
      .execute();
    await recordAudit(trx, {
      action: 'assessment.recorded',
      entityType: 'care_case',
      entityId: caseId,
      details: { assessmentId: row.id },
    });
    await scheduleNextAssessment(trx, locked, actor.userId);
    return row.id;
  });
  const { assessments } = await listAssessments(deps, caseId);
  const recorded = assessments.find((assessment) => assessment.id === id);
  if (!recorded) throw new Error('recorded assessment not found');
  return recorded;
}

export async function listAssessments(deps: Deps, caseId: string) {
  const { careCase } = await requireCareCase(deps.db, 'care_case:read', caseId);
  const settings = await careSettingsOf(deps.db, careCase.organisation_id);
  const rows = await deps.db
    .selectFrom('assessment')
    .leftJoin('app_user', 'app_user.id', 'assessment.assessed_by')
    .selectAll('assessment')
    .select('app_user.display_name as assessor')
    .where('case_id', '=', caseId)
    .orderBy('assessed_at')
    .execute();
  const items =
    rows.length === 0
      ? []
      : await deps.db
          .selectFrom('assessment_item_score')
          .selectAll()
          .where(
            'assessment_id',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
  const assessments: AssessmentView[] = rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    assessedAt: new Date(row.assessed_at).toISOString(),
    assessedBy: row.assessor ?? null,
    instrument: { id: row.instrument_id, version: row.instrument_version },
    domains: row.domain_scores,
    subDomains: row.sub_domain_scores,
    overall: Number(row.overall),
    items: Object.fromEntries(
      items
        .filter((item) => item.assessment_id === row.id)
        .map((item) => [item.item_key, item.score]),
    ),
  }));
  const verdict = restoredVerdict(settings.restoredRule, assessments);
  return {
    assessments,
    verdict: { ...verdict, ruleIsDefault: settings.defaults.restoredRule },
  };
}

export async function getCareSettings(deps: Deps) {
  const { actor } = await requirePermission(deps.db, 'care_case:read');
  const settings = await careSettingsOf(deps.db, actor.organisationId);
  return { ...settings, restoredRuleText: describeRestoredRule(settings.restoredRule) };
}

/** An organisation's own instrument, restored rule or schedule (null restores the default). */
export async function updateCareSettings(deps: Deps, input: CareSettingsInput) {
  const { actor, scope } = await requirePermission(deps.db, 'care_plan:approve');
  if (scope !== 'organisation' && scope !== 'all')
    throw new DomainError(
      'FORBIDDEN',
      'Only a program manager of the organisation sets its rules.',
    );
  await deps.db.transaction().execute(async (trx) => {
    const values = {
      ...(input.instrument !== undefined
        ? { instrument: input.instrument ? JSON.stringify(input.instrument) : null }
        : {}),
      ...(input.restoredRule !== undefined
        ? { restored_rule: input.restoredRule ? JSON.stringify(input.restoredRule) : null }
        : {}),
      ...(input.schedule !== undefined
        ? { assessment_schedule: input.schedule ? JSON.stringify(input.schedule) : null }
        : {}),
    };
    await trx
      .insertInto('care_setting')
      .values({ organisation_id: actor.organisationId, ...values })
      .onConflict((conflict) =>
        conflict.column('organisation_id').doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      action: 'care_setting.updated',
      entityType: 'organisation',
      entityId: actor.organisationId,
      details: { changed: Object.keys(values) },
    });
  });
  return getCareSettings(deps);
}
