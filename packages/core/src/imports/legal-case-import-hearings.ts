import { HEARING_PURPOSES } from '../legal-cases/legal-case-events.ts';
import type { ImportRowReader } from './import-cells.ts';
import { importCodeOf } from './import-row-rules.ts';
import type { LegalCaseImportField } from './legal-case-import-columns.ts';
import type { LegalCaseRowSteps } from './legal-case-import-events.ts';
import {
  APPEAL_OUTCOME_WORDS,
  APPEAL_OUTCOMES,
  APPEALED_BY,
  APPEALED_BY_WORDS,
  HEARING_PURPOSE_WORDS,
  HEARING_STATUS_WORDS,
  HEARING_STATUSES,
} from './legal-case-import-words.ts';

/**
 * A legal-case row's other hearing (its date, purpose, held or adjourned) and its appeal (filed:
 * date, by whom, in which court; decided: date and outcome), read and checked on their own
 * cells. Whether they fit the case's other steps (an appeal needs a judgment, a decision needs
 * the appeal) is the timeline's sequence rules' to say, as for an event recorded by hand.
 */
type Reader = ImportRowReader<LegalCaseImportField>;

/** A code column of the row: undefined when empty, else the code or a problem in words. */
function codeCell<Code extends string>(
  { text, problem }: Reader,
  field: LegalCaseImportField,
  codes: readonly Code[],
  words: Readonly<Record<string, Code>>,
  what: string,
): Code | undefined {
  const written = text(field);
  if (written === '') return undefined;
  const code = importCodeOf(codes, words, written);
  if (!code)
    problem(field, 'unknown_code', `is not ${what} Dawn knows (${codes.join(', ')})`, written);
  return code;
}

/** Columns filled in that need `field`'s date, quoted: "'Purpose', 'Held or adjourned'". */
function needDate(reader: Reader, field: LegalCaseImportField, others: LegalCaseImportField[]) {
  const filled = others.filter((other) => reader.text(other) !== '');
  if (filled.length > 0 && reader.text(field) === '')
    reader.problem(
      field,
      'empty',
      `is empty; ${filled.map((other) => `'${reader.column(other)}'`).join(', ')} ${filled.length > 1 ? 'need' : 'needs'} its date`,
    );
}

/** The other hearing: of purpose `other` when the row does not say, held unless adjourned. */
export function readHearing(reader: Reader): LegalCaseRowSteps['hearing'] {
  const purpose = codeCell(
    reader,
    'hearingPurpose',
    HEARING_PURPOSES,
    HEARING_PURPOSE_WORDS,
    'a hearing purpose',
  );
  const status = codeCell(
    reader,
    'hearingStatus',
    HEARING_STATUSES,
    HEARING_STATUS_WORDS,
    'a hearing status',
  );
  const day = reader.date('hearingDate');
  needDate(reader, 'hearingDate', ['hearingPurpose', 'hearingStatus']);
  return day ? { day, purpose: purpose ?? 'other', adjourned: status === 'adjourned' } : undefined;
}

/** The appeal against the judgment: who filed it is required with its date. */
export function readAppeal(reader: Reader): LegalCaseRowSteps['appeal'] {
  const { text, date, column, problem } = reader;
  const by = codeCell(reader, 'appealBy', APPEALED_BY, APPEALED_BY_WORDS, 'an appellant');
  const filed = date('appealFiledDate');
  needDate(reader, 'appealFiledDate', ['appealBy', 'appealCourt']);
  if (filed && text('appealBy') === '')
    problem(
      'appealBy',
      'empty',
      `is empty; '${column('appealFiledDate')}' needs who filed the appeal (${APPEALED_BY.join(', ')})`,
    );
  const outcome = codeCell(
    reader,
    'appealOutcome',
    APPEAL_OUTCOMES,
    APPEAL_OUTCOME_WORDS,
    'an appeal outcome',
  );
  const decided = date('appealDecidedDate');
  needDate(reader, 'appealDecidedDate', ['appealOutcome']);
  if (decided && text('appealOutcome') === '')
    problem(
      'appealOutcome',
      'empty',
      `is empty; '${column('appealDecidedDate')}' needs how the appeal was decided (${APPEAL_OUTCOMES.join(', ')})`,
    );
  const court = text('appealCourt').slice(0, 200);
  if (!filed && !decided) return undefined;
  return {
    ...(filed && by ? { filed, by } : {}),
    ...(court ? { court } : {}),
    ...(decided && outcome ? { decided, outcome } : {}),
  };
}
