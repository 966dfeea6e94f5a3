import type {
  ImportCell,
  ImportFieldSpec,
  ImportKind,
  ImportMapping,
  ImportProblem,
  ImportProblemCode,
  Permission,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';

/**
 * What one kind of record (persons, care cases, …) brings to the generic import job: its columns,
 * its row check, what a checked row would do against what is stored, and how a batch is written.
 * The job (import.job.ts) does the rest: reading, mapping, the dry run, batches, resume, progress
 * and the summary, the same for every kind.
 */
export type RowAction = 'create' | 'update' | 'link' | 'skip' | 'not_imported';

/**
 * The importer's answer to a row listed for review as likely someone already in Dawn: she is that
 * person (the row's id is linked to her; nothing of hers changes), or she is someone else
 * (recorded as new). A row without an answer waits, as before.
 */
export type ImportDecision =
  | { row: number; decision: 'same_person'; personId: string }
  | { row: number; decision: 'new_person' };

/** The answers by row. */
export type ImportDecisions = ReadonlyMap<number, ImportDecision>;

export interface CheckedRow<Value> {
  row: number;
  externalId: string | null;
  /** Present when the row can go in; a row with problems has none. */
  value?: Value;
  problems: ImportProblem[];
}

/** What a row would do; a likely duplicate waits for review instead of being created. */
export interface Verdict {
  action: RowAction;
  duplicateOf?: { personId: string; pseudonym: string; score: number };
  /** The external id of a person the row records with its own record (a care case's survivor). */
  newPerson?: string;
  /** A `link` row's person: the one the importer said the row is. */
  linkTo?: string;
}

export interface BatchWritten {
  created: number;
  updated: number;
  /** Ids of what was written, for the audit entry (never a cell value). */
  entityIds: string[];
  /** Persons recorded with the rows' own records (care cases naming a survivor new to Dawn). */
  personsCreated?: number;
  /** Rows linked to a person already in Dawn, at the importer's word. */
  linked?: number;
  /**
   * What follows the batch once it has committed, as it follows a record made on the form (the
   * re-trafficking check after care cases are opened), given the job's own connection (the batch's
   * transaction is over). Its failure leaves the batch committed.
   */
  afterCommit?: (deps: Deps) => Promise<unknown>;
}

export interface ImportPipeline<Value> {
  kind: ImportKind;
  specs: readonly ImportFieldSpec[];
  /** What writing this kind needs beyond `import:run`. */
  permissions: readonly Permission[];
  /**
   * Whether its classify reads the importer's answers to rows listed for review (persons, care
   * cases); another kind's rows listed for review wait for the file to be corrected.
   */
  answersReview?: boolean;
  /** What writing needs besides, given the file's mapping (columns that record a person). */
  permissionsFor?(mapping: ImportMapping): readonly Permission[];
  checkRow(
    row: number,
    mapping: ImportMapping,
    read: (field: string) => ImportCell,
    today: string,
  ): { value?: Value; problems: ImportProblem[] };
  /** Checks across the file's rows, after each was checked on its own (e.g. twins). */
  checkFile?(rows: CheckedRow<Value>[]): void;
  /**
   * What each row would do against what is stored, a batch at a time in a fixed number of round
   * trips. A row found unable to go in (an unknown person, say) gets problems and loses its value.
   */
  classify(
    deps: Deps,
    organisationId: string,
    rows: CheckedRow<Value>[],
    decisions: ImportDecisions,
  ): Promise<Verdict[]>;
  /** Writes a batch's creates and updates in the job's transaction, a fixed number of statements. */
  write(
    deps: Deps,
    trx: Transaction<DatabaseSchema>,
    actor: Actor,
    jobId: string,
    rows: WriteRow<Value>[],
  ): Promise<BatchWritten>;
}

/** A row the batch writes: created, updated, or (persons) linked to the person `linkTo`. */
export interface WriteRow<Value> {
  row: CheckedRow<Value>;
  value: Value;
  action: 'create' | 'update' | 'link';
  linkTo?: string;
}

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
  action: RowAction;
  /** Plain sentences, cell values included: shown to the importer, never stored. */
  problems: string[];
  /** The same, as codes the screens translate. */
  issues: RowIssue[];
  duplicateOf?: { personId: string; pseudonym: string; score: number };
  /** The external id of the person the row would record with it (her id, never her name). */
  newPerson?: string;
  /** A `link` row's person (the importer said the row is her). */
  linkTo?: string;
  /** A row listed for review that an answer can decide (`decisions` in the run's body). */
  answerable?: boolean;
}

export interface DryRunReport {
  kind: ImportKind;
  headerRow: number;
  headers: string[];
  mapping: ImportMapping;
  totalRows: number;
  toCreate: number;
  toUpdate: number;
  /** Rows the importer's answers link to a person already in Dawn. */
  toLink: number;
  toSkip: number;
  notImported: number;
  /** Persons the rows would record with them (each counted once, however many rows name her). */
  newPersons: number;
  rows: RowReport[];
}
