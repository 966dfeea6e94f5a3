import type { ColumnType, Generated } from 'kysely';

/** Tables of migration 0013: trainings of justice officials. */
type CalendarDate = ColumnType<string, string, string>;

export interface TrainingProgrammeTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  topic: string;
  curriculum: Generated<string>;
  target_cadres: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface TrainingSessionTable {
  id: Generated<string>;
  programme_id: string;
  organisation_id: string;
  // Read through ::text (see the repository): a calendar date, not an instant.
  starts_on: CalendarDate;
  ends_on: CalendarDate;
  venue: string;
  district: string;
  partner_institution: string;
  trainers: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface TrainingParticipantTable {
  id: Generated<string>;
  session_id: string;
  official_id: string;
  cadre: string;
  rank: string | null;
  posting: string | null;
  district: string | null;
  pre_score: number | null;
  post_score: number | null;
  feedback_rating: number | null;
  feedback_comment: string | null;
  certificate_code: string | null;
  certificate_issued_at: Date | null;
  added_at: Generated<Date>;
}

export interface TrainingAttendanceTable {
  participant_id: string;
  day: CalendarDate;
}

export interface TrainingTables {
  training_programme: TrainingProgrammeTable;
  training_session: TrainingSessionTable;
  training_participant: TrainingParticipantTable;
  training_attendance: TrainingAttendanceTable;
}
