import { describe, expect, it } from 'vitest';
import { storedIdentifiedFacts, type CasePersonFacts } from './case-person.ts';
import {
  CTDC_QUASI_IDENTIFIERS,
  ctdcQuasiIdentifiers,
  ctdcRow,
  ctdcRowQuasiIdentifiers,
  planCtdcSuppression,
} from './ctdc-dataset.ts';
import { HTCDS_EXPORT_COLUMNS, toHtcdsRow } from './htcds-export.ts';
import { keyOf, planSuppression, smallestClass, type QuasiIdentifiers } from './k-anonymity.ts';
import { spreadsheetSafeText } from './spreadsheet-text.ts';

const facts = (overrides: Partial<CasePersonFacts> = {}): CasePersonFacts => ({
  caseKind: 'care',
  caseId: '00000000-0000-4000-8000-000000000001',
  personId: '00000000-0000-4000-8000-000000000002',
  // 20:00 UTC on 31 March is 1 April in Kolkata
  registeredAt: new Date('2025-03-31T20:00:00Z'),
  closed: false,
  followUp: false,
  closureReason: null,
  sex: 'female',
  ageBand: '15-17',
  originCountry: 'BD',
  identified: {
    traffickingStatus: 'ActualVictimOfTrafficking',
    traffickingStatusDecidedBy: 'Police',
    methodsOfControl: ['TakesEarnings', 'DebtBondage', 'WithholdsDocuments'],
    typeOfExploitation: ['SexualExploitation', 'ForcedBegging'],
    locationOfExploitation: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
    locationOfRecruitment: { district: 'Jessore', country: 'BD' },
  },
  ...overrides,
});

const histogramOf = (combinations: QuasiIdentifiers[]): Map<string, number> => {
  const histogram = new Map<string, number>();
  for (const values of combinations) {
    histogram.set(keyOf(values), (histogram.get(keyOf(values)) ?? 0) + 1);
  }
  return histogram;
};

const repeat = <T>(times: number, value: T): T[] => Array.from({ length: times }, () => value);

describe('HTCDS 2.0 export row', () => {
  it('names HTCDS fields, uses HTCDS value names and coarsens dates to the month in Kolkata', () => {
    const row = toHtcdsRow(facts());
    expect(Object.keys(row)).toEqual([...HTCDS_EXPORT_COLUMNS]);
    expect(row).toMatchObject({
      dawn_RegistrationMonth: '2025-04',
      dawn_AgeBand: '15-17',
      cas_Status: 'Active',
      prs_Gender: 'Feminine',
      prs_Citizenship: 'BD',
      vic_TraffickingStatus: 'ActualVictimOfTrafficking',
      vic_TraffickingStatusDecisionMakingOrg: 'Police',
      vic_MethodsOfControl: 'DebtBondage;TakesEarnings;WithholdsDocuments',
      vic_TypeOfExploitation: 'ForcedBegging;SexualExploitation',
    });
  });

  it('never carries a district, a birth date or a name column (identity stays in the vault)', () => {
    const row = toHtcdsRow(facts());
    expect(row.vic_LocationOfExploitation).toBe('West Bengal, IN');
    expect(row.vic_LocationOfRecruitment).toBe('BD');
    expect(JSON.stringify(row)).not.toMatch(/Kolkata|Jessore/);
    for (const identity of [
      'prs_FirstName',
      'prs_SecondName',
      'prs_Birthdate',
      'prs_MobilePhone',
    ]) {
      expect(HTCDS_EXPORT_COLUMNS).not.toContain(identity);
    }
  });

  it('gives a closed case its closure reason and an unidentified person blank victim fields', () => {
    const row = toHtcdsRow(facts({ closed: true, closureReason: 'restored', identified: null }));
    expect(row.cas_Status).toBe('Closed');
    expect(row.cas_ReasonForCaseClosure).toBe('restored');
    expect(row.vic_TypeOfExploitation).toBeNull();
  });
});

describe('CTDC generalisation', () => {
  it('merges child bands, keeps the year, and maps means of control to CTDC merged means', () => {
    const values = ctdcQuasiIdentifiers(facts());
    expect(values).toEqual([
      '0-17',
      'Woman',
      'BD',
      'IN',
      '2025',
      'SexualExploit;OtherExploit',
      'meansDebtBondageEarnings;meansWithholdDocs',
    ]);
    expect(values).toHaveLength(CTDC_QUASI_IDENTIFIERS.length);
    const row = ctdcRow(values);
    expect(row).toMatchObject({
      ageBroad: '0-17',
      isForcedLabour: null,
      isSexualExploit: '1',
      isOtherExploit: '1',
      meansDebtBondageEarnings: '1',
      meansThreats: null,
    });
    // A row read back from the file has the same combination: the self-check counts the same.
    expect(ctdcRowQuasiIdentifiers(row)).toEqual(values);
  });
});

describe('k-anonymity by suppression (k = 11)', () => {
  const common: QuasiIdentifiers = ['18-24', 'Woman', 'IN', 'IN', '2025', 'SexualExploit', null];

  it('publishes a class of 11 untouched and says nothing was suppressed', () => {
    const plan = planSuppression(histogramOf(repeat(11, common)), 11, [6, 2, 3, 5, 4, 0, 1]);
    expect(plan.generalise(common)).toEqual(common);
    expect(plan).toMatchObject({ recordsOut: 11, recordsSuppressed: 0, cellsSuppressed: 0 });
    expect([...plan.classSizes]).toEqual([[11, 1]]);
  });

  it('blanks a rare citizenship so that survivor joins the class whose citizenship is unknown', () => {
    const unknownCitizenship: QuasiIdentifiers = [
      '18-24',
      'Woman',
      null,
      'IN',
      '2025',
      'SexualExploit',
      null,
    ];
    const rare: QuasiIdentifiers = ['18-24', 'Woman', 'NP', 'IN', '2025', 'SexualExploit', null];
    const plan = planCtdcSuppression(
      histogramOf([...repeat(11, common), ...repeat(10, unknownCitizenship), rare]),
      11,
    );
    expect(plan.generalise(rare)).toEqual(unknownCitizenship);
    expect(plan.generalise(unknownCitizenship)).toEqual(unknownCitizenship);
    expect(plan).toMatchObject({ recordsOut: 22, recordsSuppressed: 0, cellsSuppressed: 1 });
    expect([...plan.classSizes]).toEqual([[11, 2]]);
  });

  it('drops records that stay under k with every quasi-identifier blanked', () => {
    const lonely: QuasiIdentifiers = ['35+', 'Man', 'NP', 'NP', '2019', 'ForcedLabour', null];
    const plan = planCtdcSuppression(histogramOf([...repeat(11, common), lonely]), 11);
    expect(plan.generalise(lonely)).toBeNull();
    expect(plan.generalise(common)).toEqual(common);
    expect(plan).toMatchObject({ recordsIn: 12, recordsOut: 11, recordsSuppressed: 1 });
  });

  it('leaves every published class at k or more on mixed data', () => {
    const combinations: QuasiIdentifiers[] = [];
    const bands = ['0-17', '18-24', '25-34', '35+'];
    const countries = ['IN', 'BD', 'NP', 'MM'];
    for (let index = 0; index < 500; index += 1) {
      combinations.push([
        bands[index % 4] ?? null,
        index % 3 === 0 ? 'Man' : 'Woman',
        countries[(index * 7) % 4] ?? null,
        countries[(index * 3) % 4] ?? null,
        String(2018 + (index % 6)),
        index % 5 === 0 ? 'ForcedLabour' : 'SexualExploit',
        index % 11 === 0 ? 'meansThreats' : null,
      ]);
    }
    const plan = planCtdcSuppression(histogramOf(combinations), 11);
    const published = new Map<string, number>();
    for (const values of combinations) {
      const out = plan.generalise(values);
      if (out !== null) published.set(keyOf(out), (published.get(keyOf(out)) ?? 0) + 1);
    }
    expect(smallestClass(published)).toBeGreaterThanOrEqual(11);
    expect(plan.recordsOut + plan.recordsSuppressed).toBe(500);
    expect(plan.cellsSuppressed).toBeGreaterThan(0);
  });

  it('refuses k below 11 for a published file', () => {
    expect(() => planCtdcSuppression(new Map(), 10)).toThrow(/at least 11/);
  });
});

describe('stored rescue.identified data read by the exports', () => {
  it('passes data of the recorded shape through and refuses what the mapping would misread', () => {
    const data = {
      rescuedBy: 'police',
      traffickingStatus: 'ActualVictimOfTrafficking',
      typeOfExploitation: ['SexualExploitation'],
      locationOfExploitation: { district: 'Invented', state: 'West Bengal', country: 'IN' },
      ageWhenTrafficked: 14,
    };
    expect(storedIdentifiedFacts(data)).toBe(data);
    expect(storedIdentifiedFacts(null)).toBeNull();
    expect(storedIdentifiedFacts(['SexualExploitation'])).toBeNull();
    // A list stored as a text would be read letter by letter ("includes" on a string).
    expect(storedIdentifiedFacts({ ...data, typeOfExploitation: 'ForcedLabour' })).toBeNull();
    expect(storedIdentifiedFacts({ ...data, methodsOfControl: [1] })).toBeNull();
    expect(storedIdentifiedFacts({ ...data, locationOfExploitation: 'Kolkata' })).toBeNull();
    expect(storedIdentifiedFacts({ ...data, traffickingStatus: 3 })).toBeNull();
    expect(storedIdentifiedFacts({ ...data, ageWhenTrafficked: '14' })).toBeNull();
  });
});

describe('text written for a spreadsheet', () => {
  it('is never read as a formula, and numbers and plain words stay as they are', () => {
    const written: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['+91 98300', "'+91 98300"],
      ['-x', "'-x"],
      ['@A1', "'@A1"],
      ['\tTab', "'\tTab"],
      ['\rCR', "'\rCR"],
      ['-3', '-3'],
      ['+1.5', '+1.5'],
      ['-.5', '-.5'],
      ['1e3', '1e3'],
      ['West Bengal', 'West Bengal'],
      ['পশ্চিমবঙ্গ', 'পশ্চিমবঙ্গ'],
      ['', ''],
    ];
    for (const [text, expected] of written) expect(spreadsheetSafeText(text), text).toBe(expected);
  });
});
