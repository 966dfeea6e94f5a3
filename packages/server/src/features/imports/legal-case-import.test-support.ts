import { expect } from 'vitest';
import { aLegalCaseWorld, type LegalCaseWorld } from '../legal-cases/legal-case.test-support.ts';
import {
  fictionalName,
  finishedImport,
  plantedRegister,
  type PlantedError,
} from './import.test-support.ts';

/**
 * A generated, obviously fictional register of legal cases: one row per case, its FIR at an
 * invented police station, its victim named by the external id of a person imported first
 * (P-001 … P-010), its accused by syllable names, with errors planted on known rows.
 */
export const LEGAL_CASE_HEADERS = [
  'Case ID',
  'FIR No',
  'FIR Date',
  'Police Station',
  'Court',
  'Sections',
  'Victim ID',
  'Accused',
  'Arrest date',
  'Production date',
  'Remand date',
  'Chargesheet date',
  'CNR',
  'IO',
  'Public Prosecutor',
  'Bail',
  'Bail date',
  'Cognizance date',
  'Charges framed',
  'Next hearing',
  'Judgment date',
  'Verdict',
  'Compensation scheme',
  'Compensation applied',
  'Compensation awarded',
  'Compensation amount',
  'Compensation disbursed',
] as const;

/** The officials the register names; the legal-case test world has both in its directory. */
/** The police station of the legal-case world (`aLegalCaseWorld`), as registers name it. */
export const REGISTER_STATION = 'Test Fictionganj PS';
export const REGISTER_OFFICER = 'SI Test Ranjana Imaginary';
export const REGISTER_PROSECUTOR = 'Test Special PP Fictional';

export interface LegalCaseWorkbook {
  content: Buffer;
  rows: number;
  planted: PlantedError[];
  good: number;
  serialDateRow: number;
  bengaliRow: number;
  /** Two rows naming one accused, written the same but for case and spacing: one person. */
  sameAccusedRows: [number, number];
  /** A row with two accused and a chargesheet: the one compared with the API. */
  comparedRow: number;
  /** Its cells, for recording the same case through the API. */
  compared: {
    firDay: string;
    arrestDay: string;
    productionDay: string;
    chargesheetDay: string;
    cnr: string;
    victims: string[];
  };
  /** A row with a judgment (convicted) after cognizance and charges. */
  judgedRow: number;
}

export const victimExternalId = (index: number) => `P-${String((index % 10) + 1).padStart(3, '0')}`;
export const legalCaseExternalId = (index: number) => `L-${String(index + 1).padStart(5, '0')}`;
/** Accused names share no word with the persons' (fictionalName 7000 + …). */
export const accusedName = (index: number) => fictionalName(40_000 + index * 13);
/** A Bengali-script name meaning "test imaginary": obviously no one's. */
export const BENGALI_ACCUSED = 'পরীক্ষা কাল্পনিক';

const pad = (value: number) => String(value).padStart(2, '0');

export async function legalCaseWorkbook(
  rows: number,
  station: string,
  court: string,
  storedPersonName: string,
): Promise<LegalCaseWorkbook> {
  const serialDateRow = 7;
  const bengaliRow = 15;
  const comparedRow = 4;
  const judgedRow = 6;
  const indexOf = (row: number) => row - 2;
  const dayOf = (row: number) => (indexOf(row) % 20) + 1;
  const comparedDay = dayOf(comparedRow);
  const register = await plantedRegister(
    'Legal cases',
    LEGAL_CASE_HEADERS,
    rows,
    (index) => {
      const row = index + 2;
      const day = dayOf(row);
      const twoAccused = row % 4 === 0;
      return [
        legalCaseExternalId(index),
        String(100 + index),
        `${pad(day)}/01/2024`,
        station,
        court,
        'BNS 143(4); ITPA:5',
        victimExternalId(index),
        twoAccused ? `${accusedName(index)}; ${accusedName(index + 1000)}` : accusedName(index),
        new Date(Date.UTC(2024, 0, day + 1)),
        new Date(Date.UTC(2024, 0, day + 2)),
        new Date(Date.UTC(2024, 0, day + 2)),
        row % 2 === 0 ? `${pad(day)}/03/2024` : null,
        ...Array.from({ length: 15 }, () => null),
      ];
    },
    [
      {
        // Every newer column at once: the case the API records step by step in the test.
        row: comparedRow,
        cells: {
          CNR: 'wbko-01-000102-2024',
          'Victim ID': `${victimExternalId(indexOf(comparedRow))}; ${victimExternalId(indexOf(comparedRow) + 1)}`,
          IO: REGISTER_OFFICER.toUpperCase(),
          'Public Prosecutor': REGISTER_PROSECUTOR,
          Bail: 'granted',
          'Bail date': `${pad(comparedDay)}/02/2024`,
          'Cognizance date': `${pad(comparedDay + 10)}/03/2024`,
          'Charges framed': `${pad(comparedDay)}/05/2024`,
          'Next hearing': '2027-01-15',
          'Compensation scheme': 'WB-VCS-2017',
          'Compensation applied': `${pad(comparedDay)}/04/2024`,
          'Compensation awarded': `${pad(comparedDay)}/06/2024`,
          'Compensation amount': '2,00,000',
          'Compensation disbursed': `${pad(comparedDay)}/08/2024`,
        },
      },
      {
        row: judgedRow,
        cells: {
          'Cognizance date': `${pad(dayOf(judgedRow) + 10)}/03/2024`,
          'Charges framed': `${pad(dayOf(judgedRow))}/05/2024`,
          'Judgment date': `${pad(dayOf(judgedRow))}/09/2024`,
          Verdict: 'দোষী সাব্যস্ত',
        },
      },
      // The day after the FIR, its format lost.
      { row: serialDateRow, cells: { 'Arrest date': 45292 + dayOf(serialDateRow) } },
      { row: bengaliRow, cells: { Accused: BENGALI_ACCUSED } },
      {
        row: 5,
        cells: { 'FIR Date': '31/02/2024' },
        message: ", column 'FIR Date': 31/02/2024 is not a date",
      },
      {
        row: 9,
        cells: { Sections: 'BNS:143(4); XYZ:12' },
        message: ", column 'Sections': XYZ:12 is not an offence Dawn knows",
      },
      { row: 11, cells: { 'Case ID': null }, message: ", column 'Case ID': is empty" },
      {
        row: 13,
        cells: { 'Case ID': legalCaseExternalId(1) },
        message: ", column 'Case ID': L-00002 is already the id of row 3",
      },
      {
        row: 17,
        cells: { 'Victim ID': 'P-999' },
        message: ", column 'Victim ID': P-999 is not the id of a person imported into Dawn",
      },
      {
        row: 19,
        cells: { 'Police Station': 'Test Nowhere PS' },
        message: ", column 'Police Station': Test Nowhere PS is not the name of a police station",
      },
      { row: 21, cells: { 'FIR No': null }, message: ", column 'FIR No': is empty" },
      {
        row: 23,
        cells: { 'FIR No': '101' },
        message: ", column 'FIR No': 101 is the FIR of row 3 too",
      },
      { row: 25, cells: { Accused: storedPersonName }, message: ': may be the same person as' },
      {
        row: 27,
        cells: { 'Chargesheet date': '01/12/2023' },
        message: ': the dates do not fit together',
      },
      {
        row: 29,
        cells: { 'Production date': '2024-13-01' },
        message: ", column 'Production date': 2024-13-01 is not a date",
      },
      // Row 33's accused again, in capitals and with stray spacing: the same person.
      { row: 37, cells: { Accused: `  ${accusedName(31).toUpperCase()}.` } },
      {
        // Row 35's accused spelt a little differently: likely the same, not surely.
        row: 39,
        cells: { Accused: `${accusedName(33)}o` },
        message: ", column 'Accused': may name the same person as row 35",
      },
      {
        row: 8,
        cells: { CNR: 'WBKO01' },
        message: ", column 'CNR': WBKO01 must be 16 characters",
      },
      {
        row: 10,
        cells: { IO: 'SI Test Nobody Imaginary' },
        message: ", column 'IO': SI Test Nobody Imaginary is not the name of an official",
      },
      {
        row: 41,
        cells: {
          'Compensation scheme': 'NALSA-2018',
          'Victim ID': victimExternalId(indexOf(41)),
          'Compensation awarded': `${pad(dayOf(41))}/06/2024`,
          'Compensation amount': '50000',
          'Compensation disbursed': `${pad(dayOf(41))}/05/2024`,
        },
        message: ': the dates do not fit together',
      },
      { row: 31, cells: { Accused: null }, message: ", column 'Accused': is empty" },
    ],
  );
  return {
    ...register,
    serialDateRow,
    bengaliRow,
    sameAccusedRows: [33, 37],
    comparedRow,
    judgedRow,
    compared: {
      cnr: 'WBKO010001022024',
      victims: [victimExternalId(comparedRow - 2), victimExternalId(comparedRow - 1)],
      firDay: `2024-01-${pad(comparedDay)}`,
      arrestDay: `2024-01-${pad(comparedDay + 1)}`,
      productionDay: `2024-01-${pad(comparedDay + 2)}`,
      chargesheetDay: `2024-03-${pad(comparedDay)}`,
    },
  };
}

/**
 * A legal-case world whose programme manager has imported the survivors P-001 … P-010 the
 * registers name as victims.
 */
export async function aRegisterWorld(): Promise<LegalCaseWorld> {
  const world = await aLegalCaseWorld();
  const persons = [
    'ID,Name,Sex,Age band',
    ...Array.from({ length: 10 }, (_, index) => {
      const id = `P-${String(index + 1).padStart(3, '0')}`;
      return `${id},${fictionalName(7000 + index * 37)},female,15-17`;
    }),
  ].join('\n');
  const started = await world.manager.post('/api/imports', {
    fileBase64: Buffer.from(persons).toString('base64'),
  });
  expect(started.statusCode, started.body).toBe(202);
  const job = await finishedImport(world.manager, started.json<{ jobId: string }>().jobId);
  expect(job).toMatchObject({ status: 'finished', created: 10 });
  return world;
}
