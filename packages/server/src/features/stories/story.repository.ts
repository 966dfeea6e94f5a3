import type { Scope, StoryChannel, StoryLanguage } from '@dawn/core';
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { StoryTable, StoryVersionTable } from '../../platform/db/schema-stories.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';

export type StoryRow = Selectable<StoryTable>;
export type StoryVersionRow = Selectable<StoryVersionTable>;

/** The caller's scope over stories as SQL: a story is seen through its care case's team or org. */
export function visibleStories(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'story'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('story.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'care_case')
            .whereRef('team_membership.entity_id', '=', 'story.care_case_id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      // Stories are never shared to partners, and shelters see no story.
      case 'shelter':
      case 'shared':
        return eb.val(false);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
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
