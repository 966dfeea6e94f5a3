import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fictionalName,
  personsWorkbook,
} from '../packages/server/src/features/imports/import.test-support.ts';
import { ARTIFACTS_DIR } from './browser.ts';
import { freshDawnWithBrowser } from './demo-story.ts';

const MANAGER = {
  email: 'program.manager@demo.dawn.example',
  role: 'program_manager',
  chosenPassword: 'lantern quarry heron 4141',
};

/**
 * Issue 16: the programme manager uploads the shelter's register (a small workbook with planted
 * errors), reads the dry run's report beside its rows, imports it, watches the progress and reads
 * the summary; then imports the care cases of two of those survivors (a third names no one, a
 * fourth names a survivor new to Dawn, recorded with her case, a fifth names one of them again
 * under a new id and is answered as her), and
 * their legal cases (one with an impossible FIR date) and opens one to read its timeline and
 * deadlines; the screens hold at 1280 px and on a 390 px phone, and read in Bengali.
 */
describe('a programme manager imports a spreadsheet of survivors', () => {
  const dawn = freshDawnWithBrowser('import', { env: { DAWN_REQUIRE_2FA_ROLES: 'admin' } });
  const dataDir = dawn.dataDir;
  const workbookPath = path.join(dataDir, 'register.xlsx');

  it('checks the file, imports it with progress, and reads the summary', async () => {
    const workbook = await personsWorkbook(20);
    fs.writeFileSync(workbookPath, workbook.content);
    await dawn.asDemoUser(MANAGER, { timeout: 20_000 }, async (page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Import' }).click();

      // First the wrong export: a CSV with a stray value far to the right of its table. The
      // screen says where, in words, beside the file.
      const strayPath = path.join(dataDir, 'stray.csv');
      fs.writeFileSync(strayPath, `ID,Name,Gender\nR-1,Test Shirin,F${','.repeat(297)}x\n`);
      await page.locator('input[type=file]').setInputFiles(strayPath);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page
        .getByText(
          'Line 2 has a value in column 300, beyond the 256 columns an import reads. Delete what is to the right of the table, save, and choose the file again.',
        )
        .waitFor();

      await page.locator('input[type=file]').setInputFiles(workbookPath);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const report = page.getByTestId('dry-run-report');
      await report.waitFor();
      // Each planted error beside its row, in plain words.
      const rows = page.getByTestId('dry-run-rows');
      for (const planted of workbook.planted) {
        await expect.poll(() => rows.locator(`tr[data-row="${planted.row}"]`).count()).toBe(1);
      }
      expect(await rows.locator('tr[data-row="3"]').textContent()).toContain(
        "Column 'DOB': 31/02/2011 is not a date.",
      );
      expect(await report.textContent()).toContain(`To create${workbook.good}`);

      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        // Polled: the navigation slides away after a resize, and a loaded machine is slow to settle.
        await expect
          .poll(
            () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
            { message: `${width} px` },
          )
          .toBeLessThanOrEqual(0);
        // On a phone each row to correct is a card: which row, its id, what needs correcting.
        if (width === 390)
          expect(await rows.locator('li[data-row="3"]').textContent()).toMatch(
            /^Row: 3.*What needs correcting: Column 'DOB': 31\/02\/2011 is not a date\./,
          );
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `import-dry-run-${width}.png`),
          fullPage: true,
        });
      }
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByRole('button', { name: `Import ${workbook.good} rows` }).click();
      await page.getByTestId('import-progress').waitFor();
      const summary = page.getByTestId('import-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain(
        `${workbook.good} created, 0 updated, 0 unchanged, ${workbook.planted.length} did not go in.`,
      );
      expect(await page.getByText(`${workbook.rows} of ${workbook.rows} rows done`).count()).toBe(
        1,
      );

      // Then the shelter's care cases, naming their survivors by the register's ids.
      const plantedRows = new Set(workbook.planted.map((planted) => planted.row));
      const goodIds = Array.from({ length: workbook.rows }, (_, index) => index + 3)
        .filter((row) => !plantedRows.has(row))
        .slice(0, 2)
        .map((row) => `DAWN-${String(row - 2).padStart(5, '0')}`);
      const casesPath = path.join(dataDir, 'cases.csv');
      fs.writeFileSync(
        casesPath,
        [
          'Case ID,Survivor ID,Name,Sex,Rescue date,Rescued by,Trafficking status,Status decided by,Type of exploitation,Shelter,Admission date',
          `C-1,${goodIds[0] ?? ''},,,01/03/2021,police,possible,Police,Sexual exploitation,Demo Sandhya Shelter Home,03/03/2021`,
          `C-2,${goodIds[1] ?? ''},,,02/03/2021,পুলিশ,actual,NGO,যৌন শোষণ,,`,
          'C-3,P-404,,,02/03/2021,police,possible,Police,Sexual exploitation,,',
          'C-4,P-405,Test Jharokha Imaginary,F,04/03/2021,police,possible,Police,Sexual exploitation,,',
          `C-5,P-406,${fictionalName(Number(goodIds[0]?.slice(5)))},F,05/03/2021,police,possible,Police,Sexual exploitation,,`,
        ].join('\n'),
      );
      await page
        .getByRole('radiogroup', { name: 'What the rows are' })
        .getByText('Care cases')
        .click();
      await page.locator('input[type=file]').setInputFiles(casesPath);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const caseRows = page.getByTestId('dry-run-rows');
      await caseRows.locator('tr[data-row="4"]').waitFor();
      expect(await caseRows.locator('tr[data-row="4"]').textContent()).toContain(
        "Column 'Survivor ID': P-404 is not the ID of a person in Dawn. Import the persons first, or write her name and sex on this row.",
      );
      await page
        .getByTestId('dry-run-new-persons')
        .getByText(
          '1 survivor is not in Dawn yet: she will be recorded with her case, her name sealed as on the person form.',
        )
        .waitFor();
      // Row 6 may be someone already in Dawn: Mira compares, and answers that it is her.
      const question = caseRows.locator('tr[data-row="6"]').getByRole('radiogroup', {
        name: /^Row 6: is this .+, who is already in Dawn\?$/,
      });
      await question.getByRole('radio', { name: 'Leave the row out for now' }).waitFor();
      expect(
        await question.getByRole('radio', { name: 'Leave the row out for now' }).isChecked(),
      ).toBe(true);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'import-care-cases-review-390.png'),
        fullPage: true,
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      await question.getByRole('radio', { name: /^Yes: link the row to / }).check();
      await page.getByRole('button', { name: 'Import 4 rows' }).click();
      await expect
        .poll(async () => (await page.getByTestId('import-summary').textContent()) ?? '')
        .toContain('4 created, 0 updated, 0 unchanged, 1 did not go in.');
      expect(await page.getByTestId('import-summary').textContent()).toContain(
        '1 row was linked to a person already in Dawn, as you answered.',
      );
      expect(await page.getByTestId('import-summary').textContent()).toContain(
        '1 survivor new to Dawn was recorded with her case.',
      );
      // The import saved its column mapping; emptying a required column is refused beside it.
      const survivorColumn = page.getByLabel('Survivor ID (the person’s ID)');
      await expect.poll(() => survivorColumn.inputValue()).toBe('Survivor ID');
      await survivorColumn.fill('');
      await page.getByRole('button', { name: 'Save the mapping' }).click();
      await page.getByText('Choose the column for this field; it is required.').waitFor();
      await survivorColumn.fill('Survivor ID');
      await page.getByRole('button', { name: 'Save the mapping' }).click();
      await page.getByText('The mapping is saved.').waitFor();
      await page.setViewportSize({ width: 390, height: 900 });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
          message: '390 px, care cases',
        })
        .toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });

      // Then the legal cases of the register: one survivor's case goes in with its accused and
      // steps, a row with an impossible FIR date is reported beside its row.
      const legalPath = path.join(dataDir, 'legal-cases.csv');
      fs.writeFileSync(
        legalPath,
        [
          'Legal case ID,FIR No,FIR Date,Police Station,Sections,Victim ID,Accused,Arrest date,Production date,Chargesheet date',
          `L-1,IMP-1,05/01/2024,Demo Shyampur Police Station,BNS 143(4); ITPA:5,${goodIds[0] ?? ''},Test Keya Imaginary,06/01/2024,07/01/2024,`,
          `L-2,IMP-2,31/02/2024,Demo Shyampur Police Station,ITPA:5,${goodIds[1] ?? ''},Test Tithi Imaginary,,,`,
          `L-3,IMP-3,08/01/2024,Demo Shyampur Police Station,ITPA:5,${goodIds[1] ?? ''},,,,01/03/2024`,
          `L-4,IMP-4,09/01/2024,Demo Shyampur Police Station,ITPA:5,${goodIds[0] ?? ''},,,,`,
        ].join('\n'),
      );
      await page
        .getByRole('radiogroup', { name: 'What the rows are' })
        .getByText('Legal cases')
        .click();
      await page.locator('input[type=file]').setInputFiles(legalPath);
      await page.getByRole('button', { name: 'Check the file' }).click();
      const legalRows = page.getByTestId('dry-run-rows');
      await legalRows.locator('tr[data-row="3"]').waitFor();
      expect(await legalRows.locator('tr[data-row="3"]').textContent()).toContain(
        "Column 'FIR Date': 31/02/2024 is not a date.",
      );
      await page.getByRole('button', { name: 'Import 3 rows' }).click();
      await expect
        .poll(async () => (await page.getByTestId('import-summary').textContent()) ?? '')
        .toContain('3 created, 0 updated, 0 unchanged, 1 did not go in.');

      // The imported case reads as one recorded by hand: its timeline and its deadlines.
      await navigation.getByRole('link', { name: 'Legal cases' }).click();
      await page
        .getByRole('link', { name: /FIR IMP-1\/2024/ })
        .first()
        .click();
      await page
        .getByRole('heading', { name: 'FIR IMP-1/2024, Demo Shyampur Police Station' })
        .waitFor();
      await page
        .locator('#main')
        .getByText('Accused produced before magistrate', { exact: true })
        .waitFor();
      await expect.poll(() => page.locator('tr[data-status]').count()).toBeGreaterThan(0);
      const importedCaseUrl = page.url();
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'bn'));
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(importedCaseUrl);
      // Its title in Bengali too: only the FIR's number and the station's name stay as they are.
      await page
        .getByRole('heading', { name: 'এফআইআর IMP-1/2024, Demo Shyampur Police Station' })
        .waitFor();
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
          message: '390 px, imported legal case in Bengali',
        })
        .toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'import-legal-case-bn-390.png'),
        fullPage: true,
      });
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'en'));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(new URL('/imports', importedCaseUrl).toString());

      // The same screen in Bengali: no English left in the report's words.
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'bn'));
      await page.reload();
      await page.getByRole('heading', { name: 'স্প্রেডশিট আমদানি করুন' }).waitFor();
      await page.getByRole('radiogroup', { name: 'সারিগুলো কী' }).getByText('কেয়ার কেস').waitFor();
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'import-bn-390.png'),
        fullPage: true,
      });
    });
  }, 360_000);
});
