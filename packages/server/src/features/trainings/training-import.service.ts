import {
  checkParticipantHeader,
  checkParticipantRow,
  DomainError,
  type ParticipantRow,
  type RowProblem,
} from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  insertParticipants,
  officialsByNameAndOrganisation,
  participantOfficialIds,
} from './training.repository.ts';
import { visibleSession } from './training.service.ts';

const MAX_ROWS = 500;

function refuse(problems: RowProblem[]): never {
  throw new DomainError(
    'VALIDATION_FAILED',
    `Nothing was imported: ${problems.length === 1 ? 'one line needs' : `${problems.length} lines need`} correcting.`,
    {
      issues: problems.map((problem) => ({
        path: `body.csv.line ${problem.line}`,
        message: problem.message,
      })),
    },
  );
}

/** Reads the file into rows keyed by column, or refuses it with a plain reason. */
async function readCsv(csv: string): Promise<{ header: string[]; records: string[][] }> {
  // Loaded with the first list read, not at every start of the server.
  const { parse } = await import('csv-parse/sync');
  let lines: string[][];
  try {
    lines = parse(csv.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    refuse([
      {
        line,
        message: `Line ${line}: the file could not be read as CSV (a quotation mark may be missing).`,
      },
    ]);
  }
  const [header, ...records] = lines;
  if (!header) refuse([{ line: 1, message: 'Line 1: the file is empty.' }]);
  return { header: header.map((column) => column.trim().toLowerCase()), records };
}

/**
 * Imports a participant list (CSV) into a session: every row is checked first, and one bad row
 * means nothing is stored. Officials must be in the directory, matched by name and organisation.
 */
export async function importTrainingParticipants(deps: Deps, sessionId: string, csv: string) {
  await visibleSession(deps, sessionId, 'training:write');
  const { header, records } = await readCsv(csv);
  const headerProblems = checkParticipantHeader(header);
  if (headerProblems.length > 0)
    refuse([{ line: 1, message: `Line 1: ${headerProblems.join(' ')}` }]);
  if (records.length === 0) refuse([{ line: 2, message: 'Line 2: the list has no participants.' }]);
  if (records.length > MAX_ROWS)
    refuse([
      {
        line: MAX_ROWS + 2,
        message: `Line ${MAX_ROWS + 2}: a list holds at most ${MAX_ROWS} participants; split the file.`,
      },
    ]);

  const problems: RowProblem[] = [];
  const rows: ParticipantRow[] = [];
  records.forEach((record, index) => {
    const keyed = Object.fromEntries(header.map((column, position) => [column, record[position]]));
    const checked = checkParticipantRow(index + 2, keyed);
    problems.push(...checked.problems);
    if (checked.row) rows.push(checked.row);
  });

  const matches = await officialsByNameAndOrganisation(deps.db, rows);
  const officialOf = new Map<string, string[]>();
  for (const match of matches) {
    const key = `${match.name_key}\u0000${match.organisation_key}`;
    officialOf.set(key, [...(officialOf.get(key) ?? []), match.id]);
  }
  const resolved: (ParticipantRow & { officialId: string })[] = [];
  const lineOfOfficial = new Map<string, number>();
  for (const row of rows) {
    const ids =
      officialOf.get(`${row.official.toLowerCase()}\u0000${row.organisation.toLowerCase()}`) ?? [];
    const [officialId] = ids;
    if (ids.length === 0 || !officialId) {
      problems.push({
        line: row.line,
        message: `Line ${row.line}: no official named “${row.official}” at “${row.organisation}” is in the officials directory.`,
      });
    } else if (ids.length > 1) {
      problems.push({
        line: row.line,
        message: `Line ${row.line}: two officials named “${row.official}” work at “${row.organisation}”; add this one by hand.`,
      });
    } else if (lineOfOfficial.has(officialId)) {
      problems.push({
        line: row.line,
        message: `Line ${row.line}: “${row.official}” is already on line ${lineOfOfficial.get(officialId) ?? ''}.`,
      });
    } else {
      lineOfOfficial.set(officialId, row.line);
      resolved.push({ ...row, officialId });
    }
  }
  const already = await participantOfficialIds(
    deps.db,
    sessionId,
    resolved.map((row) => row.officialId),
  );
  for (const row of resolved) {
    if (already.has(row.officialId))
      problems.push({
        line: row.line,
        message: `Line ${row.line}: “${row.official}” is already a participant of this session.`,
      });
  }
  if (problems.length > 0) refuse(problems.sort((left, right) => left.line - right.line));

  await deps.db.transaction().execute(async (trx) => {
    await insertParticipants(trx, sessionId, resolved);
    await recordAudit(trx, {
      action: 'training.participants_added',
      entityType: 'training_session',
      entityId: sessionId,
      details: { count: resolved.length, via: 'import' },
    });
  });
  return { imported: resolved.length };
}
