import { useTranslation } from 'react-i18next';

/** The import screen's strings live under `imports` (i18n/features/imports). */
export function useImportsT() {
  return useTranslation(undefined, { keyPrefix: 'imports' });
}

export type ImportProblemCode =
  | 'empty'
  | 'too_long'
  | 'not_a_date'
  | 'future_date'
  | 'before_1900'
  | 'unknown_sex'
  | 'unknown_age_band'
  | 'not_a_phone'
  | 'not_a_country'
  | 'duplicate_id'
  | 'likely_duplicate'
  | 'duplicate_in_file'
  | 'batch_failed'
  | 'unknown_code'
  | 'out_of_sequence'
  | 'unknown_person'
  | 'unknown_organisation'
  | 'changed_after_import'
  | 'not_a_score'
  | 'unknown_offence'
  | 'not_an_fir_number'
  | 'fir_exists'
  | 'unknown_official'
  | 'ambiguous_official'
  | 'repeated_official';

/** Mirrors the server's schemas (features/imports/import.schemas.ts). */
export interface RowIssue {
  column: string | null;
  code: ImportProblemCode;
  value?: string;
  pseudonym?: string;
  score?: number;
  otherRow?: number;
}

export interface RowReport {
  row: number;
  externalId: string | null;
  action: 'create' | 'update' | 'link' | 'skip' | 'not_imported';
  issues: RowIssue[];
  /** Listed for review: likely this person already in Dawn. */
  duplicateOf?: { personId: string; pseudonym: string; score: number };
  /** Whether an answer can decide it (persons and care cases). */
  answerable?: boolean;
  /** The external id of the person the row records with its care case. */
  newPerson?: string;
}

export interface DryRunReport {
  headerRow: number;
  headers: string[];
  mapping: Record<string, string>;
  totalRows: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  notImported: number;
  /** Persons the rows would record with their care cases, each once. */
  newPersons: number;
  rows: RowReport[];
}

export interface ImportJob {
  id: string;
  status: 'running' | 'finished' | 'failed';
  totalRows: number;
  doneRows: number;
  created: number;
  updated: number;
  skipped: number;
  notImported: number;
  /** Survivors new to Dawn recorded with the rows' care cases. */
  personsCreated: number;
  /** Rows linked to a person already in Dawn, as the importer answered. */
  linked: number;
  problems: (RowIssue & { row: number })[];
  /** Rows imported whose re-trafficking check could not run afterwards. */
  followUpFailed: { firstRow: number; lastRow: number }[];
}

/** The file as base64, for the JSON body. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** What the rows of a file are (the server's IMPORT_KINDS). */
export type ImportKind = 'persons' | 'care_cases' | 'legal_cases' | 'training_participants';

/** Mirrors the server's savedMappingSchema. */
export interface SavedMapping {
  kind: ImportKind;
  mapping: Record<string, string>;
  fields: { field: string; required: boolean }[];
}
