import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { MAX_IMPORT_CELLS, MAX_IMPORT_COLUMNS } from '@dawn/core';
import { MAX_UNZIPPED_BYTES } from './import-file.reader.ts';
import type { DryRunReport } from './import.service.ts';

/** A small register: a header row and a few fictional rows. */
async function register(fill?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Survivors');
  sheet.addRow(['ID', 'Name', 'Gender', 'DOB']);
  sheet.addRow(['R-1', 'Test Parul', 'F', '01/02/2001']);
  fill?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The register with its sheet's XML replaced: what a generator other than Excel might write. */
async function withSheetXml(rows: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await register());
  const name = Object.keys(zip.files).find((each) => /^xl\/worksheets\/[^/]+\.xml$/u.test(each));
  zip.file(
    name ?? 'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
  );
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
}

/**
 * Hardening, data in: a spreadsheet is read whole into the server's memory, so what a file may
 * make the server hold is bounded before it is read. Mira, a programme manager, chooses files a
 * colleague saved with a stray value far to the right, a generated file that unzips to far more
 * than it weighs, a CSV line of hundreds of values, and a date cell holding no date: each is
 * refused (or reported on its row) in a sentence, and Dawn goes on serving.
 */
describe(`a spreadsheet cannot take the server down (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
  }, 60_000);
  afterAll(() => subject.close());

  const dryRun = (content: Buffer) =>
    mira.post('/api/imports/dry-run', { fileBase64: content.toString('base64') });
  const refusal = (response: { statusCode: number; body: string }) => {
    expect(response.statusCode, response.body).toBe(400);
    const { error } = JSON.parse(response.body) as {
      error: { code: string; issues: { path: string; message: string }[] };
    };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues[0]?.path).toBe('file');
    return error.issues[0]?.message;
  };

  it('one stray value in the last column (XFD) is refused by its cell, not read 16,384 columns wide', async () => {
    // Before, every row was read as wide as the sheet: 3,000 rows ran the server out of memory.
    const content = await register((sheet) => {
      for (let row = 0; row < 3_000; row += 1)
        sheet.addRow([`R-${row + 2}`, `Test Keya ${row}`, 'F', '01/02/2001']);
      sheet.getCell('XFD7').value = 'x';
    });
    expect(refusal(await dryRun(content))).toBe(
      `cell XFD7 holds a value beyond the ${MAX_IMPORT_COLUMNS} columns an import reads; delete what is to the right of the table and save again`,
    );
  }, 60_000);

  it('a workbook that unzips to more than the limit is refused before it is read whole', async () => {
    const row = '<row><c t="inlineStr"><is><t>Test Tithi</t></is></c></row>';
    const content = await withSheetXml(row.repeat(Math.ceil(MAX_UNZIPPED_BYTES / row.length) + 1));
    expect(content.length).toBeLessThan(MAX_UNZIPPED_BYTES / 50);
    expect(refusal(await dryRun(content))).toBe(
      'the workbook is larger than 64 MB once opened; split it into smaller files',
    );
  }, 60_000);

  it('a sheet listing more cells than an import reads is refused by its count', async () => {
    const content = await withSheetXml(
      `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2">${'<c/>'.repeat(MAX_IMPORT_CELLS + 1)}</row>`,
    );
    expect(refusal(await dryRun(content))).toBe(
      `the sheet has more than ${MAX_IMPORT_CELLS} cells; split it into smaller files`,
    );
  }, 60_000);

  it('a CSV line with a value past the last column read is refused by its line; trailing commas are no columns', async () => {
    const wide = `ID,Name,Gender\nR-1,Test Shirin,F${','.repeat(MAX_IMPORT_COLUMNS)}x\n`;
    expect(refusal(await dryRun(Buffer.from(wide)))).toBe(
      `line 2, column ${MAX_IMPORT_COLUMNS + 3}, holds a value beyond the ${MAX_IMPORT_COLUMNS} columns an import reads; delete what is to the right of the table and save again`,
    );
    const trailing = `ID,Name,Gender${','.repeat(5_000)}\nR-1,Test Shirin,F${','.repeat(5_000)}\n`;
    const read = await dryRun(Buffer.from(trailing));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<DryRunReport>().headers).toEqual(['ID', 'Name', 'Gender']);
  });

  it('a date cell holding no date is a problem on its row, shown as the spreadsheet shows it', async () => {
    const content = await register((sheet) => {
      sheet.addRow(['R-2', 'Test Jharna', 'F', 1e12]);
      sheet.getCell('D3').numFmt = 'dd/mm/yyyy';
    });
    const read = await dryRun(content);
    expect(read.statusCode, read.body).toBe(200);
    const report = read.json<DryRunReport>();
    expect(report.rows.find((row) => row.row === 3)?.issues).toContainEqual(
      expect.objectContaining({ code: 'not_a_date', value: '########' }),
    );
  });

  it('Dawn answers as before after every refusal', async () => {
    const read = await dryRun(await register());
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<DryRunReport>().totalRows).toBe(1);
  });
});
