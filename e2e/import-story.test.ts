import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { personsWorkbook } from '../packages/server/src/features/imports/import.test-support.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const CHOSEN_PASSWORD = 'lantern quarry heron 4141';

/**
 * Issue 16: the programme manager uploads the shelter's register (a small workbook with planted
 * errors), reads the dry run's report beside its rows, imports it, watches the progress and reads
 * the summary; the screen holds at 1280 px and on a 390 px phone, and reads in Bengali.
 */
describe('a programme manager imports a spreadsheet of survivors', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-import-'));
  const workbookPath = path.join(dataDir, 'register.xlsx');
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startDawn({ DAWN_DATA_DIR: dataDir, DAWN_REQUIRE_2FA_ROLES: 'admin' }, 180_000),
      launchBrowser(),
    ]);
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks the file, imports it with progress, and reads the summary', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const workbook = await personsWorkbook(20);
    fs.writeFileSync(workbookPath, workbook.content);
    const oneTime = demoOneTimePassword(server.output(), MANAGER, 'program_manager');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await signInFirstTime(page, server.url, MANAGER, oneTime, CHOSEN_PASSWORD);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Import' }).click();

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
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
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

      // The same screen in Bengali: no English left in the report's words.
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'bn'));
      await page.reload();
      await page.getByRole('heading', { name: 'ব্যক্তিদের স্প্রেডশিট আমদানি করুন' }).waitFor();
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'import-bn-390.png'),
        fullPage: true,
      });
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'import-failure.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await page.close();
    }
  }, 240_000);
});
