import { parseCadre } from '../trainings/participant-import.ts';
import type { Cadre } from '../trainings/trainings.ts';
import type { ImportMapping } from './import-columns.ts';
import {
  importCellText,
  importRowReader,
  type ImportCell,
  type ImportProblem,
} from './import-cells.ts';
import type { TrainingParticipantImportField } from './training-participant-import-columns.ts';

/**
 * One participant of a training session as a spreadsheet row gives it: an official named with
 * their organisation (matched in the officials directory by the server), their cadre, rank,
 * posting and district as they were at the time, and the test scores. The same rules as the
 * trainings CSV (participant-import.ts), as per-cell problems in the generic import's words.
 */
export interface ImportedTrainingParticipant {
  /** The row's id in the file, else the official and organisation: what a re-run is keyed on. */
  externalId: string;
  official: string;
  organisation: string;
  cadre: Cadre;
  rank: string | null;
  posting: string | null;
  district: string | null;
  preScore: number | null;
  postScore: number | null;
}

const MAX_TEXT = 200;

/** Cadres as written in Bengali and Hindi registers; English words are parseCadre's. */
const CADRE_WORDS: Readonly<Record<string, Cadre>> = {
  পুলিশ: 'police',
  पुलिस: 'police',
  'সরকারি কৌঁসুলি': 'prosecutor',
  'লোক অভিযোক্তা': 'prosecutor',
  'लोक अभियोजक': 'prosecutor',
  अभियोजक: 'prosecutor',
  ম্যাজিস্ট্রেট: 'magistrate',
  मजिस्ट्रेट: 'magistrate',
  বিচারক: 'judge',
  न्यायाधीश: 'judge',
  'শিশু কল্যাণ সমিতি': 'cwc_member',
  'बाल कल्याण समिति': 'cwc_member',
  'শ্রম দপ্তর': 'labour_department',
  'श्रम विभाग': 'labour_department',
  'হোমের কর্মী': 'shelter_staff',
  'आश्रय गृह कर्मी': 'shelter_staff',
  অন্যান্য: 'other',
  अन्य: 'other',
};

function cadreOf(text: string): Cadre | undefined {
  return CADRE_WORDS[text.normalize('NFC').trim()] ?? parseCadre(text);
}

/** A score from 0 to 100: a number cell, or text digits (a spreadsheet may hold either). */
function scoreOf(cell: ImportCell): number | null | 'bad' {
  if (typeof cell === 'number') return cell >= 0 && cell <= 100 ? cell : 'bad';
  const text = importCellText(cell);
  if (text === '') return null;
  if (!/^\d{1,3}(\.\d+)?$/.test(text)) return 'bad';
  const value = Number(text);
  return value <= 100 ? value : 'bad';
}

/**
 * Checks one participant row, or says in plain words what is wrong with each cell. `read(field)`
 * gives the cell of the field's column.
 */
export function checkTrainingParticipantRow(
  row: number,
  mapping: ImportMapping,
  read: (field: TrainingParticipantImportField) => ImportCell,
): { value?: ImportedTrainingParticipant; problems: ImportProblem[] } {
  const { problems, text, problem } = importRowReader(row, mapping, read);
  const required = (field: 'official' | 'organisation', what: string) => {
    const value = text(field);
    if (value === '') problem(field, 'empty', `is empty; ${what} is required`);
    else if (value.length > MAX_TEXT)
      problem(field, 'too_long', `is longer than ${MAX_TEXT} characters`);
    return value;
  };
  const official = required('official', 'the official’s name');
  const organisation = required('organisation', 'the official’s organisation');
  const cadreText = text('cadre');
  const cadre = cadreText === '' ? undefined : cadreOf(cadreText);
  if (cadreText === '') problem('cadre', 'empty', 'is empty; the cadre is required');
  else if (!cadre)
    problem(
      'cadre',
      'unknown_code',
      'is not a cadre (police, prosecutor, magistrate, judge, CWC member, DLSA, labour department, shelter staff, other)',
      cadreText.slice(0, 40),
    );
  const optional = (field: 'rank' | 'posting' | 'district') => {
    const value = text(field);
    if (value.length > MAX_TEXT)
      problem(field, 'too_long', `is longer than ${MAX_TEXT} characters`);
    return value === '' ? null : value;
  };
  const rank = optional('rank');
  const posting = optional('posting');
  const district = optional('district');
  const score = (field: 'preScore' | 'postScore') => {
    const value = mapping[field] ? scoreOf(read(field)) : null;
    if (value === 'bad') problem(field, 'not_a_score', 'is not a score from 0 to 100', text(field));
    return value === 'bad' ? null : value;
  };
  const preScore = score('preScore');
  const postScore = score('postScore');
  const externalId = text('externalId');
  if (externalId.length > MAX_TEXT)
    problem('externalId', 'too_long', `is longer than ${MAX_TEXT} characters`);
  if (problems.length > 0 || !cadre) return { problems };
  return {
    value: {
      externalId:
        externalId === ''
          ? `${official.toLowerCase()}\u0000${organisation.toLowerCase()}`
          : externalId,
      official,
      organisation,
      cadre,
      rank,
      posting,
      district,
      preScore,
      postScore,
    },
    problems,
  };
}
