import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { StoryChannel, StoryLanguage, StoryStatus } from '@dawn/core';

/** Tables of migration 0012: stories, their versions and read-backs, calendar editions. */
export interface StoryTable {
  id: Generated<string>;
  organisation_id: string;
  care_case_id: string;
  person_id: string;
  public_pseudonym: string;
  original_language: StoryLanguage;
  rescue_year: number | null;
  status: Generated<StoryStatus>;
  approved_by: string | null;
  approved_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StoryVersionTable {
  id: Generated<string>;
  story_id: string;
  language: StoryLanguage;
  version: number;
  title: string;
  body: string;
  aspirations: string;
  interests: string;
  sha256: string;
  saved_by: string | null;
  saved_at: Generated<Date>;
}

export interface StoryReadBackTable {
  id: Generated<string>;
  story_id: string;
  read_at: Date;
  read_by: string | null;
  language: StoryLanguage;
  decision: 'agreed' | 'changes_requested';
  changes_requested: string | null;
  version_hashes: JSONColumnType<Record<string, string>>;
  recorded_at: Generated<Date>;
}

export interface StoryGuardOverrideTable {
  id: Generated<string>;
  story_id: string;
  finding_key: string;
  language: string;
  kind: string;
  reason: string;
  overridden_by: string | null;
  overridden_at: Generated<Date>;
}

export interface CalendarEditionTable {
  id: Generated<string>;
  organisation_id: string;
  year: number;
  title: string;
  subtitle: Generated<string>;
  paper: Generated<'A4' | 'A3'>;
  orientation: Generated<'portrait' | 'landscape'>;
  bleed_marks: Generated<boolean>;
  status: Generated<'draft' | 'printed'>;
  printed_at: Date | null;
  printed_by: string | null;
  do_not_reprint: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CalendarEditionMonthTable {
  edition_id: string;
  month: number;
  story_id: string;
  languages: ColumnType<StoryLanguage[], StoryLanguage[], StoryLanguage[]>;
}

export interface CalendarHolidayTable {
  id: Generated<string>;
  month: number;
  day: number;
  name_en: string;
  name_bn: string;
  name_hi: string;
}

/** The consent ledger's columns for story consents (added to `consent` by migration 0012). */
export interface StoryConsentColumns {
  story_id: ColumnType<string | null, string | null | undefined, string | null>;
  channel: ColumnType<StoryChannel | null, StoryChannel | null | undefined, StoryChannel | null>;
}

/** Migration 0018: a story's image, re-encoded without metadata. */
export interface StoryImageTable {
  story_id: string;
  document_id: string;
  kind: 'illustration' | 'photo_without_face';
  mime_type: 'image/jpeg';
  content: Buffer;
  width: number;
  height: number;
  sha256: string;
  attached_by: string | null;
  attached_at: Generated<Date>;
}

export interface StoryTables {
  story: StoryTable;
  story_version: StoryVersionTable;
  story_read_back: StoryReadBackTable;
  story_guard_override: StoryGuardOverrideTable;
  calendar_edition: CalendarEditionTable;
  calendar_edition_month: CalendarEditionMonthTable;
  calendar_holiday: CalendarHolidayTable;
  story_image: StoryImageTable;
}
