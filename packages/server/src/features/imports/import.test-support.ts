import ExcelJS from 'exceljs';
import type { Client } from '../../../test/fixtures.ts';
import type { ImportJobView } from './import.service.ts';

/**
 * Generated, obviously fictional workbooks for the import stories: names made of syllables
 * (no real person's name), phones in a range no one is given, and errors planted on known rows.
 */
const ONSETS = ['b', 'd', 'g', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't'];
const SPACE = ONSETS.length ** 4;

function word(seed: number): string {
  let value = seed % SPACE;
  let text = '';
  for (let digit = 0; digit < 4; digit += 1) {
    text += `${ONSETS[value % ONSETS.length] ?? 'b'}a`;
    value = Math.floor(value / ONSETS.length);
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A fictional name no other index shares a word with (the given name and surname are bijections). */
export function fictionalName(index: number): string {
  return `${word(index)} ${word((index * 7919 + 3) % SPACE)}o`;
}

export const fictionalPhone = (index: number) => `+91 70000 ${String(index).padStart(5, '0')}`;

export interface PlantedError {
  row: number;
  message: string;
}

export interface GeneratedWorkbook {
  content: Buffer;
  /** Data rows (under the two header rows). */
  rows: number;
  planted: PlantedError[];
  /** Rows that are good and must be created. */
  good: number;
  bengaliRow: number;
  serialDateRow: number;
}

/**
 * A workbook of `count` persons: a row of group headings in merged cells over the real headers
 * (the id header merged down both rows), dates as text, as xlsx dates and as bare Excel serials,
 * and one planted error of each kind the import must report on its row.
 */
export async function personsWorkbook(count: number): Promise<GeneratedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Survivors');
  sheet.getCell('A1').value = 'Sl. No.';
  sheet.mergeCells('A1:A2');
  sheet.getCell('B1').value = 'Survivor';
  sheet.mergeCells('B1:D1');
  sheet.getCell('E1').value = 'Contact and origin';
  sheet.mergeCells('E1:G1');
  ['Name', 'Gender', 'DOB', 'Mobile', 'State', 'Country'].forEach((header, index) => {
    sheet.getRow(2).getCell(index + 2).value = header;
  });
  const planted: PlantedError[] = [];
  const first = 3;
  // The message as it follows "row N": ", column 'DOB': …" or ": may be the same person …".
  const plant = (offset: number, message: string) =>
    planted.push({
      row: first + offset,
      message: message.startsWith(':') ? message : `, ${message}`,
    });
  const at = (fraction: number) => Math.floor(count * fraction);
  const plan = new Map<number, (cells: (string | number | Date | null)[]) => void>([
    [
      at(0.02),
      (cells) => (
        (cells[3] = '31/02/2011'),
        plant(at(0.02), "column 'DOB': 31/02/2011 is not a date")
      ),
    ],
    [
      at(0.1),
      (cells) => (
        (cells[3] = 'not known'),
        plant(at(0.1), "column 'DOB': not known is not a date")
      ),
    ],
    [
      at(0.2),
      (cells) => (
        (cells[2] = 'robot'),
        plant(at(0.2), "column 'Gender': robot is not a sex Dawn knows")
      ),
    ],
    [
      at(0.3),
      (cells) => (
        (cells[6] = 'India'),
        plant(at(0.3), "column 'Country': India is not a two-letter country code")
      ),
    ],
    [
      at(0.4),
      (cells) => (
        (cells[1] = null),
        plant(at(0.4), "column 'Name': is empty; the name is required")
      ),
    ],
    [at(0.5), (cells) => ((cells[2] = null), plant(at(0.5), "column 'Gender': is empty"))],
    [at(0.6), (cells) => ((cells[0] = null), plant(at(0.6), "column 'Sl. No.': is empty"))],
    [
      at(0.7),
      (cells) => (
        (cells[0] = 'DAWN-00001'),
        plant(at(0.7), `column 'Sl. No.': DAWN-00001 is already the id of row ${first}`)
      ),
    ],
    [
      at(0.8),
      (cells) => (
        (cells[4] = 'call the shelter'),
        plant(at(0.8), "column 'Mobile': call the shelter is not a phone number")
      ),
    ],
    [
      at(0.9),
      (cells) => {
        // The row above, written again with its phone: one person entered twice.
        cells[1] = fictionalName(at(0.9));
        cells[4] = fictionalPhone(at(0.9));
        plant(at(0.9), `: may be the same person as row ${first + at(0.9) - 1} (similarity`);
      },
    ],
  ]);
  const bengaliOffset = at(0.45);
  const serialOffset = at(0.55);
  for (let offset = 0; offset < count; offset += 1) {
    const index = offset + 1;
    const cells: (string | number | Date | null)[] = [
      `DAWN-${String(index).padStart(5, '0')}`,
      fictionalName(index),
      index % 3 === 0 ? 'Male' : 'F',
      index % 2 === 0
        ? new Date(Date.UTC(1990 + (index % 20), index % 12, 1 + (index % 27)))
        : `${String(1 + (index % 27)).padStart(2, '0')}/${String(1 + (index % 12)).padStart(2, '0')}/${1990 + (index % 20)}`,
      fictionalPhone(index),
      'West Bengal',
      'IN',
    ];
    if (offset === bengaliOffset) cells[1] = 'রহিমা বাকাদাগা';
    if (offset === serialOffset) cells[3] = 40603;
    plan.get(offset)?.(cells);
    sheet.addRow(cells);
  }
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    content,
    rows: count,
    planted,
    good: count - planted.length,
    bengaliRow: first + bengaliOffset,
    serialDateRow: first + serialOffset,
  };
}

/** A cell as a generated register writes it: text, an Excel serial, an xlsx date or nothing. */
export type RegisterCell = string | number | Date | null;

/**
 * What one row of a generated register has instead of its ordinary cells, by header; with a
 * message (as it follows "row N": ", column 'X': …" or ": …"), an error planted there that the
 * import must report on that row.
 */
export interface Planting<Header extends string> {
  row: number;
  cells: Partial<Record<Header, RegisterCell>>;
  message?: string;
}

/**
 * A one-sheet register (care cases, legal cases) under a single header row: row N (N = index +
 * 2, as the spreadsheet numbers it) has `cellsOf(index)`, then what the plantings of that row
 * put there. The planted errors are the plantings with a message, in the order of the rows.
 */
export async function plantedRegister<Header extends string>(
  sheetName: string,
  headers: readonly Header[],
  rows: number,
  cellsOf: (index: number) => RegisterCell[],
  plantings: readonly Planting<Header>[],
): Promise<{ content: Buffer; rows: number; planted: PlantedError[]; good: number }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...headers]);
  for (let index = 0; index < rows; index += 1) {
    const cells = cellsOf(index);
    for (const planting of plantings.filter(({ row }) => row === index + 2))
      for (const [header, value] of Object.entries(planting.cells) as [Header, RegisterCell][])
        cells[headers.indexOf(header)] = value;
    sheet.addRow(cells);
  }
  const planted = plantings
    .flatMap(({ row, message }) => (message === undefined ? [] : [{ row, message }]))
    .sort((left, right) => left.row - right.row);
  return {
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
    rows,
    planted,
    good: rows - planted.length,
  };
}

/** The import job once it has stopped running, asked for as the import page does (3 minutes at most). */
export async function finishedImport(client: Client, jobId: string): Promise<ImportJobView> {
  for (let attempt = 0; attempt < 900; attempt += 1) {
    const job = (await client.get(`/api/imports/${jobId}`)).json<ImportJobView>();
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the import did not finish');
}
