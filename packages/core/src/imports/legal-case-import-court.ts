import { COMPENSATION_SCHEMES, VERDICTS } from '../legal-cases/legal-case-events.ts';
import { parseImportDate, type ImportRowReader } from './import-cells.ts';
import { importCodeOf } from './import-row-rules.ts';
import type { LegalCaseImportField } from './legal-case-import-columns.ts';
import type { LegalCaseRowSteps } from './legal-case-import-events.ts';
import type { LegalCaseRowParties } from './legal-case-import-parties.ts';
import {
  BAIL_DECISIONS,
  BAIL_WORDS,
  importedRupees,
  VERDICT_WORDS,
} from './legal-case-import-words.ts';

/**
 * The court's orders on a legal-case row, each read and checked on its own cells: bail (its
 * decision and date), the judgment (its date and verdict), compensation (scheme, dates, amount)
 * and the next hearing. Each problem is said beside its column, in the order of the columns.
 */
type Reader = ImportRowReader<LegalCaseImportField>;

export function readBail(
  { text, date, column, problem }: Reader,
  parties: LegalCaseRowParties,
): Pick<LegalCaseRowSteps, 'bailDecision' | 'bailDay'> {
  const bailText = text('bail');
  const bailDecision =
    bailText === '' ? undefined : importCodeOf(BAIL_DECISIONS, BAIL_WORDS, bailText);
  if (bailText !== '' && !bailDecision)
    problem(
      'bail',
      'unknown_code',
      `is not a bail decision Dawn knows (${BAIL_DECISIONS.join(', ')})`,
      bailText,
    );
  const bailDay = date('bailDate');
  if (bailDay && bailText === '')
    problem('bail', 'empty', `is empty; '${column('bailDate')}' needs granted or refused`);
  if (bailDecision && !bailDay && text('bailDate') === '')
    problem('bailDate', 'empty', `is empty; '${column('bail')}' needs the date of the order`);
  if (bailDay && parties.accused.length === 0)
    problem('accused', 'empty', `is empty; '${column('bailDate')}' needs the accused it is about`);
  return { bailDecision, bailDay };
}

export function readJudgment(
  { text, date, column, problem }: Reader,
  parties: LegalCaseRowParties,
): Pick<LegalCaseRowSteps, 'verdict' | 'judgmentDay'> {
  const outcomeText = text('judgmentOutcome');
  const verdict =
    outcomeText === '' ? undefined : importCodeOf(VERDICTS, VERDICT_WORDS, outcomeText);
  if (outcomeText !== '' && !verdict)
    problem(
      'judgmentOutcome',
      'unknown_code',
      `is not a judgment Dawn knows (${VERDICTS.join(', ')})`,
      outcomeText,
    );
  const judgmentDay = date('judgmentDate');
  if (judgmentDay && outcomeText === '')
    problem(
      'judgmentOutcome',
      'empty',
      `is empty; '${column('judgmentDate')}' needs convicted or acquitted`,
    );
  if (verdict && !judgmentDay && text('judgmentDate') === '')
    problem(
      'judgmentDate',
      'empty',
      `is empty; '${column('judgmentOutcome')}' needs the date of the judgment`,
    );
  if (judgmentDay && parties.accused.length === 0)
    problem(
      'accused',
      'empty',
      `is empty; '${column('judgmentDate')}' needs the accused it is about`,
    );
  return { verdict, judgmentDay };
}

/** The first victim's claim; undefined when the row names no scheme. */
export function readCompensation(
  { text, date, column, problem }: Reader,
  parties: LegalCaseRowParties,
): LegalCaseRowSteps['compensation'] {
  const schemeText = text('compensationScheme');
  const scheme = schemeText === '' ? undefined : importCodeOf(COMPENSATION_SCHEMES, {}, schemeText);
  if (schemeText !== '' && !scheme)
    problem(
      'compensationScheme',
      'unknown_code',
      `is not a compensation scheme Dawn knows (${COMPENSATION_SCHEMES.join(', ')})`,
      schemeText,
    );
  const applied = date('compensationAppliedDate');
  const awarded = date('compensationAwardedDate');
  const disbursed = date('compensationDisbursedDate');
  const amountText = text('compensationAmount');
  const amount = amountText === '' ? undefined : importedRupees(amountText);
  if (amountText !== '' && amount === undefined)
    problem(
      'compensationAmount',
      'not_an_amount',
      'is not an amount in rupees (e.g. 200000)',
      amountText,
    );
  const compensationDays = (
    [
      ['compensationAppliedDate', applied],
      ['compensationAwardedDate', awarded],
      ['compensationDisbursedDate', disbursed],
    ] as const
  ).flatMap(([field, day]) => (day ? [`'${column(field)}'`] : []));
  if (compensationDays.length > 0) {
    if (schemeText === '')
      problem(
        'compensationScheme',
        'empty',
        `is empty; ${compensationDays.join(', ')} need the scheme`,
      );
    if (parties.victimExternalIds.length === 0)
      problem(
        'victimExternalId',
        'empty',
        `is empty; ${compensationDays.join(', ')} need the victim`,
      );
  }
  if ((awarded || disbursed) && amountText === '')
    problem('compensationAmount', 'empty', 'is empty; an award and its payment need the amount');
  return scheme ? { scheme, amount, applied, awarded, disbursed } : undefined;
}

/** The next hearing: a date, which may be in the future (not before 1900). */
export function readNextHearing({ text, cell, problem }: Reader): string | undefined {
  const nextHearingText = text('nextHearingDate');
  const nextHearing = nextHearingText === '' ? undefined : parseImportDate(cell('nextHearingDate'));
  if (nextHearingText !== '' && !nextHearing)
    problem('nextHearingDate', 'not_a_date', 'is not a date', nextHearingText);
  else if (nextHearing && nextHearing < '1900-01-01')
    problem('nextHearingDate', 'before_1900', 'is before 1900', nextHearing);
  return nextHearing;
}
