import type { ImportFieldSpec } from './import-columns.ts';
import { LEGAL_CASE_TRIAL_SPECS } from './legal-case-import-trial-columns.ts';

/**
 * The columns of a register of legal cases (issue 16) and the header words, in English, Bengali
 * and Hindi, that name each; the row rules are in legal-case-import.ts.
 */
export const LEGAL_CASE_IMPORT_FIELDS = [
  'externalId',
  'firNumber',
  'firDate',
  'policeStation',
  'district',
  'court',
  'forum',
  'offences',
  'victimExternalId',
  'accused',
  'arrestDate',
  'productionDate',
  'remandDate',
  'remandCustody',
  'victimStatementDate',
  'chargesheetDate',
  'cognizanceDate',
  'chargesFramedDate',
  'cnr',
  'investigatingOfficer',
  'prosecutor',
  'bail',
  'bailDate',
  'judgmentDate',
  'judgmentOutcome',
  'compensationScheme',
  'compensationAppliedDate',
  'compensationAwardedDate',
  'compensationAmount',
  'compensationDisbursedDate',
  'nextHearingDate',
  'hearingDate',
  'hearingPurpose',
  'hearingStatus',
  'appealFiledDate',
  'appealBy',
  'appealCourt',
  'appealDecidedDate',
  'appealOutcome',
  'arrestCreditedTo',
  'chargesheetCreditedTo',
  'judgmentCreditedTo',
] as const;
export type LegalCaseImportField = (typeof LEGAL_CASE_IMPORT_FIELDS)[number];

/**
 * Columns naming an official (in the officials directory) credited on a step of the row, as the
 * API credits officials on an event: each with the events it credits and the column of their date.
 */
export const LEGAL_CASE_CREDIT_COLUMNS = {
  arrestCreditedTo: { date: 'arrestDate', events: ['accused.arrested'] },
  chargesheetCreditedTo: { date: 'chargesheetDate', events: ['chargesheet.filed'] },
  judgmentCreditedTo: { date: 'judgmentDate', events: ['court.judgment'] },
} as const satisfies Partial<
  Record<LegalCaseImportField, { date: LegalCaseImportField; events: readonly string[] }>
>;
export type LegalCaseCreditField = keyof typeof LEGAL_CASE_CREDIT_COLUMNS;

export const LEGAL_CASE_IMPORT_SPECS: readonly ImportFieldSpec<LegalCaseImportField>[] = [
  {
    field: 'externalId',
    required: true,
    headers: [
      'legal case id',
      'case id',
      'case no',
      'case number',
      'case ref',
      'মামলা নং',
      'মামলার আইডি',
      'মামলা আইডি',
      'मामला आईडी',
      'मामला संख्या',
      'केस आईडी',
    ],
  },
  {
    field: 'firNumber',
    required: false,
    headers: ['fir no', 'fir number', 'fir', 'এফআইআর নং', 'এফআইআর নম্বর', 'एफआईआर संख्या', 'एफआईआर नं'],
  },
  {
    field: 'firDate',
    required: false,
    headers: [
      'fir date',
      'date of fir',
      'এফআইআর তারিখ',
      'এফআইআর-এর তারিখ',
      'এফআইআরের তারিখ',
      'एफआईआर तिथि',
      'एफआईआर की तिथि',
      'एफआईआर की तारीख',
    ],
  },
  {
    field: 'policeStation',
    required: false,
    headers: ['police station', 'ps', 'thana', 'p s', 'থানা', 'थाना', 'पुलिस स्टेशन'],
  },
  {
    field: 'district',
    required: false,
    headers: ['district', 'ps district', 'জেলা', 'जिला', 'ज़िला'],
  },
  {
    field: 'court',
    required: false,
    headers: ['court', 'court name', 'আদালত', 'न्यायालय', 'अदालत'],
  },
  {
    field: 'forum',
    required: false,
    headers: ['forum', 'court type', 'আদালতের ধরন', 'न्यायालय का प्रकार'],
  },
  {
    field: 'offences',
    required: false,
    headers: [
      'offences',
      'offence',
      'sections',
      'sections of law',
      'under section',
      'ধারা',
      'অপরাধের ধারা',
      'धारा',
      'धाराएं',
      'धाराएँ',
    ],
  },
  {
    field: 'victimExternalId',
    required: false,
    headers: [
      'victim id',
      'survivor id',
      'person id',
      'ভিকটিম আইডি',
      'সারভাইভার আইডি',
      'ব্যক্তির আইডি',
      'पीड़िता आईडी',
      'व्यक्ति आईडी',
    ],
  },
  {
    field: 'accused',
    required: false,
    headers: [
      'accused',
      'accused names',
      'name of accused',
      'অভিযুক্ত',
      'অভিযুক্তের নাম',
      'अभियुक्त',
      'आरोपी',
      'आरोपी का नाम',
    ],
  },
  {
    field: 'arrestDate',
    required: false,
    headers: [
      'arrest date',
      'date of arrest',
      'arrested on',
      'গ্রেফতারের তারিখ',
      'গ্রেপ্তারের তারিখ',
      'गिरफ्तारी की तिथि',
      'गिरफ़्तारी तिथि',
    ],
  },
  {
    field: 'productionDate',
    required: false,
    headers: [
      'production date',
      'produced before magistrate',
      'date of production',
      'হাজিরার তারিখ',
      'पेशी की तिथि',
    ],
  },
  {
    field: 'remandDate',
    required: false,
    headers: ['remand date', 'date of remand', 'remanded on', 'রিমান্ডের তারিখ', 'रिमांड की तिथि'],
  },
  {
    field: 'remandCustody',
    required: false,
    headers: ['remand custody', 'custody', 'remand type', 'হেফাজত', 'हिरासत'],
  },
  {
    field: 'victimStatementDate',
    required: false,
    headers: [
      'statement date',
      'victim statement',
      '183 statement',
      'জবানবন্দির তারিখ',
      'बयान की तिथि',
    ],
  },
  {
    field: 'chargesheetDate',
    required: false,
    headers: [
      'chargesheet date',
      'charge sheet date',
      'chargesheet',
      'date of chargesheet',
      'চার্জশিটের তারিখ',
      'আরোপপত্রের তারিখ',
      'आरोप पत्र की तिथि',
      'चार्जशीट तिथि',
    ],
  },
  {
    field: 'cognizanceDate',
    required: false,
    headers: [
      'cognizance date',
      'cognizance',
      'date of cognizance',
      'সংজ্ঞানের তারিখ',
      'संज्ञान की तिथि',
    ],
  },
  {
    field: 'chargesFramedDate',
    required: false,
    headers: [
      'charges framed',
      'charge framed date',
      'date of charge',
      'চার্জ গঠনের তারিখ',
      'आरोप तय होने की तिथि',
    ],
  },
  ...LEGAL_CASE_TRIAL_SPECS,
];
