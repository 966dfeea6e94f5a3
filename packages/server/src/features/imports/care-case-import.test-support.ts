import { plantedRegister, type PlantedError } from './import.test-support.ts';

/**
 * A generated, obviously fictional care-case register: one row per case, each naming its survivor
 * by the person's external id (P-001 … P-030, imported first), with errors planted on known rows.
 */
export const CARE_CASE_HEADERS = [
  'Case ID',
  'Survivor ID',
  'Rescue date',
  'Rescued by',
  'Type of exploitation',
  'Produced before CWC',
  'Shelter',
  'Admission date',
  'Left shelter',
  'Reason for leaving',
  'Closed',
  'Closure reason',
  'Trafficking status',
  'Status decided by',
] as const;

export interface CareCaseWorkbook {
  content: Buffer;
  rows: number;
  planted: PlantedError[];
  good: number;
  serialDateRow: number;
  bengaliRow: number;
  closedRow: number;
}

export const personExternalId = (index: number) => `P-${String((index % 30) + 1).padStart(3, '0')}`;
export const caseExternalId = (index: number) => `C-${String(index + 1).padStart(5, '0')}`;

export async function careCaseWorkbook(rows: number, shelter: string): Promise<CareCaseWorkbook> {
  const serialDateRow = 7;
  const bengaliRow = 11;
  const closedRow = 10;
  const register = await plantedRegister(
    'Cases',
    CARE_CASE_HEADERS,
    rows,
    (index) => {
      const day = (index % 27) + 1;
      return [
        caseExternalId(index),
        personExternalId(index),
        `${String(day).padStart(2, '0')}/03/2021`,
        'police',
        'Sexual exploitation',
        new Date(Date.UTC(2021, 2, day + 1)),
        shelter,
        new Date(Date.UTC(2021, 2, day + 2)),
        null,
        null,
        null,
        null,
        'Possible victim of trafficking',
        'NGO',
      ];
    },
    [
      // 2020-01-01, its date format lost
      { row: serialDateRow, cells: { 'Rescue date': 43831 } },
      { row: bengaliRow, cells: { 'Rescued by': 'পুলিশ', 'Type of exploitation': 'যৌন শোষণ' } },
      {
        row: closedRow,
        cells: {
          'Left shelter': '01/05/2022',
          'Reason for leaving': 'restored_to_family',
          Closed: '01/06/2022',
          'Closure reason': 'restored',
        },
      },
      {
        row: 5,
        cells: { 'Rescue date': '31/02/2021' },
        message: ", column 'Rescue date': 31/02/2021 is not a date",
      },
      {
        row: 9,
        cells: { 'Rescued by': 'army' },
        message: ", column 'Rescued by': army is not one of the codes Dawn knows",
      },
      { row: 13, cells: { 'Survivor ID': null }, message: ", column 'Survivor ID': is empty" },
      {
        row: 17,
        cells: { 'Case ID': caseExternalId(1) },
        message: ", column 'Case ID': C-00002 is already the id of row 3",
      },
      {
        row: 21,
        cells: { 'Survivor ID': 'P-999' },
        message: ", column 'Survivor ID': P-999 is not the id of a person imported into Dawn",
      },
      {
        row: 25,
        cells: { Closed: '01/01/2020', 'Closure reason': 'restored' },
        message: ': the dates do not fit together: The case is closed',
      },
      {
        row: 29,
        cells: { Shelter: 'Test Nowhere Home' },
        message: ", column 'Shelter': Test Nowhere Home is not the name of an organisation",
      },
      {
        row: 33,
        cells: { 'Type of exploitation': 'piracy' },
        message: ", column 'Type of exploitation': piracy is not a type of exploitation",
      },
      {
        row: rows - 10,
        cells: { 'Produced before CWC': '2021-13-01' },
        message: ", column 'Produced before CWC': 2021-13-01 is not a date",
      },
    ],
  );
  return { ...register, serialDateRow, bengaliRow, closedRow };
}
