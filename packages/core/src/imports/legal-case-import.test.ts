import { describe, expect, it } from 'vitest';
import { guessImportMapping, unmappedRequiredFields } from './import-columns.ts';
import type { ImportCell } from './import-cells.ts';
import { LEGAL_CASE_IMPORT_SPECS, type LegalCaseImportField } from './legal-case-import-columns.ts';
import { HEARING_PURPOSES } from '../legal-cases/legal-case-events.ts';
import { checkLegalCaseRow, importedOffenceCode } from './legal-case-import.ts';

const mapping = Object.fromEntries(
  LEGAL_CASE_IMPORT_SPECS.map((spec) => [spec.field, spec.field]),
) as Record<LegalCaseImportField, string>;
const check = (cells: Partial<Record<LegalCaseImportField, ImportCell>>) =>
  checkLegalCaseRow(7, mapping, (field) => cells[field] ?? null, '2025-01-01');

describe('legal-case rows of a spreadsheet', () => {
  it('guesses the columns from Bengali and Hindi headers', () => {
    const bengali = guessImportMapping(
      ['মামলা নং', 'এফআইআর নং', 'থানা', 'ধারা', 'অভিযুক্ত', 'গ্রেফতারের তারিখ'],
      {},
      LEGAL_CASE_IMPORT_SPECS,
    );
    expect(bengali).toMatchObject({
      externalId: 'মামলা নং',
      firNumber: 'এফআইআর নং',
      policeStation: 'থানা',
      offences: 'ধারা',
      accused: 'অভিযুক্ত',
      arrestDate: 'গ্রেফতারের তারিখ',
    });
    const hindi = guessImportMapping(
      ['मामला संख्या', 'थाना', 'धारा', 'आरोपी'],
      {},
      LEGAL_CASE_IMPORT_SPECS,
    );
    expect(hindi).toMatchObject({ policeStation: 'थाना', offences: 'धारा', accused: 'आरोपी' });
    expect(unmappedRequiredFields(hindi, LEGAL_CASE_IMPORT_SPECS)).toEqual([]);
  });

  it('reads offences as registers write them, and refuses a statute Dawn does not know', () => {
    expect(importedOffenceCode('BNS 143(4)')).toBe('BNS:143(4)');
    expect(importedOffenceCode('pocso s.6')).toBe('POCSO:6');
    expect(importedOffenceCode('IPC:370A(1)')).toBe('IPC:370A(1)');
    expect(importedOffenceCode('XYZ:12')).toBeUndefined();
    expect(importedOffenceCode('143(4)')).toBeUndefined();
  });

  it('turns a row into the FIR, the accused and each accused’s steps, in date order', () => {
    const { value, problems } = check({
      externalId: 'L-1',
      firNumber: '17',
      firDate: '10/01/2024',
      policeStation: 'Test Fictionganj PS',
      offences: 'BNS 143(4); ITPA:5',
      victimExternalId: 'P-1',
      accused: 'Test Accused One; পরীক্ষা কাল্পনিক',
      arrestDate: 45302, // 2024-01-11, its date format lost
      remandDate: '12/01/2024',
      remandCustody: 'পুলিশ',
      productionDate: '12/01/2024',
      chargesheetDate: '2024-03-01',
    });
    expect(problems).toEqual([]);
    expect(value?.fir).toEqual({
      number: '17',
      date: '2024-01-10',
      year: 2024,
      registeredAt: '2024-01-10T00:00:00+05:30',
    });
    expect(value?.offences).toEqual(['BNS:143(4)', 'ITPA:5']);
    expect(value?.accused).toEqual(['Test Accused One', 'পরীক্ষা কাল্পনিক']);
    expect(value?.events.map((event) => `${event.type} ${JSON.stringify(event.data)}`)).toEqual([
      'fir.registered {"offences":["BNS:143(4)","ITPA:5"]}',
      'accused.arrested {"accused":"A1"}',
      'accused.arrested {"accused":"A2"}',
      'accused.produced_before_magistrate {"accused":"A1"}',
      'accused.produced_before_magistrate {"accused":"A2"}',
      'accused.remanded {"accused":"A1","custody":"police"}',
      'accused.remanded {"accused":"A2","custody":"police"}',
      'chargesheet.filed {}',
    ]);
  });

  it('says what is wrong with each cell in plain words', () => {
    const { value, problems } = check({
      externalId: '',
      firNumber: '17',
      firDate: '31/02/2024',
      offences: 'XYZ:12',
      arrestDate: '2024-01-11',
    });
    expect(value).toBeUndefined();
    expect(
      problems.map((problem) => `${problem.column}: ${problem.value ?? ''} ${problem.reason}`),
    ).toEqual([
      'externalId:  is empty; every row needs its own id',
      'firDate: 31/02/2024 is not a date',
      'policeStation:  is empty; an FIR needs its number, date and police station',
      'offences: XYZ:12 is not an offence Dawn knows; write the statute and section, e.g. BNS:143(4), ITPA:5 or POCSO:6',
      "accused:  is empty; 'arrestDate' need the accused they are about",
    ]);
  });

  it('refuses steps that cannot have happened in that order', () => {
    const { problems } = check({
      externalId: 'L-2',
      firNumber: '18',
      firDate: '10/01/2024',
      policeStation: 'Test Fictionganj PS',
      chargesheetDate: '01/12/2023',
    });
    expect(problems).toMatchObject([{ code: 'out_of_sequence', column: null }]);
    expect(problems[0]?.reason).toContain('the dates do not fit together');
  });

  it('guesses the newer columns (CNR, officials, bail, judgment, compensation) in three languages', () => {
    const english = guessImportMapping(
      [
        'Case ID',
        'CNR No',
        'IO',
        'Public Prosecutor',
        'Bail',
        'Bail date',
        'Judgment date',
        'Verdict',
        'Scheme',
        'Compensation amount',
        'Next hearing',
      ],
      {},
      LEGAL_CASE_IMPORT_SPECS,
    );
    expect(english).toMatchObject({
      cnr: 'CNR No',
      investigatingOfficer: 'IO',
      prosecutor: 'Public Prosecutor',
      bail: 'Bail',
      bailDate: 'Bail date',
      judgmentDate: 'Judgment date',
      judgmentOutcome: 'Verdict',
      compensationScheme: 'Scheme',
      compensationAmount: 'Compensation amount',
      nextHearingDate: 'Next hearing',
    });
    expect(
      guessImportMapping(
        ['মামলা নং', 'সিএনআর', 'তদন্তকারী অফিসার', 'জামিন', 'রায়', 'পরবর্তী শুনানি'],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toMatchObject({
      cnr: 'সিএনআর',
      investigatingOfficer: 'তদন্তকারী অফিসার',
      bail: 'জামিন',
      judgmentOutcome: 'রায়',
      nextHearingDate: 'পরবর্তী শুনানি',
    });
    expect(
      guessImportMapping(
        ['मामला संख्या', 'सीएनआर', 'जांच अधिकारी', 'लोक अभियोजक', 'जमानत', 'फैसला', 'मुआवजा राशि'],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toMatchObject({
      cnr: 'सीएनआर',
      investigatingOfficer: 'जांच अधिकारी',
      prosecutor: 'लोक अभियोजक',
      bail: 'जमानत',
      judgmentOutcome: 'फैसला',
      compensationAmount: 'मुआवजा राशि',
    });
  });

  it('turns CNR, victims, officials, bail, judgment, compensation and the next hearing into the case and its events', () => {
    const { value, problems } = check({
      externalId: 'L-3',
      firNumber: '19',
      firDate: '2023-01-10',
      policeStation: 'Test Fictionganj PS',
      cnr: 'wbko-01-001234-2023',
      victimExternalId: 'P-1; P-2',
      accused: 'Test Accused One',
      investigatingOfficer: 'Test Officer Keya',
      prosecutor: 'Test Prosecutor Tithi',
      arrestDate: '2023-01-11',
      remandDate: '2023-01-12',
      bail: 'জামিন মঞ্জুর',
      bailDate: '2023-02-01',
      victimStatementDate: '2023-01-15',
      chargesheetDate: '2023-03-01',
      cognizanceDate: '2023-03-10',
      chargesFramedDate: '2023-05-02',
      nextHearingDate: '2025-02-14',
      judgmentDate: '2024-11-20',
      judgmentOutcome: 'बरी',
      compensationScheme: 'WB VCS 2017',
      compensationAppliedDate: '2023-02-10',
      compensationAwardedDate: '2023-06-10',
      compensationAmount: 'Rs. 2,00,000',
      compensationDisbursedDate: '2023-08-01',
    });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      cnr: 'WBKO010012342023',
      victimExternalIds: ['P-1', 'P-2'],
      investigatingOfficerName: 'Test Officer Keya',
      prosecutorName: 'Test Prosecutor Tithi',
    });
    expect(value?.events.map((event) => `${event.type} ${JSON.stringify(event.data)}`)).toEqual([
      'fir.registered {"offences":[]}',
      'accused.arrested {"accused":"A1"}',
      'accused.remanded {"accused":"A1","custody":"judicial"}',
      'victim.statement_recorded {"victim":"V1","provision":"BNSS:183"}',
      'victim.statement_recorded {"victim":"V2","provision":"BNSS:183"}',
      'accused.bailed {"accused":"A1","kind":"regular"}',
      'compensation.applied {"victim":"V1","scheme":"WB-VCS-2017","amountRupees":200000}',
      'chargesheet.filed {}',
      'court.cognizance {}',
      'court.charges_framed {"nextDate":"2025-02-14T10:30:00+05:30"}',
      'compensation.awarded {"victim":"V1","scheme":"WB-VCS-2017","amountRupees":200000}',
      'compensation.disbursed {"victim":"V1","scheme":"WB-VCS-2017","amountRupees":200000}',
      'court.judgment {"verdicts":[{"accused":"A1","verdict":"acquitted"}]}',
    ]);
  });

  it('refuses a bad CNR, amount, bail word or judgment, and a refused bail is a bail hearing', () => {
    const { problems } = check({
      externalId: 'L-4',
      cnr: 'WBKO01',
      accused: 'Test Accused One',
      bail: 'maybe',
      bailDate: '2023-02-01',
      judgmentDate: '2024-11-20',
      judgmentOutcome: 'postponed',
      compensationAwardedDate: '2023-06-10',
      compensationAmount: 'two lakh',
    });
    expect(
      problems.map((problem) => `${problem.column}: ${problem.value ?? ''} ${problem.reason}`),
    ).toEqual([
      'cnr: WBKO01 must be 16 characters (has 6)',
      'bail: maybe is not a bail decision Dawn knows (granted, refused)',
      'judgmentOutcome: postponed is not a judgment Dawn knows (convicted, acquitted)',
      'compensationAmount: two lakh is not an amount in rupees (e.g. 200000)',
      "compensationScheme:  is empty; 'compensationAwardedDate' need the scheme",
      "victimExternalId:  is empty; 'compensationAwardedDate' need the victim",
    ]);

    const refused = check({
      externalId: 'L-5',
      accused: 'Test Accused One',
      arrestDate: '2023-01-11',
      bail: 'rejected',
      bailDate: '2023-01-20',
      nextHearingDate: '2023-02-20',
    });
    expect(refused.problems).toEqual([]);
    expect(refused.value?.events.at(-1)).toMatchObject({
      type: 'court.hearing',
      data: { purpose: 'bail', outcome: 'bail refused', nextDate: '2023-02-20T10:30:00+05:30' },
    });
  });

  it('refuses a payment before its award, and a next hearing with no court step to follow', () => {
    const paidFirst = check({
      externalId: 'L-6',
      victimExternalId: 'P-1',
      compensationScheme: 'NALSA-2018',
      compensationAwardedDate: '2023-06-10',
      compensationAmount: '50000',
      compensationDisbursedDate: '2023-06-01',
    });
    expect(paidFirst.problems).toMatchObject([{ code: 'out_of_sequence' }]);
    expect(paidFirst.problems[0]?.reason).toContain('no NALSA-2018 award to V1');
    const nothingToFollow = check({ externalId: 'L-7', nextHearingDate: '2025-03-01' });
    expect(nothingToFollow.problems).toMatchObject([
      { code: 'out_of_sequence', column: 'nextHearingDate' },
    ]);
  });

  /** A case up to its charges: what a hearing, a judgment and an appeal follow. */
  const chargesFramed = {
    firNumber: '21',
    firDate: '2023-01-10',
    policeStation: 'Test Fictionganj PS',
    accused: 'Test Accused One',
    chargesheetDate: '2023-03-01',
    cognizanceDate: '2023-03-10',
    chargesFramedDate: '2023-05-02',
  };

  it('guesses the hearing and appeal columns in English, Bengali and Hindi', () => {
    expect(
      guessImportMapping(
        [
          'Last hearing',
          'Hearing purpose',
          'Held or adjourned',
          'Appeal filed',
          'Appellant',
          'Appellate court',
          'Appeal decided',
          'Appeal outcome',
        ],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toEqual({
      hearingDate: 'Last hearing',
      hearingPurpose: 'Hearing purpose',
      hearingStatus: 'Held or adjourned',
      appealFiledDate: 'Appeal filed',
      appealBy: 'Appellant',
      appealCourt: 'Appellate court',
      appealDecidedDate: 'Appeal decided',
      appealOutcome: 'Appeal outcome',
    });
    expect(
      guessImportMapping(
        ['শুনানির তারিখ', 'শুনানির অবস্থা', 'আপিলের তারিখ', 'আপিলকারী', 'আপিলের ফল'],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toEqual({
      hearingDate: 'শুনানির তারিখ',
      hearingStatus: 'শুনানির অবস্থা',
      appealFiledDate: 'আপিলের তারিখ',
      appealBy: 'আপিলকারী',
      appealOutcome: 'আপিলের ফল',
    });
    expect(
      guessImportMapping(
        ['पिछली सुनवाई', 'सुनवाई का उद्देश्य', 'अपील की तिथि', 'अपीलीय न्यायालय', 'अपील का परिणाम'],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toEqual({
      hearingDate: 'पिछली सुनवाई',
      hearingPurpose: 'सुनवाई का उद्देश्य',
      appealFiledDate: 'अपील की तिथि',
      appealCourt: 'अपीलीय न्यायालय',
      appealOutcome: 'अपील का परिणाम',
    });
  });

  it('turns an adjourned hearing and an appeal into the timeline’s events, the next date on the hearing', () => {
    const { value, problems } = check({
      externalId: 'L-8',
      ...chargesFramed,
      hearingDate: '2024-06-03',
      hearingPurpose: 'সাক্ষ্য',
      hearingStatus: 'स्थगित',
      nextHearingDate: '2024-07-01',
      judgmentDate: '2024-11-20',
      judgmentOutcome: 'convicted',
      appealFiledDate: '2024-12-10',
      appealBy: 'আসামি',
      appealCourt: 'Test High Court',
      appealDecidedDate: '2025-01-01',
      appealOutcome: 'dismissed',
    });
    expect(problems).toEqual([]);
    expect(value?.events.map((event) => `${event.type} ${JSON.stringify(event.data)}`)).toEqual([
      'fir.registered {"offences":[]}',
      'chargesheet.filed {}',
      'court.cognizance {}',
      'court.charges_framed {}',
      'court.hearing {"purpose":"evidence","adjourned":true,"nextDate":"2024-07-01T10:30:00+05:30"}',
      'court.judgment {"verdicts":[{"accused":"A1","verdict":"convicted"}]}',
      'appeal.filed {"by":"accused","forum":"Test High Court"}',
      'appeal.decided {"outcome":"dismissed"}',
    ]);
    // A hearing date alone: a hearing held, of purpose "other", as the form defaults it.
    const held = check({ externalId: 'L-9', hearingDate: '2024-06-03' });
    expect(held.value?.events).toMatchObject([
      { type: 'court.hearing', data: { purpose: 'other', adjourned: false } },
    ]);
  });

  it('says what is wrong with a hearing or an appeal in plain words', () => {
    const { problems } = check({
      externalId: 'L-10',
      hearingPurpose: 'tea',
      hearingStatus: 'adjourned',
      appealFiledDate: '2024-12-10',
      appealCourt: 'Test High Court',
      appealOutcome: 'won',
    });
    expect(
      problems.map((problem) => `${problem.column}: ${problem.value ?? ''} ${problem.reason}`),
    ).toEqual([
      `hearingPurpose: tea is not a hearing purpose Dawn knows (${HEARING_PURPOSES.join(', ')})`,
      "hearingDate:  is empty; 'hearingPurpose', 'hearingStatus' need its date",
      "appealBy:  is empty; 'appealFiledDate' needs who filed the appeal (accused, state, victim)",
      'appealOutcome: won is not an appeal outcome Dawn knows (dismissed, allowed, partly_allowed, remanded)',
      "appealDecidedDate:  is empty; 'appealOutcome' needs its date",
    ]);
  });

  it('refuses an appeal before any judgment, and a decision on no appeal, by the timeline’s rules', () => {
    const noJudgment = check({
      externalId: 'L-11',
      appealFiledDate: '2024-12-10',
      appealBy: 'state',
    });
    expect(noJudgment.problems).toMatchObject([{ code: 'out_of_sequence', column: null }]);
    expect(noJudgment.problems[0]?.reason).toContain('an appeal needs a judgment');
    const noAppeal = check({
      externalId: 'L-12',
      ...chargesFramed,
      judgmentDate: '2024-11-20',
      judgmentOutcome: 'acquitted',
      appealDecidedDate: '2025-01-01',
      appealOutcome: 'allowed',
    });
    expect(noAppeal.problems).toMatchObject([{ code: 'out_of_sequence', column: null }]);
    expect(noAppeal.problems[0]?.reason).toContain('no appeal has been filed');
  });

  it('credits the officials a row names on its arrests, chargesheet and judgment, each needing its step', () => {
    expect(
      guessImportMapping(
        ['Arrested by', 'চার্জশিট দাখিলকারী', 'मुकदमा चलाने वाले अभियोजक'],
        {},
        LEGAL_CASE_IMPORT_SPECS,
      ),
    ).toEqual({
      arrestCreditedTo: 'Arrested by',
      chargesheetCreditedTo: 'চার্জশিট দাখিলকারী',
      judgmentCreditedTo: 'मुकदमा चलाने वाले अभियोजक',
    });
    const { value, problems } = check({
      externalId: 'L-13',
      firNumber: '22',
      firDate: '2023-01-10',
      policeStation: 'Test Fictionganj PS',
      accused: 'Test Accused One; Test Accused Two',
      arrestDate: '2023-01-11',
      arrestCreditedTo: 'SI Test Keya',
      chargesheetDate: '2023-03-01',
      chargesheetCreditedTo: 'SI Test Keya',
    });
    expect(problems).toEqual([]);
    expect(value?.creditedOfficialNames).toEqual({
      arrestCreditedTo: 'SI Test Keya',
      chargesheetCreditedTo: 'SI Test Keya',
    });
    expect(value?.events.map((event) => `${event.type} ${event.creditedBy ?? '-'}`)).toEqual([
      'fir.registered -',
      'accused.arrested arrestCreditedTo',
      'accused.arrested arrestCreditedTo',
      'chargesheet.filed chargesheetCreditedTo',
    ]);
    const noStep = check({ externalId: 'L-14', judgmentCreditedTo: 'Test PP Tithi' });
    expect(noStep.problems.map((problem) => `${problem.column}: ${problem.reason}`)).toEqual([
      "judgmentDate: is empty; 'judgmentCreditedTo' credits an official on this step",
    ]);
  });
});
