import type { Scope, StoryChannel, StoryLanguage, StoryStatus } from '@dawn/core';
import { sql, type ExpressionBuilder, type Insertable, type Selectable } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type {
  StoryGuardOverrideTable,
  StoryTable,
  StoryVersionTable,
} from '../../platform/db/schema-stories.ts';
import { visibleCareCases, type Executor } from '../care-cases/care-case.repository.ts';

export type StoryRow = Selectable<StoryTable>;
export type StoryVersionRow = Selectable<StoryVersionTable>;

/**
 * The caller's scope over stories as SQL: a story is seen exactly as its care case is (the care
 * case's own scope rule), except that stories are never shared to partners and shelters see none.
 */
export function visibleStories(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'story'>) =>
    scope === 'shelter' || scope === 'shared'
      ? eb.val(false)
      : eb.exists(
          eb
            .selectFrom('care_case')
            .select(sql`1`.as('one'))
            .whereRef('care_case.id', '=', 'story.care_case_id')
            .where(visibleCareCases(actor, scope)),
        );
}

/**
 * One page of the caller's stories, newest change first, and one row more than `limit` (so the
 * caller knows whether another page follows). `updated_at_key` is the instant to the microsecond,
 * as stored: a JavaScript Date keeps milliseconds, and a cursor cut to them skipped every story
 * updated later within the same millisecond.
 */
export async function storiesPage(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: {
    status?: StoryStatus | undefined;
    careCaseId?: string | undefined;
    limit: number;
    after?: { updatedAt: string; id: string } | undefined;
  },
) {
  let builder = db
    .selectFrom('story')
    .selectAll()
    .select(
      sql<string>`to_char(story.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'updated_at_key',
      ),
    )
    .where(visibleStories(actor, scope))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) builder = builder.where('status', '=', filter.status);
  if (filter.careCaseId) builder = builder.where('care_case_id', '=', filter.careCaseId);
  if (filter.after)
    builder = builder.where(
      sql<boolean>`(story.updated_at, story.id) < (${filter.after.updatedAt}::timestamptz, ${filter.after.id}::uuid)`,
    );
  return builder.execute();
}

export async function findVisibleStory(
  db: Executor,
  actor: Actor,
  scope: Scope,
  storyId: string,
): Promise<StoryRow | undefined> {
  return db
    .selectFrom('story')
    .selectAll()
    .where('story.id', '=', storyId)
    .where(visibleStories(actor, scope))
    .executeTakeFirst();
}

/** The story's row, locked until the transaction ends: one change to a story at a time. */
export async function lockStory(trx: Executor, storyId: string): Promise<StoryRow> {
  return trx
    .selectFrom('story')
    .selectAll()
    .where('id', '=', storyId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The newest version of each language of each story given. */
export async function currentVersions(
  db: Executor,
  storyIds: readonly string[],
): Promise<StoryVersionRow[]> {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('story_version')
    .selectAll()
    .where('story_id', 'in', storyIds)
    .where((eb) =>
      eb(
        'version',
        '=',
        eb
          .selectFrom('story_version as newer')
          .select((inner) => inner.fn.max('newer.version').as('max'))
          .whereRef('newer.story_id', '=', 'story_version.story_id')
          .whereRef('newer.language', '=', 'story_version.language'),
      ),
    )
    .orderBy('language')
    .execute();
}

export async function insertStoryVersions(
  db: Executor,
  versions: readonly Insertable<StoryVersionTable>[],
): Promise<void> {
  if (versions.length > 0)
    await db
      .insertInto('story_version')
      .values([...versions])
      .execute();
}

/** Who read the story back to her, newest first. */
export async function readBacksOf(db: Executor, storyId: string) {
  return db
    .selectFrom('story_read_back')
    .leftJoin('app_user', 'app_user.id', 'story_read_back.read_by')
    .selectAll('story_read_back')
    .select('app_user.display_name as read_by_name')
    .where('story_read_back.story_id', '=', storyId)
    .orderBy('story_read_back.recorded_at', 'desc')
    .execute();
}

/** The story's image, without its content. */
export async function imageOf(db: Executor, storyId: string) {
  return db
    .selectFrom('story_image')
    .select(['kind', 'document_id', 'width', 'height', 'sha256', 'attached_at'])
    .where('story_id', '=', storyId)
    .executeTakeFirst();
}

export async function guardOverrides(db: Executor, storyId: string) {
  return db
    .selectFrom('story_guard_override')
    .select(['finding_key', 'reason'])
    .where('story_id', '=', storyId)
    .execute();
}

/** An override of one guard finding; overriding it again replaces the reason. */
export async function saveGuardOverride(
  db: Executor,
  override: Insertable<StoryGuardOverrideTable>,
): Promise<void> {
  await db
    .insertInto('story_guard_override')
    .values(override)
    .onConflict((conflict) =>
      conflict.columns(['story_id', 'finding_key']).doUpdateSet({
        reason: override.reason,
        overridden_by: override.overridden_by,
        overridden_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export async function versionHistory(
  db: Executor,
  storyId: string,
  language: StoryLanguage,
): Promise<StoryVersionRow[]> {
  return db
    .selectFrom('story_version')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .execute();
}

/** Consents on stories, with whether each is in force now (computed in SQL, one round trip). */
export async function storyConsents(db: Executor, storyIds: readonly string[]) {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('consent')
    .select([
      'id',
      'story_id',
      'channel',
      'given_at',
      'language',
      'withdrawn_at',
      sql<boolean>`(given_at <= now() and (withdrawn_at is null or withdrawn_at > now())
        and (expires_at is null or expires_at > now()))`.as('active'),
    ])
    .where('story_id', 'in', storyIds)
    .where('purpose', '=', 'story_publication')
    .orderBy('given_at', 'desc')
    .execute();
}

/** A consent in force now for this story and channel, as SQL (withdrawal hides at once). */
export function hasActiveStoryConsent(channel: StoryChannel) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'story'>) =>
    eb.exists(
      eb
        .selectFrom('consent')
        .select(sql`1`.as('one'))
        .whereRef('consent.story_id', '=', 'story.id')
        .where('consent.purpose', '=', 'story_publication')
        .where('consent.channel', '=', channel)
        .where('consent.given_at', '<=', sql<Date>`now()`)
        .where((inner) =>
          inner.or([
            inner('consent.withdrawn_at', 'is', null),
            inner('consent.withdrawn_at', '>', sql<Date>`now()`),
          ]),
        )
        .where((inner) =>
          inner.or([
            inner('consent.expires_at', 'is', null),
            inner('consent.expires_at', '>', sql<Date>`now()`),
          ]),
        ),
    );
}
