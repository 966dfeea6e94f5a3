import { createHash } from 'node:crypto';
import {
  DomainError,
  STORY_LANGUAGES,
  checkStoryForIdentifiers,
  guardFindingKey,
  nextStoryStatus,
  type StoryLanguage,
  type StoryStatus,
} from '@dawn/core';
import { sql } from 'kysely';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';
import { requireStory } from './story.access.ts';
import {
  currentVersions,
  storyConsents,
  visibleStories,
  type StoryRow,
  type StoryVersionRow,
} from './story.repository.ts';
import type {
  GuardReport,
  NewReadBack,
  NewStory,
  SaveStory,
  StoryTextInput,
  StorySummary,
  StoryView,
} from './story.schemas.ts';
import { identifiersOfSurvivor } from './story-identifiers.ts';

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a version's SHA-256 covers: every field of the text, in a fixed order. */
export function versionHash(text: Omit<StoryTextInput, 'language'> & { language: string }): string {
  return sha256(
    JSON.stringify([text.language, text.title, text.body, text.aspirations, text.interests]),
  );
}

async function toStoryView(db: Executor, story: StoryRow): Promise<StoryView> {
  const [versions, readBacks, consents, image] = await Promise.all([
    currentVersions(db, [story.id]),
    db
      .selectFrom('story_read_back')
      .leftJoin('app_user', 'app_user.id', 'story_read_back.read_by')
      .selectAll('story_read_back')
      .select('app_user.display_name as read_by_name')
      .where('story_read_back.story_id', '=', story.id)
      .orderBy('story_read_back.recorded_at', 'desc')
      .execute(),
    storyConsents(db, [story.id]),
    db
      .selectFrom('story_image')
      .select(['kind', 'document_id', 'width', 'height', 'sha256', 'attached_at'])
      .where('story_id', '=', story.id)
      .executeTakeFirst(),
  ]);
  return {
    image: image
      ? {
          kind: image.kind,
          documentId: image.document_id,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
          attachedAt: new Date(image.attached_at).toISOString(),
        }
      : null,
    id: story.id,
    careCaseId: story.care_case_id,
    publicPseudonym: story.public_pseudonym,
    originalLanguage: story.original_language,
    rescueYear: story.rescue_year,
    status: story.status,
    approvedAt: iso(story.approved_at),
    updatedAt: new Date(story.updated_at).toISOString(),
    texts: versions.map(toVersionView),
    readBacks: readBacks.map((row) => ({
      readAt: new Date(row.read_at).toISOString(),
      readBy: row.read_by,
      readByName: row.read_by_name,
      language: row.language,
      decision: row.decision,
      changesRequested: row.changes_requested,
      versionHashes: row.version_hashes,
    })),
    consents: consents.flatMap((row) =>
      row.channel && row.story_id
        ? [
            {
              id: row.id,
              channel: row.channel,
              givenAt: new Date(row.given_at).toISOString(),
              language: row.language,
              withdrawnAt: iso(row.withdrawn_at),
              active: row.active,
            },
          ]
        : [],
    ),
  };
}

export function toVersionView(row: StoryVersionRow) {
  return {
    language: row.language,
    version: row.version,
    title: row.title,
    body: row.body,
    aspirations: row.aspirations,
    interests: row.interests,
    sha256: row.sha256,
    savedAt: new Date(row.saved_at).toISOString(),
  };
}

/** The public pseudonym must not be, or sound like, a name on her record. */
async function checkPseudonym(deps: Deps, personId: string, pseudonym: string): Promise<void> {
  const identifiers = await identifiersOfSurvivor(deps, personId);
  const findings = checkStoryForIdentifiers([{ language: 'en', text: pseudonym }], {
    ...identifiers,
    phones: [],
    idNumbers: [],
    places: [],
  });
  if (findings.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.publicPseudonym: is too close to a name on her record; choose another with her',
      {
        issues: [
          {
            path: 'body.publicPseudonym',
            message: 'is too close to a name on her record; choose another with her',
          },
        ],
      },
    );
  }
}

async function insertVersions(
  trx: Executor,
  storyId: string,
  userId: string,
  texts: readonly StoryTextInput[],
): Promise<StoryLanguage[]> {
  const current = new Map(
    (await currentVersions(trx, [storyId])).map((row) => [row.language, row]),
  );
  const changed: StoryLanguage[] = [];
  for (const text of texts) {
    const hash = versionHash(text);
    const previous = current.get(text.language);
    if (previous?.sha256 === hash) continue;
    await trx
      .insertInto('story_version')
      .values({
        story_id: storyId,
        language: text.language,
        version: (previous?.version ?? 0) + 1,
        title: text.title,
        body: text.body,
        aspirations: text.aspirations,
        interests: text.interests,
        sha256: hash,
        saved_by: userId,
      })
      .execute();
    changed.push(text.language);
  }
  return changed;
}

export async function createStory(deps: Deps, caseId: string, input: NewStory): Promise<StoryView> {
  const { actor, careCase } = await requireCareCase(deps.db, 'story:write', caseId);
  await checkPseudonym(deps, careCase.person_id, input.publicPseudonym);
  const story = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('story')
      .values({
        organisation_id: careCase.organisation_id,
        care_case_id: careCase.id,
        person_id: careCase.person_id,
        public_pseudonym: input.publicPseudonym,
        original_language: input.originalLanguage,
        rescue_year: input.rescueYear ?? null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const languages = await insertVersions(trx, row.id, actor.userId, input.texts);
    await recordAudit(trx, {
      action: 'story.created',
      entityType: 'story',
      entityId: row.id,
      details: { careCaseId: careCase.id, languages },
    });
    return row;
  });
  return toStoryView(deps.db, story);
}

export async function getStory(deps: Deps, storyId: string): Promise<StoryView> {
  const { story } = await requireStory(deps.db, 'story:read', storyId);
  return toStoryView(deps.db, story);
}

export async function listStories(
  deps: Deps,
  query: {
    status?: StoryStatus | undefined;
    careCaseId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ stories: StorySummary[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'story:read');
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  let builder = deps.db
    .selectFrom('story')
    .selectAll()
    // The cursor's instant to the microsecond, as stored: a JavaScript Date keeps milliseconds,
    // and a cursor cut to them skipped every story updated later within the same millisecond.
    .select(
      sql<string>`to_char(story.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'updated_at_key',
      ),
    )
    .where(visibleStories(actor, scope))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.status) builder = builder.where('status', '=', query.status);
  if (query.careCaseId) builder = builder.where('care_case_id', '=', query.careCaseId);
  if (cursor)
    builder = builder.where(
      sql<boolean>`(story.updated_at, story.id) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`,
    );
  const rows = await builder.execute();
  const page = rows.slice(0, query.limit);
  const ids = page.map((row) => row.id);
  const [versions, consents] = await Promise.all([
    currentVersions(deps.db, ids),
    storyConsents(deps.db, ids),
  ]);
  const last = page.at(-1);
  return {
    stories: page.map((row) => ({
      id: row.id,
      careCaseId: row.care_case_id,
      publicPseudonym: row.public_pseudonym,
      originalLanguage: row.original_language,
      status: row.status,
      updatedAt: new Date(row.updated_at).toISOString(),
      languages: versions.filter((v) => v.story_id === row.id).map((v) => v.language),
      consentedChannels: [
        ...new Set(
          consents
            .filter((consent) => consent.story_id === row.id && consent.active && consent.channel)
            .map((consent) => consent.channel ?? 'calendar_print'),
        ),
      ],
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.updated_at_key}|${last.id}`).toString('base64url')
        : null,
  };
}

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    !id ||
    !UUID.test(id) ||
    !updatedAt ||
    !CURSOR_INSTANT.test(updatedAt) ||
    Number.isNaN(new Date(updatedAt).getTime())
  )
    throw new DomainError('VALIDATION_FAILED', 'query.cursor: is not a cursor from this list', {
      issues: [{ path: 'query.cursor', message: 'is not a cursor from this list' }],
    });
  return { updatedAt, id };
}

export async function saveStory(deps: Deps, storyId: string, input: SaveStory): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:write', storyId);
  if (story.status === 'published')
    throw new DomainError(
      'CONFLICT',
      'This story is in a printed edition: its text can no longer change.',
    );
  if (input.publicPseudonym && input.publicPseudonym !== story.public_pseudonym)
    await checkPseudonym(deps, story.person_id, input.publicPseudonym);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('story')
      .selectAll()
      .where('id', '=', storyId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const languages = await insertVersions(trx, storyId, actor.userId, input.texts);
    const pseudonymChanged =
      input.publicPseudonym !== undefined && input.publicPseudonym !== locked.public_pseudonym;
    const yearChanged = input.rescueYear !== undefined && input.rescueYear !== locked.rescue_year;
    const changed = languages.length > 0 || pseudonymChanged || yearChanged;
    if (!changed) return locked;
    const status = nextStoryStatus(locked.status, 'edit') ?? locked.status;
    const row = await trx
      .updateTable('story')
      .set({
        ...(input.publicPseudonym ? { public_pseudonym: input.publicPseudonym } : {}),
        ...(input.rescueYear !== undefined ? { rescue_year: input.rescueYear } : {}),
        status,
        approved_at: status === 'draft' ? null : locked.approved_at,
        approved_by: status === 'draft' ? null : locked.approved_by,
        updated_at: new Date(),
      })
      .where('id', '=', storyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'story.texts_saved',
      entityType: 'story',
      entityId: storyId,
      details: { languages, status, previousStatus: locked.status },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}

export async function storyVersions(deps: Deps, storyId: string, language: StoryLanguage) {
  const { story } = await requireStory(deps.db, 'story:read', storyId);
  const rows = await deps.db
    .selectFrom('story_version')
    .selectAll()
    .where('story_id', '=', story.id)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersionView);
}

/** Runs the guard on the current texts; overrides recorded for the same words apply. */
async function runGuard(deps: Deps, story: StoryRow): Promise<GuardReport> {
  const [versions, overrides, identifiers] = await Promise.all([
    currentVersions(deps.db, [story.id]),
    deps.db
      .selectFrom('story_guard_override')
      .select(['finding_key', 'reason'])
      .where('story_id', '=', story.id)
      .execute(),
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

async function auditedGuard(deps: Deps, story: StoryRow, stage: string): Promise<GuardReport> {
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

function refuseOpenFindings(report: GuardReport, before: string): void {
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
    await trx
      .insertInto('story_guard_override')
      .values({
        story_id: story.id,
        finding_key: finding.id,
        language: finding.language,
        kind: finding.kind,
        reason: input.reason,
        overridden_by: actor.userId,
      })
      .onConflict((conflict) =>
        conflict.columns(['story_id', 'finding_key']).doUpdateSet({
          reason: input.reason,
          overridden_by: actor.userId,
          overridden_at: sql<Date>`now()`,
        }),
      )
      .execute();
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

export async function recordReadBack(
  deps: Deps,
  storyId: string,
  input: NewReadBack,
): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:write', storyId);
  if (Date.parse(input.readAt) > Date.now() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'body.readAt: is in the future', {
      issues: [{ path: 'body.readAt', message: 'is in the future' }],
    });
  const status = nextStoryStatus(
    story.status,
    input.decision === 'agreed' ? 'read_back_agreed' : 'read_back_changes',
  );
  if (!status)
    throw new DomainError('CONFLICT', 'Only a draft is read back; edit the story to change it.');
  refuseOpenFindings(await auditedGuard(deps, story, 'read_back'), 'reading it back to her');
  const updated = await deps.db.transaction().execute(async (trx) => {
    const versions = await currentVersions(trx, [story.id]);
    await trx
      .insertInto('story_read_back')
      .values({
        story_id: story.id,
        read_at: new Date(input.readAt),
        read_by: actor.userId,
        language: input.language,
        decision: input.decision,
        changes_requested: input.changesRequested ?? null,
        version_hashes: JSON.stringify(
          Object.fromEntries(versions.map((version) => [version.language, version.sha256])),
        ),
      })
      .execute();
    const row = await trx
      .updateTable('story')
      .set({ status, updated_at: new Date() })
      .where('id', '=', story.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'story.read_back_recorded',
      entityType: 'story',
      entityId: story.id,
      details: { language: input.language, decision: input.decision },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}

export async function approveStory(deps: Deps, storyId: string): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:review', storyId);
  if (!nextStoryStatus(story.status, 'approve'))
    throw new DomainError(
      'CONFLICT',
      'Only a story that was read back to her, and that she agreed to, can be approved.',
    );
  refuseOpenFindings(await auditedGuard(deps, story, 'approval'), 'approving it');
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('story')
      .set({
        status: 'approved',
        approved_by: actor.userId,
        approved_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', story.id)
      .where('status', '=', 'read_back')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('CONFLICT', 'The story changed meanwhile; reload it.');
    const versions = await currentVersions(trx, [story.id]);
    await recordAudit(trx, {
      action: 'story.approved',
      entityType: 'story',
      entityId: story.id,
      details: { sha256: versions.map((version) => `${version.language}:${version.sha256}`) },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}
