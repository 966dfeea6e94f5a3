import { OFFENCE_CATALOGUE } from '../deadlines/offence-catalogue.ts';
import { OFFENCE_CODE_PATTERN, parseOffenceCode } from '../deadlines/offence-code.ts';
import { DomainError } from '../errors.ts';
import { checkCnr } from '../legal-cases/cnr.ts';
import {
  COMPENSATION_SCHEMES,
  CUSTODY_KINDS,
  FORUMS,
  VERDICTS,
  type CompensationScheme,
  LEGAL_EVENT_DATA,
  type Forum,
  type LegalEvent,
  type LegalEventType,
} from '../legal-cases/legal-case-events.ts';
import { checkNewLegalEvent } from '../legal-cases/sequence-rules.ts';
import type { ImportMapping } from './import-columns.ts';
import type { LegalCaseImportField } from './legal-case-import-columns.ts';
import {
  importRowReader,
  parseImportDate,
  type ImportCell,
  type ImportProblem,
} from './import-cells.ts';

/**
 * Legal cases from a spreadsheet (issue 16): one row per case, with its FIR (number, date, police
 * station), court, offences, the victim named by the external id of a person imported earlier,
 * the accused by name (each becomes a person with an identity), and its key steps as dated
 * columns. The steps are checked with the legal timeline's vocabulary and sequence rules, so an
 * imported case is one the timeline could have recorded by hand.
 */
export interface ImportedLegalCaseEvent {
  type: LegalEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

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
  /** In the order the timeline takes them (by date, then by the order of the columns). */
  events: ImportedLegalCaseEvent[];
}

/** Compared on letters only: "Special POCSO" is special-pocso. */
const letters = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '');

const CUSTODY_WORDS: Record<string, (typeof CUSTODY_KINDS)[number]> = {
  police: 'police',
  pc: 'police',
  policecustody: 'police',
  পুলিশ: 'police',
  পুলিশহেফাজত: 'police',
  पुलिस: 'police',
  पुलिसहिरासत: 'police',
  judicial: 'judicial',
  jc: 'judicial',
  judicialcustody: 'judicial',
  জেলহেফাজত: 'judicial',
  বিচারবিভাগীয়: 'judicial',
  न्यायिक: 'judicial',
  न्यायिकहिरासत: 'judicial',
};
const FORUM_WORDS: Record<string, Forum> = {
  magistrate: 'magistrate',
  cjm: 'magistrate',
  acjm: 'magistrate',
  sessions: 'sessions',
  sessionscourt: 'sessions',
  specialpocso: 'special-pocso',
  pocso: 'special-pocso',
  pocsocourt: 'special-pocso',
  specialcourt: 'special-pocso',
};

const BAIL_WORDS: Record<string, 'granted' | 'refused'> = {
  granted: 'granted',
  bailed: 'granted',
  yes: 'granted',
  onbail: 'granted',
  জামিনমঞ্জুর: 'granted',
  মঞ্জুর: 'granted',
  জামিনপেয়েছে: 'granted',
  जमानतमंजूर: 'granted',
  मंजूर: 'granted',
  स्वीकृत: 'granted',
  refused: 'refused',
  rejected: 'refused',
  denied: 'refused',
  no: 'refused',
  জামিননামঞ্জুর: 'refused',
  নামঞ্জুর: 'refused',
  खारिज: 'refused',
  जमानतखारिज: 'refused',
  नामंजूर: 'refused',
};
const VERDICT_WORDS: Record<string, (typeof VERDICTS)[number]> = {
  convicted: 'convicted',
  conviction: 'convicted',
  guilty: 'convicted',
  দোষীসাব্যস্ত: 'convicted',
  সাজা: 'convicted',
  दोषसिद्ध: 'convicted',
  दोषी: 'convicted',
  acquitted: 'acquitted',
  acquittal: 'acquitted',
  notguilty: 'acquitted',
  খালাস: 'acquitted',
  বেকসুরখালাস: 'acquitted',
  बरी: 'acquitted',
  दोषमुक्त: 'acquitted',
};

/** The court steps a next hearing date can hang on, as the form sets `nextDate` on them. */
const NEXT_DATE_CARRIERS: readonly LegalEventType[] = [
  'accused.produced_before_magistrate',
  'court.cognizance',
  'court.charges_framed',
  'court.hearing',
];

/** The statutes the offence catalogue knows; a code of another statute is a typing slip. */
const KNOWN_STATUTES = new Set(
  OFFENCE_CATALOGUE.flatMap((entry) => parseOffenceCode(entry.code)?.statute ?? []),
);

/**
 * An offence as Indian registers write it, in Dawn's form: `BNS 143(4)`, `bns:143(4)`,
 * `POCSO s.6` → `BNS:143(4)`, `POCSO:6`. Undefined when it cannot be read as a section of a
 * statute Dawn knows.
 */
export function importedOffenceCode(text: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9-]*)\s*[:\s]\s*(?:s\.?|sec\.?|section)?\s*([0-9].*)$/iu.exec(
    text.trim(),
  );
  if (!match) return undefined;
  const [, statute = '', rest = ''] = match;
  const compact = rest.replace(/\s+/gu, '');
  const bracket = compact.indexOf('(');
  const section = bracket < 0 ? compact : compact.slice(0, bracket);
  const code = `${statute.toUpperCase()}:${section.toUpperCase()}${bracket < 0 ? '' : compact.slice(bracket)}`;
  if (!OFFENCE_CODE_PATTERN.test(code)) return undefined;
  const parsed = parseOffenceCode(code);
  return parsed && KNOWN_STATUTES.has(parsed.statute) ? code : undefined;
}

/** Rupees as registers write them: `2,00,000`, `Rs. 50000`, `₹ 1 lakh` is not read. */
function amountOf(text: string): number | undefined {
  const digits = text
    .replace(/^(rs\.?|inr|₹)\s*/iu, '')
    .replace(/[,\s]/gu, '')
    .replace(/\.0+$/u, '');
  if (!/^[0-9]{1,9}$/u.test(digits)) return undefined;
  const value = Number(digits);
  return value <= 100_000_000 ? value : undefined;
}

/** A day in India as the instant the timeline stores (midnight, Asia/Kolkata). */
const instantOf = (date: string) => `${date}T00:00:00+05:30`;

const list = (text: string) =>
  text
    .split(/[;,|\n]/u)
    .map((item) => item.trim())
    .filter((item) => item !== '');

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
  const { problems, column, cell, text, problem, date } = importRowReader(
    row,
    mapping,
    read,
    today,
  );

  const externalId = text('externalId');
  if (externalId === '') problem('externalId', 'empty', 'is empty; every row needs its own id');
  else if (externalId.length > 100)
    problem('externalId', 'too_long', 'is longer than 100 characters');

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
  const forum =
    forumText === ''
      ? undefined
      : (FORUMS.find((candidate) => letters(candidate) === letters(forumText)) ??
        FORUM_WORDS[letters(forumText)]);
  if (forumText !== '' && !forum)
    problem('forum', 'unknown_code', `is not a court Dawn knows (${FORUMS.join(', ')})`, forumText);

  const offences = list(text('offences')).flatMap((item) => {
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

  const victimExternalIds = [...new Set(list(text('victimExternalId')))];
  for (const id of victimExternalIds)
    if (id.length > 100)
      problem('victimExternalId', 'too_long', 'is longer than 100 characters', id);
  if (victimExternalIds.length > 100)
    problem('victimExternalId', 'too_long', 'names more than 100 victims');
  const victimRefs = victimExternalIds.map((_, index) => `V${String(index + 1)}`);
  const accused = list(text('accused'));
  for (const name of accused)
    if (name.length > 200) problem('accused', 'too_long', 'is longer than 200 characters', name);
  if (accused.length > 100) problem('accused', 'too_long', 'names more than 100 accused');

  const custodyText = text('remandCustody');
  const custody =
    custodyText === ''
      ? 'judicial'
      : (CUSTODY_KINDS.find((kind) => kind === letters(custodyText)) ??
        CUSTODY_WORDS[letters(custodyText)]);
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
  if (aboutAccused.length > 0 && accused.length === 0)
    problem(
      'accused',
      'empty',
      `is empty; ${aboutAccused.join(', ')} need the accused they are about`,
    );
  if (statement && victimExternalIds.length === 0)
    problem('victimExternalId', 'empty', 'is empty; a victim’s statement needs the victim’s id');

  const cnrText = text('cnr');
  const cnrChecked = cnrText === '' ? undefined : checkCnr(cnrText, new Date(`${today}T12:00:00Z`));
  if (cnrChecked && !cnrChecked.ok) problem('cnr', 'not_a_cnr', cnrChecked.message, cnrText);
  const investigatingOfficerName = text('investigatingOfficer').slice(0, 200);
  const prosecutorName = text('prosecutor').slice(0, 200);

  const bailText = text('bail');
  const bailDecision = bailText === '' ? undefined : BAIL_WORDS[letters(bailText)];
  if (bailText !== '' && !bailDecision)
    problem(
      'bail',
      'unknown_code',
      'is not a bail decision Dawn knows (granted, refused)',
      bailText,
    );
  const bailDay = date('bailDate');
  if (bailDay && bailText === '')
    problem('bail', 'empty', `is empty; '${column('bailDate')}' needs granted or refused`);
  if (bailDecision && !bailDay && text('bailDate') === '')
    problem('bailDate', 'empty', `is empty; '${column('bail')}' needs the date of the order`);
  if (bailDay && accused.length === 0)
    problem('accused', 'empty', `is empty; '${column('bailDate')}' needs the accused it is about`);

  const outcomeText = text('judgmentOutcome');
  const verdict =
    outcomeText === ''
      ? undefined
      : (VERDICTS.find((candidate) => candidate === letters(outcomeText)) ??
        VERDICT_WORDS[letters(outcomeText)]);
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
  if (judgmentDay && accused.length === 0)
    problem(
      'accused',
      'empty',
      `is empty; '${column('judgmentDate')}' needs the accused it is about`,
    );

  const schemeText = text('compensationScheme');
  const scheme =
    schemeText === ''
      ? undefined
      : COMPENSATION_SCHEMES.find((candidate) => letters(candidate) === letters(schemeText));
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
  const amount = amountText === '' ? undefined : amountOf(amountText);
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
    if (victimExternalIds.length === 0)
      problem(
        'victimExternalId',
        'empty',
        `is empty; ${compensationDays.join(', ')} need the victim`,
      );
  }
  if ((awarded || disbursed) && amountText === '')
    problem('compensationAmount', 'empty', 'is empty; an award and its payment need the amount');

  const nextHearingText = text('nextHearingDate');
  const nextHearing = nextHearingText === '' ? undefined : parseImportDate(cell('nextHearingDate'));
  if (nextHearingText !== '' && !nextHearing)
    problem('nextHearingDate', 'not_a_date', 'is not a date', nextHearingText);
  else if (nextHearing && nextHearing < '1900-01-01')
    problem('nextHearingDate', 'before_1900', 'is before 1900', nextHearing);
  if (problems.length > 0) return { problems };

  const accusedRefs = accused.map((_, index) => `A${String(index + 1)}`);
  const planned: ImportedLegalCaseEvent[] = [];
  const event = (type: LegalEventType, day: string | undefined, data: Record<string, unknown>) => {
    if (day) planned.push({ type, occurredAt: instantOf(day), data });
  };
  event('fir.registered', firDate, { offences });
  for (const ref of accusedRefs) event('accused.arrested', arrested, { accused: ref });
  for (const ref of accusedRefs)
    event('accused.produced_before_magistrate', produced, { accused: ref });
  for (const ref of accusedRefs)
    event('accused.remanded', remanded, { accused: ref, custody: custody ?? 'judicial' });
  if (bailDecision === 'granted')
    for (const ref of accusedRefs)
      event('accused.bailed', bailDay, { accused: ref, kind: 'regular' });
  // A refusal changes no one's custody: the court heard bail and said no.
  if (bailDecision === 'refused')
    event('court.hearing', bailDay, { purpose: 'bail', outcome: 'bail refused', adjourned: false });
  for (const ref of victimRefs)
    event('victim.statement_recorded', statement, { victim: ref, provision: 'BNSS:183' });
  event('chargesheet.filed', chargesheet, {});
  event('court.cognizance', cognizance, {});
  event('court.charges_framed', framed, {});
  if (verdict)
    event('court.judgment', judgmentDay, {
      verdicts: accusedRefs.map((ref) => ({ accused: ref, verdict })),
    });
  // Compensation is the first victim's: one award, one amount (record others' on the case).
  if (scheme) {
    const claim: { victim: string; scheme: CompensationScheme } = { victim: 'V1', scheme };
    const paid = amount === undefined ? {} : { amountRupees: amount };
    event('compensation.applied', applied, { ...claim, ...paid });
    event('compensation.awarded', awarded, { ...claim, ...paid });
    event('compensation.disbursed', disbursed, { ...claim, ...paid });
  }

  // Each event as the timeline would take it, in date order (a stable sort keeps the columns'
  // order within a day): its vocabulary, then the sequence rules.
  const ordered = planned
    .map((item, index) => ({ item, index }))
    .sort(
      (left, right) =>
        left.item.occurredAt.localeCompare(right.item.occurredAt) || left.index - right.index,
    )
    .map(({ item }) => item);
  // The next hearing hangs on the row's latest court step, as the form sets it there.
  if (nextHearing) {
    const carrier = [...ordered].reverse().find((item) => NEXT_DATE_CARRIERS.includes(item.type));
    if (!carrier) {
      problem(
        'nextHearingDate',
        'out_of_sequence',
        'needs a court step on the row to follow (production, bail hearing, cognizance or charges framed)',
        nextHearing,
      );
      return { problems };
    }
    carrier.data = { ...carrier.data, nextDate: `${nextHearing}T10:30:00+05:30` };
  }
  const parties = { victims: victimRefs, accused: accusedRefs };
  const now = new Date(`${today}T23:59:59+05:30`);
  const accepted: LegalEvent[] = [];
  for (const [index, next] of ordered.entries()) {
    const parsed = LEGAL_EVENT_DATA[next.type].safeParse(next.data);
    try {
      if (!parsed.success)
        throw new DomainError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '');
      const candidate: LegalEvent = {
        id: `row-${String(index)}`,
        type: next.type,
        occurredAt: next.occurredAt,
        recordedAt: new Date(index).toISOString(),
        supersedes: null,
        officials: [],
        data: parsed.data,
      };
      checkNewLegalEvent(parties, accepted, candidate, now);
      next.data = parsed.data;
      accepted.push(candidate);
    } catch (error) {
      const reason = error instanceof DomainError ? error.message : 'cannot be recorded';
      problems.push({
        row,
        column: null,
        code: 'out_of_sequence',
        reason: `the dates do not fit together: ${reason}`,
      });
      return { problems };
    }
  }
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
              registeredAt: instantOf(firDate),
            },
          }
        : {}),
      ...(policeStationName ? { policeStationName: policeStationName.slice(0, 200) } : {}),
      ...(text('district') ? { district: text('district').slice(0, 100) } : {}),
      ...(text('court') ? { courtName: text('court').slice(0, 200) } : {}),
      ...(forum ? { forum } : {}),
      offences: [...new Set(offences)],
      ...(cnrChecked?.ok ? { cnr: cnrChecked.cnr } : {}),
      victimExternalIds,
      accused,
      ...(investigatingOfficerName ? { investigatingOfficerName } : {}),
      ...(prosecutorName ? { prosecutorName } : {}),
      events: ordered,
    },
  };
}
