import { describeImportProblem, type ImportProblem } from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import type { StoredImportProblem } from '../../platform/db/schema-imports.ts';
import type {
  CheckedRow,
  ImportDecision,
  ImportDecisions,
  ImportPipeline,
  RowAction,
  RowReport,
  Verdict,
} from './import-pipeline.ts';

/**
 * What the import job says of each row (import.job.ts): the report of a row's verdict in plain
 * words and codes, the counts, the importer's answers by row, and what the job keeps of a row that
 * did not go in (never the cell's value).
 */
const issueOf = ({ column, code, value, otherRow, score }: ImportProblem) => ({
  column,
  code,
  ...(value === undefined ? {} : { value }),
  ...(otherRow === undefined ? {} : { otherRow }),
  ...(score === undefined ? {} : { score }),
});

export function reportOf<Value>(
  row: CheckedRow<Value>,
  verdict: Verdict | undefined,
  answerable: boolean,
): RowReport {
  const base = { row: row.row, externalId: row.externalId };
  if (row.value === undefined || !verdict)
    return {
      ...base,
      action: 'not_imported',
      problems: row.problems.map(describeImportProblem),
      issues: row.problems.map(issueOf),
    };
  const duplicate = verdict.duplicateOf;
  if (duplicate)
    return {
      ...base,
      action: 'not_imported',
      problems: [
        `row ${row.row}: may be the same person as ${duplicate.pseudonym} (similarity ${duplicate.score}); review before importing`,
      ],
      issues: [
        {
          column: null,
          code: 'likely_duplicate',
          pseudonym: duplicate.pseudonym,
          score: duplicate.score,
        },
      ],
      duplicateOf: duplicate,
      ...(answerable ? { answerable } : {}),
    };
  return {
    ...base,
    action: verdict.action,
    problems: [],
    issues: [],
    ...(verdict.newPerson === undefined ? {} : { newPerson: verdict.newPerson }),
    ...(verdict.linkTo === undefined ? {} : { linkTo: verdict.linkTo }),
  };
}

export async function classify<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  organisationId: string,
  rows: CheckedRow<Value>[],
  decisions: ImportDecisions,
): Promise<RowReport[]> {
  const verdicts = await pipeline.classify(deps, organisationId, rows, decisions);
  return rows.map((row, index) => reportOf(row, verdicts[index], pipeline.answersReview === true));
}

export function count(reports: RowReport[], action: RowAction): number {
  return reports.filter((report) => report.action === action).length;
}

/** The answers by row; a row answered twice keeps its last answer. */
export const decisionsByRow = (decisions: readonly ImportDecision[] = []): ImportDecisions =>
  new Map(decisions.map((decision) => [decision.row, decision]));

/** Where and why a row did not go in, without the cell's value: the job row outlives the upload. */
export function storedProblems<Value>(
  report: RowReport,
  row: CheckedRow<Value>,
): StoredImportProblem[] {
  if (report.duplicateOf)
    return [
      {
        row: report.row,
        column: null,
        code: 'likely_duplicate',
        pseudonym: report.duplicateOf.pseudonym,
        score: report.duplicateOf.score,
        reason: `may be the same person as ${report.duplicateOf.pseudonym} (similarity ${report.duplicateOf.score}); review before importing`,
      },
    ];
  return row.problems.map(({ row: number, column, code, reason, otherRow, score }) => ({
    row: number,
    column,
    code,
    reason,
    ...(otherRow === undefined ? {} : { otherRow, score }),
  }));
}
