import { CADRES, type Cadre } from './trainings.ts';

/**
 * A participant list from a spreadsheet (CSV): one row per official, who must already be in the
 * officials directory. Checked whole before anything is stored: one bad row and nothing is
 * imported, and every bad row is named with its line number and a plain sentence.
 */
export const PARTICIPANT_COLUMNS = [
  'official',
  'organisation',
  'cadre',
  'rank',
  'posting',
  'district',
  'pre_score',
  'post_score',
] as const;
export const REQUIRED_PARTICIPANT_COLUMNS = ['official', 'organisation', 'cadre'] as const;

export interface ParticipantRow {
  line: number;
  official: string;
  organisation: string;
  cadre: Cadre;
  rank: string | null;
  posting: string | null;
  district: string | null;
  preScore: number | null;
  postScore: number | null;
}

export interface RowProblem {
  line: number;
  message: string;
}

const CADRE_WORDS: Record<string, Cadre> = {
  police: 'police',
  prosecutor: 'prosecutor',
  'public prosecutor': 'prosecutor',
  magistrate: 'magistrate',
  judge: 'judge',
  cwc: 'cwc_member',
  'cwc member': 'cwc_member',
  dlsa: 'dlsa',
  labour: 'labour_department',
  'labour department': 'labour_department',
  'shelter staff': 'shelter_staff',
  shelter: 'shelter_staff',
  other: 'other',
};

export function parseCadre(text: string): Cadre | undefined {
  const key = text.trim().toLowerCase().replace(/[_-]+/g, ' ');
  return (
    CADRE_WORDS[key] ??
    ((CADRES as readonly string[]).find((cadre) => cadre === key.replace(/ /g, '_')) as
      Cadre | undefined)
  );
}

function parseScore(text: string | undefined): number | null | 'bad' {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  if (!/^\d{1,3}(\.\d+)?$/.test(trimmed)) return 'bad';
  const value = Number(trimmed);
  return value >= 0 && value <= 100 ? value : 'bad';
}

/** The header's problems (missing or unknown columns), in plain words. */
export function checkParticipantHeader(header: readonly string[]): string[] {
  const columns = header.map((column) => column.trim().toLowerCase());
  const problems: string[] = [];
  const missing = REQUIRED_PARTICIPANT_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0)
    problems.push(`The first line must name the columns; missing: ${missing.join(', ')}.`);
  const unknown = columns.filter(
    (column) => column !== '' && !(PARTICIPANT_COLUMNS as readonly string[]).includes(column),
  );
  if (unknown.length > 0)
    problems.push(
      `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Columns are: ${PARTICIPANT_COLUMNS.join(', ')}.`,
    );
  return problems;
}

/** Checks one data row (keyed by lower-case column name); `line` is its line in the file. */
export function checkParticipantRow(
  line: number,
  record: Readonly<Record<string, string | undefined>>,
): { row?: ParticipantRow; problems: RowProblem[] } {
  const problems: string[] = [];
  const value = (column: string) => (record[column] ?? '').trim();
  const official = value('official');
  const organisation = value('organisation');
  if (official === '') problems.push('the official’s name is empty');
  else if (official.length > 200)
    problems.push('the official’s name is longer than 200 characters');
  if (organisation === '') problems.push('the organisation is empty');
  const cadre = parseCadre(value('cadre'));
  if (!cadre)
    problems.push(
      value('cadre') === ''
        ? 'the cadre is empty'
        : `“${value('cadre').slice(0, 40)}” is not a cadre (police, prosecutor, magistrate, judge, CWC member, DLSA, labour department, shelter staff, other)`,
    );
  const preScore = parseScore(record.pre_score);
  const postScore = parseScore(record.post_score);
  if (preScore === 'bad') problems.push('the pre-test score is not a number from 0 to 100');
  if (postScore === 'bad') problems.push('the post-test score is not a number from 0 to 100');
  for (const column of ['rank', 'posting', 'district'] as const) {
    if (value(column).length > 200) problems.push(`the ${column} is longer than 200 characters`);
  }
  if (problems.length > 0 || !cadre || preScore === 'bad' || postScore === 'bad') {
    return {
      problems: [{ line, message: `Line ${line}: ${problems.join('; ')}.` }],
    };
  }
  const optional = (column: string) => (value(column) === '' ? null : value(column));
  return {
    row: {
      line,
      official,
      organisation,
      cadre,
      rank: optional('rank'),
      posting: optional('posting'),
      district: optional('district'),
      preScore,
      postScore,
    },
    problems: [],
  };
}
