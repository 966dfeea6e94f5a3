import {
  DomainError,
  STORY_LANGUAGES,
  checkStoryForIdentifiers,
  guardFindingKey,
} from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireStory } from './story.access.ts';
import {
  currentVersions,
  guardOverrides,
  saveGuardOverride,
  type StoryRow,
} from './story.repository.ts';
import type { GuardReport } from './story.schemas.ts';
import { identifiersOfSurvivor } from './story-identifiers.ts';
import { sha256 } from './story-texts.ts';

/**
 * The identity-leak guard on a story's current texts: run, audited, and overridden finding by
 * finding with a reason. Read-back and approval refuse while a finding is open.
 */

/** Runs the guard on the current texts; overrides recorded for the same words apply. */
async function runGuard(deps: Deps, story: StoryRow): Promise<GuardReport> {
  const [versions, overrides, identifiers] = await Promise.all([
    currentVersions(deps.db, [story.id]),
    guardOverrides(deps.db, story.id),
    identifiersOfSurvivor(deps, story.person_id),
  ]);
  const overridden = new Map(overrides.map((row) => [row.finding_key, row.reason]));
  // Checked field by field: a finding's offsets are into that field of that language.
  const findings = STORY_LANGUAGES.flatMap((language) => {
    const version = versions.find((row) => row.language === language);
    if (!version) return [];
    return STORY_FIELDS.flatMap((field) =>
      checkStoryForIdentifiers([{ language, text: version[field] }], identifiers).map(
        (finding) => ({ ...finding, field }),
      ),
    );
  });
  const views = findings.map((finding) => {
    const id = sha256(guardFindingKey(finding)).slice(0, 32);
    const reason = overridden.get(id);
    return {
      id,
      language: finding.language,
      field: finding.field,
      start: finding.start,
      end: finding.end,
      kind: finding.kind,
      span: finding.span,
      overridden: reason !== undefined,
      overrideReason: reason ?? null,
    };
  });
  return { findings: views, open: views.filter((view) => !view.overridden).length };
}

const STORY_FIELDS = ['title', 'body', 'aspirations', 'interests'] as const;

export async function auditedGuard(
  deps: Deps,
  story: StoryRow,
  stage: string,
): Promise<GuardReport> {
  const report = await runGuard(deps, story);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'story.guard_checked',
      entityType: 'story',
      entityId: story.id,
      details: { stage, findings: report.findings.length, open: report.open },
    }),
  );
  return report;
}

export async function checkStory(deps: Deps, storyId: string): Promise<GuardReport> {
  const { story } = await requireStory(deps.db, 'story:write', storyId);
  return auditedGuard(deps, story, 'editor');
}

export function refuseOpenFindings(report: GuardReport, before: string): void {
  if (report.open > 0)
    throw new DomainError(
      'CONFLICT',
      `The identity check found ${report.open} detail(s) that could identify her. Fix or override them before ${before}.`,
    );
}

export async function overrideFinding(
  deps: Deps,
  storyId: string,
  input: { findingId: string; reason: string },
): Promise<GuardReport> {
  const { actor, story } = await requireStory(deps.db, 'story:review', storyId);
  const report = await runGuard(deps, story);
  const finding = report.findings.find((entry) => entry.id === input.findingId);
  if (!finding) throw new DomainError('NOT_FOUND', 'No such finding on the story’s current text.');
  await deps.db.transaction().execute(async (trx) => {
    await saveGuardOverride(trx, {
      story_id: story.id,
      finding_key: finding.id,
      language: finding.language,
      kind: finding.kind,
      reason: input.reason,
      overridden_by: actor.userId,
    });
    await recordAudit(trx, {
      action: 'story.guard_overridden',
      entityType: 'story',
      entityId: story.id,
      details: {
        findingId: finding.id,
        kind: finding.kind,
        language: finding.language,
        reason: input.reason,
      },
    });
  });
  return runGuard(deps, story);
}
