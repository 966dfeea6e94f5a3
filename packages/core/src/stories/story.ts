import { z } from 'zod';

/**
 * Survivors' stories under pseudonyms (issue 13). A story belongs to a care case; every saved text
 * is a new version with its SHA-256; consent is per story and per channel.
 */
export const STORY_LANGUAGES = ['en', 'bn', 'hi'] as const;
export type StoryLanguage = (typeof STORY_LANGUAGES)[number];
export const storyLanguageSchema = z.enum(STORY_LANGUAGES);

export const STORY_CHANNELS = ['calendar_print', 'website', 'social_media'] as const;
export type StoryChannel = (typeof STORY_CHANNELS)[number];
export const storyChannelSchema = z.enum(STORY_CHANNELS);

/** The consent-ledger purpose of every story consent; the story and channel are columns beside it. */
export const STORY_CONSENT_PURPOSE = 'story_publication';

/**
 * draft → read_back (read to her in her language, she agreed) → approved (safeguarding review by a
 * programme manager) → published (in a printed edition). A new text version sends an agreed or
 * approved story back to draft: she must hear, and the reviewer must see, what will be printed.
 */
export const STORY_STATUSES = ['draft', 'read_back', 'approved', 'published'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

export type StoryAction = 'edit' | 'read_back_agreed' | 'read_back_changes' | 'approve' | 'publish';

export function nextStoryStatus(
  current: StoryStatus,
  action: StoryAction,
): StoryStatus | undefined {
  switch (action) {
    case 'edit':
      return current === 'published' ? undefined : 'draft';
    case 'read_back_agreed':
      return current === 'draft' ? 'read_back' : undefined;
    case 'read_back_changes':
      return current === 'draft' ? 'draft' : undefined;
    case 'approve':
      return current === 'read_back' ? 'approved' : undefined;
    case 'publish':
      return current === 'approved' || current === 'published' ? 'published' : undefined;
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** A story may be placed in an edition once approved (and stays placeable once published). */
export function isPublishable(status: StoryStatus): boolean {
  return status === 'approved' || status === 'published';
}
