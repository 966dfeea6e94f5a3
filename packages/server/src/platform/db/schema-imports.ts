import type { ColumnType, Generated } from 'kysely';

/** Tables of migration 0020: spreadsheet imports. */
type Json<T> = ColumnType<T, string, string>;

export interface ImportMappingTable {
  organisation_id: string;
  kind: string;
  mapping: Json<Record<string, string>>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

/** A problem as stored: where and why, never the cell's value. */
/** An importer's answer to a row listed for review (the imports feature's `ImportDecision`). */
export type ImportDecisionRow =
  | { row: number; decision: 'same_person'; personId: string }
  | { row: number; decision: 'new_person' };

export interface StoredImportProblem {
  row: number;
  column: string | null;
  /** An ImportProblemCode (packages/core/src/imports): the screens translate it. */
  code: string;
  reason: string;
  /** For a likely duplicate: the pseudonym of the person it resembles, and the score. */
  pseudonym?: string;
  score?: number;
  otherRow?: number;
}

export interface ImportJobTable {
  id: Generated<string>;
  organisation_id: string;
  kind: string;
  status: 'running' | 'finished' | 'failed';
  file_fingerprint: string;
  total_rows: number;
  next_row: number;
  created: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  not_imported: Generated<number>;
  problems: ColumnType<StoredImportProblem[], string | undefined, string>;
  /** Rows whose follow-up failed after their batch committed (migration 0037l). */
  follow_up_failed: ColumnType<{ firstRow: number; lastRow: number }[], string | undefined, string>;
  /** Persons recorded with the rows' own records, a care case's new survivor (migration 0037m). */
  persons_created: Generated<number>;
  /** Rows linked to a person already in Dawn at the importer's word (migration 0037m). */
  linked: Generated<number>;
  /** The importer's answers to rows listed for review, for a resume (migration 0037m). */
  decisions: ColumnType<ImportDecisionRow[], string | undefined, string>;
  created_by: string | null;
  /** The training session a participant list goes into (kind training_participants). */
  training_session_id: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface ImportRecordTable {
  organisation_id: string;
  kind: string;
  external_id: string;
  entity_id: string;
  row_hash: string;
  job_id: string;
  updated_at: Generated<Date>;
}

export interface ImportTables {
  import_mapping: ImportMappingTable;
  import_job: ImportJobTable;
  import_record: ImportRecordTable;
}
