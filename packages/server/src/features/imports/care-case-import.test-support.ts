import ExcelJS from 'exceljs';
import type { PlantedError } from './import.test-support.ts';

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
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Cases');
  sheet.addRow([...CARE_CASE_HEADERS]);
  const planted: PlantedError[] = [];
  const plant = (row: number, message: string) => planted.push({ row, message });
  const serialDateRow = 7;
  const bengaliRow = 11;
  const closedRow = 10;
  for (let index = 0; index < rows; index += 1) {
    const row = index + 2;
    const day = (index % 27) + 1;
    const cells: (string | number | Date | null)[] = [
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
    if (row === serialDateRow) cells[2] = 43831; // 2020-01-01, its date format lost
    if (row === bengaliRow) {
      cells[3] = 'পুলিশ';
      cells[4] = 'যৌন শোষণ';
    }
    if (row === closedRow) {
      cells[8] = '01/05/2022';
      cells[9] = 'restored_to_family';
      cells[10] = '01/06/2022';
      cells[11] = 'restored';
    }
    if (row === 5) {
      cells[2] = '31/02/2021';
      plant(row, ", column 'Rescue date': 31/02/2021 is not a date");
    }
    if (row === 9) {
      cells[3] = 'army';
      plant(row, ", column 'Rescued by': army is not one of the codes Dawn knows");
    }
    if (row === 13) {
      cells[1] = null;
      plant(row, ", column 'Survivor ID': is empty");
    }
    if (row === 17) {
      cells[0] = caseExternalId(1);
      plant(row, ", column 'Case ID': C-00002 is already the id of row 3");
    }
    if (row === 21) {
      cells[1] = 'P-999';
      plant(row, ", column 'Survivor ID': P-999 is not the id of a person imported into Dawn");
    }
    if (row === 25) {
      cells[10] = '01/01/2020';
      cells[11] = 'restored';
      plant(row, ': the dates do not fit together: The case is closed');
    }
    if (row === 29) {
      cells[6] = 'Test Nowhere Home';
      plant(row, ", column 'Shelter': Test Nowhere Home is not the name of an organisation");
    }
    if (row === 33) {
      cells[4] = 'piracy';
      plant(row, ", column 'Type of exploitation': piracy is not a type of exploitation");
    }
    if (row === rows - 10) {
      cells[5] = '2021-13-01';
      plant(row, ", column 'Produced before CWC': 2021-13-01 is not a date");
    }
    sheet.addRow(cells);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    content: Buffer.from(buffer),
    rows,
    planted,
    good: rows - planted.length,
    serialDateRow,
    bengaliRow,
    closedRow,
  };
}
