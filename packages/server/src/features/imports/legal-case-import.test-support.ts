import ExcelJS from 'exceljs';
import { fictionalName, type PlantedError } from './import.test-support.ts';

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
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Legal cases');
  sheet.addRow([...LEGAL_CASE_HEADERS]);
  const planted: PlantedError[] = [];
  const plant = (row: number, message: string) => planted.push({ row, message });
  const serialDateRow = 7;
  const bengaliRow = 15;
  const comparedRow = 4;
  const judgedRow = 6;
  for (let index = 0; index < rows; index += 1) {
    const row = index + 2;
    const day = (index % 20) + 1;
    const twoAccused = row % 4 === 0;
    const cells: (string | number | Date | null)[] = [
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
    const set = (header: (typeof LEGAL_CASE_HEADERS)[number], value: string | number | Date) => {
      cells[LEGAL_CASE_HEADERS.indexOf(header)] = value;
    };
    if (row === comparedRow) {
      // Every newer column at once: the case the API records step by step in the test.
      set('CNR', 'wbko-01-000102-2024');
      set('Victim ID', `${victimExternalId(index)}; ${victimExternalId(index + 1)}`);
      set('IO', REGISTER_OFFICER.toUpperCase());
      set('Public Prosecutor', REGISTER_PROSECUTOR);
      set('Bail', 'granted');
      set('Bail date', `${pad(day)}/02/2024`);
      set('Cognizance date', `${pad(day + 10)}/03/2024`);
      set('Charges framed', `${pad(day)}/05/2024`);
      set('Next hearing', '2027-01-15');
      set('Compensation scheme', 'WB-VCS-2017');
      set('Compensation applied', `${pad(day)}/04/2024`);
      set('Compensation awarded', `${pad(day)}/06/2024`);
      set('Compensation amount', '2,00,000');
      set('Compensation disbursed', `${pad(day)}/08/2024`);
    }
    if (row === judgedRow) {
      set('Cognizance date', `${pad(day + 10)}/03/2024`);
      set('Charges framed', `${pad(day)}/05/2024`);
      set('Judgment date', `${pad(day)}/09/2024`);
      set('Verdict', 'দোষী সাব্যস্ত');
    }
    if (row === serialDateRow) cells[8] = 45292 + day; // the day after the FIR, its format lost
    if (row === bengaliRow) cells[7] = BENGALI_ACCUSED;
    if (row === 5) {
      cells[2] = '31/02/2024';
      plant(row, ", column 'FIR Date': 31/02/2024 is not a date");
    }
    if (row === 9) {
      cells[5] = 'BNS:143(4); XYZ:12';
      plant(row, ", column 'Sections': XYZ:12 is not an offence Dawn knows");
    }
    if (row === 11) {
      cells[0] = null;
      plant(row, ", column 'Case ID': is empty");
    }
    if (row === 13) {
      cells[0] = legalCaseExternalId(1);
      plant(row, ", column 'Case ID': L-00002 is already the id of row 3");
    }
    if (row === 17) {
      cells[6] = 'P-999';
      plant(row, ", column 'Victim ID': P-999 is not the id of a person imported into Dawn");
    }
    if (row === 19) {
      cells[3] = 'Test Nowhere PS';
      plant(row, ", column 'Police Station': Test Nowhere PS is not the name of a police station");
    }
    if (row === 21) {
      cells[1] = null;
      plant(row, ", column 'FIR No': is empty");
    }
    if (row === 23) {
      cells[1] = '101';
      plant(row, ", column 'FIR No': 101 is the FIR of row 3 too");
    }
    if (row === 25) {
      cells[7] = storedPersonName;
      plant(row, ': may be the same person as');
    }
    if (row === 27) {
      cells[11] = '01/12/2023';
      plant(row, ': the dates do not fit together');
    }
    if (row === 29) {
      cells[9] = '2024-13-01';
      plant(row, ", column 'Production date': 2024-13-01 is not a date");
    }
    if (row === 37) cells[7] = `  ${accusedName(31).toUpperCase()}.`; // row 33's accused
    if (row === 39) {
      // Row 35's accused spelt a little differently: likely the same, not surely.
      cells[7] = `${accusedName(33)}o`;
      plant(row, ", column 'Accused': may name the same person as row 35");
    }
    if (row === 8) {
      set('CNR', 'WBKO01');
      plant(row, ", column 'CNR': WBKO01 must be 16 characters");
    }
    if (row === 10) {
      set('IO', 'SI Test Nobody Imaginary');
      plant(row, ", column 'IO': SI Test Nobody Imaginary is not the name of an official");
    }
    if (row === 41) {
      set('Compensation scheme', 'NALSA-2018');
      set('Victim ID', victimExternalId(index));
      set('Compensation awarded', `${pad(day)}/06/2024`);
      set('Compensation amount', '50000');
      set('Compensation disbursed', `${pad(day)}/05/2024`);
      plant(row, ': the dates do not fit together');
    }
    if (row === 31) {
      cells[7] = null;
      plant(row, ", column 'Accused': is empty");
    }
    sheet.addRow(cells);
  }
  const comparedDay = ((comparedRow - 2) % 20) + 1;
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    content: Buffer.from(buffer),
    rows,
    planted,
    good: rows - planted.length,
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
