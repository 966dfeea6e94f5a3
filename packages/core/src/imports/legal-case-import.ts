import { checkCnr } from '../legal-cases/cnr.ts';
import { CUSTODY_KINDS, FORUMS, type Forum } from '../legal-cases/legal-case-events.ts';
import type { ImportMapping } from './import-columns.ts';
import {
  importRowReader,
  type ImportCell,
  type ImportProblem,
  type ImportRowReader,
} from './import-cells.ts';
import { checkImportExternalId, importCodeOf } from './import-row-rules.ts';
import {
  LEGAL_CASE_CREDIT_COLUMNS,
  type LegalCaseCreditField,
  type LegalCaseImportField,
} from './legal-case-import-columns.ts';
import {
  readBail,
  readCompensation,
  readJudgment,
  readNextHearing,
} from './legal-case-import-court.ts';
import {
  checkLegalCaseTimeline,
  legalInstantOf,
  type ImportedLegalCaseEvent,
} from './legal-case-import-events.ts';
import { readAppeal, readHearing } from './legal-case-import-hearings.ts';
import { readLegalCaseParties } from './legal-case-import-parties.ts';
import {
  CUSTODY_WORDS,
  FORUM_WORDS,
  importedCellList,
  importedOffenceCode,
} from './legal-case-import-words.ts';

export type { ImportedLegalCaseEvent } from './legal-case-import-events.ts';
export { importedOffenceCode } from './legal-case-import-words.ts';

/**
 * Legal cases from a spreadsheet (issue 16): one row per case, with its FIR (number, date, police
 * station), court, offences, the victim named by the external id of a person imported earlier,
 * the accused by name (each becomes a person with an identity), and its key steps as dated
 * columns. The steps are checked with the legal timeline's vocabulary and sequence rules, so an
 * imported case is one the timeline could have recorded by hand.
 *
 * This file reads the case's own cells and puts the row together; the parties, the court's
 * orders, the events and the register's words each have a file of their own beside it.
 */
export interface ImportedLegalCase {
  externalId: string;
  fir?: { number: string; date: string; year: number; registeredAt: string };
  /** As named in the sheet; the server finds the organisations of those names. */
  policeStationName?: string;
  district?: string;
  courtName?: string;
  forum?: Forum;
  offences: string[];
  /** eCourts CNR, checked as the form checks it. */
  cnr?: string;
  /** External ids of persons imported earlier, in the cell's order: V1, V2, … on the case. */
  victimExternalIds: string[];
  /** Names as written (any script); each becomes A1, A2, … on the case. */
  accused: string[];
  /** Names of officials in the officials directory; the server finds them. */
  investigatingOfficerName?: string;
  prosecutorName?: string;
  /** Officials credited on the row's steps, by the column naming them (see the events). */
  creditedOfficialNames?: Partial<Record<LegalCaseCreditField, string>>;
  /** In the order the timeline takes them (by date, then by the order of the columns). */
  events: ImportedLegalCaseEvent[];
}

/** The officials the credit columns name, each needing the date of the step it credits. */
function readCredits({
  text,
  column,
  problem,
}: ImportRowReader<LegalCaseImportField>): Partial<Record<LegalCaseCreditField, string>> {
  const credited: Partial<Record<LegalCaseCreditField, string>> = {};
  for (const [field, { date }] of Object.entries(LEGAL_CASE_CREDIT_COLUMNS) as [
    LegalCaseCreditField,
    (typeof LEGAL_CASE_CREDIT_COLUMNS)[LegalCaseCreditField],
  ][]) {
    const name = text(field).slice(0, 200);
    if (name === '') continue;
    if (text(date) === '')
      problem(date, 'empty', `is empty; '${column(field)}' credits an official on this step`);
    else credited[field] = name;
  }
  return credited;
}

/**
 * Checks one legal-case row and turns it into the case and its events, or says in plain words
 * what is wrong with each cell. `read(field)` gives the cell of the field's column.
 */
export function checkLegalCaseRow(
  row: number,
  mapping: ImportMapping,
  read: (field: LegalCaseImportField) => ImportCell,
  today: string,
): { value?: ImportedLegalCase; problems: ImportProblem[] } {
  const reader = importRowReader(row, mapping, read, today);
  const { problems, column, text, problem, date } = reader;

  const externalId = text('externalId');
  checkImportExternalId(externalId, problem);

  const firNumber = text('firNumber');
  const firDate = date('firDate');
  const policeStationName = text('policeStation');
  const hasFir = firNumber !== '' || text('firDate') !== '' || policeStationName !== '';
  if (hasFir) {
    if (firNumber === '')
      problem('firNumber', 'empty', 'is empty; an FIR needs its number, date and police station');
    else if (!/^[0-9A-Za-z/-]{1,20}$/u.test(firNumber))
      problem(
        'firNumber',
        'not_an_fir_number',
        'is not an FIR number (e.g. 123 or 45/A)',
        firNumber,
      );
    if (text('firDate') === '')
      problem('firDate', 'empty', 'is empty; an FIR needs its number, date and police station');
    if (policeStationName === '')
      problem(
        'policeStation',
        'empty',
        'is empty; an FIR needs its number, date and police station',
      );
  }

  const forumText = text('forum');
  const forum = forumText === '' ? undefined : importCodeOf(FORUMS, FORUM_WORDS, forumText);
  if (forumText !== '' && !forum)
    problem('forum', 'unknown_code', `is not a court Dawn knows (${FORUMS.join(', ')})`, forumText);

  const offences = importedCellList(text('offences')).flatMap((item) => {
    const code = importedOffenceCode(item);
    if (!code)
      problem(
        'offences',
        'unknown_offence',
        'is not an offence Dawn knows; write the statute and section, e.g. BNS:143(4), ITPA:5 or POCSO:6',
        item,
      );
    return code ? [code] : [];
  });

  const parties = readLegalCaseParties(text, problem);

  const custodyText = text('remandCustody');
  const custody =
    custodyText === '' ? 'judicial' : importCodeOf(CUSTODY_KINDS, CUSTODY_WORDS, custodyText);
  if (!custody)
    problem(
      'remandCustody',
      'unknown_code',
      'is not a custody Dawn knows (police, judicial)',
      custodyText,
    );

  const arrested = date('arrestDate');
  const produced = date('productionDate');
  const remanded = date('remandDate');
  const statement = date('victimStatementDate');
  const chargesheet = date('chargesheetDate');
  const cognizance = date('cognizanceDate');
  const framed = date('chargesFramedDate');
  const aboutAccused = (
    [
      ['arrestDate', arrested],
      ['productionDate', produced],
      ['remandDate', remanded],
    ] as const
  ).flatMap(([field, day]) => (day ? [`'${column(field)}'`] : []));
  if (aboutAccused.length > 0 && parties.accused.length === 0)
    problem(
      'accused',
      'empty',
      `is empty; ${aboutAccused.join(', ')} need the accused they are about`,
    );
  if (statement && parties.victimExternalIds.length === 0)
    problem('victimExternalId', 'empty', 'is empty; a victim’s statement needs the victim’s id');

  const cnrText = text('cnr');
  const cnrChecked = cnrText === '' ? undefined : checkCnr(cnrText, new Date(`${today}T12:00:00Z`));
  if (cnrChecked && !cnrChecked.ok) problem('cnr', 'not_a_cnr', cnrChecked.message, cnrText);
  const investigatingOfficerName = text('investigatingOfficer').slice(0, 200);
  const prosecutorName = text('prosecutor').slice(0, 200);

  const bail = readBail(reader, parties);
  const judgment = readJudgment(reader, parties);
  const compensation = readCompensation(reader, parties);
  const nextHearing = readNextHearing(reader);
  const hearing = readHearing(reader);
  const appeal = readAppeal(reader);
  const credited = readCredits(reader);
  if (problems.length > 0) return { problems };

  const timeline = checkLegalCaseTimeline(
    row,
    {
      victimRefs: parties.victimRefs,
      accusedRefs: parties.accusedRefs,
      offences,
      firDate,
      arrested,
      produced,
      remanded,
      custody: custody ?? 'judicial',
      ...bail,
      statement,
      chargesheet,
      cognizance,
      framed,
      ...judgment,
      compensation,
      hearing,
      appeal,
      credited: Object.keys(credited) as LegalCaseCreditField[],
      nextHearing,
    },
    today,
  );
  if ('noCarrier' in timeline) {
    problem(
      'nextHearingDate',
      'out_of_sequence',
      'needs a court step on the row to follow (production, a hearing, bail hearing, cognizance or charges framed)',
      nextHearing,
    );
    return { problems };
  }
  if ('problem' in timeline) return { problems: [...problems, timeline.problem] };
  return {
    problems,
    value: {
      externalId,
      ...(firDate
        ? {
            fir: {
              number: firNumber,
              date: firDate,
              year: Number(firDate.slice(0, 4)),
              registeredAt: legalInstantOf(firDate),
            },
          }
        : {}),
      ...(policeStationName ? { policeStationName: policeStationName.slice(0, 200) } : {}),
      ...(text('district') ? { district: text('district').slice(0, 100) } : {}),
      ...(text('court') ? { courtName: text('court').slice(0, 200) } : {}),
      ...(forum ? { forum } : {}),
      offences: [...new Set(offences)],
      ...(cnrChecked?.ok ? { cnr: cnrChecked.cnr } : {}),
      victimExternalIds: parties.victimExternalIds,
      accused: parties.accused,
      ...(investigatingOfficerName ? { investigatingOfficerName } : {}),
      ...(prosecutorName ? { prosecutorName } : {}),
      ...(Object.keys(credited).length > 0 ? { creditedOfficialNames: credited } : {}),
      events: timeline.events,
    },
  };
}
