import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { DEMO_TRAINEES } from '../packages/server/src/features/trainings/training.demo-seed.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, field } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const CHOSEN_PASSWORD = 'lantern quarry heron 4141';
/** An import's batches and the page's refresh, on a machine shared with seven others. */
const SLOW = { timeout: 60_000, interval: 250 };

/**
 * Issue 14: the programme manager records a training with 25 participants imported from the
 * academy's sheet through the generic import (issue 16): the dry run names a misspelt official
 * beside its row, the other 24 go in, the corrected sheet adds the last one and nobody twice.
 * Then their scores and attendance, certificates, and the training on the dashboard (officials
 * trained by cadre and district).
 */
describe('a programme manager records a training and sees it on the dashboard', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-training-'));
  const csvPath = path.join(dataDir, 'participants.csv');
  const badPath = path.join(dataDir, 'participants-misspelt.csv');
  const noCadrePath = path.join(dataDir, 'participants-no-cadre.csv');
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // Two-factor enrolment has its own story; here the manager signs in with a password.
      startSeededDawn({ DAWN_DATA_DIR: dataDir, DAWN_REQUIRE_2FA_ROLES: 'admin' }),
      launchBrowser(),
    ]);
  }, 380_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  it('imports 25 participants, records scores and attendance, issues certificates', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const today = new Date().toISOString().slice(0, 10);
    // The academy's sheet, as its clerk typed it: one name misspelt on row 5.
    const sheet = (misspelt: boolean) =>
      [
        'official,organisation,cadre,rank,posting,district,pre_score,post_score',
        ...DEMO_TRAINEES.slice(0, 25).map(
          (name, index) =>
            `${misspelt && index === 3 ? `${name}x` : name},${index % 2 === 0 ? 'Demo Shyampur Police Station' : 'Demo Nadipar Police Station'},police,Sub-Inspector,,Howrah,${40 + (index % 10)},${70 + (index % 10)}`,
        ),
      ].join('\n');
    fs.writeFileSync(badPath, sheet(true));
    fs.writeFileSync(csvPath, sheet(false));
    fs.writeFileSync(
      noCadrePath,
      `official,organisation\n${DEMO_TRAINEES[0] ?? ''},Demo Shyampur Police Station`,
    );
    const misspelt = `${DEMO_TRAINEES[3] ?? ''}x`;
    const oneTime = demoOneTimePassword(server.output(), MANAGER, 'program_manager');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel(field('E-mail address')).fill(MANAGER);
      await page.getByLabel(field('Password')).fill(oneTime);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByLabel(field('Current password')).fill(oneTime);
      await page.getByLabel(field('New password')).fill(CHOSEN_PASSWORD);
      await page.getByLabel(field('New password again')).fill(CHOSEN_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      // Hashing the new password takes its time on a machine shared with seven others.
      await navigation.getByRole('link', { name: 'Trainings' }).click({ timeout: SLOW.timeout });

      await page.getByLabel(field('Title')).fill('Anti-trafficking investigation, Howrah batch');
      await page.getByLabel(field('Topic')).fill('Chargesheets within the statutory period');
      await page.getByRole('checkbox', { name: 'Police' }).check();
      await page.getByRole('button', { name: 'Create programme' }).click();

      await page.getByLabel(field('First day')).fill(today);
      await page.getByLabel(field('Last day')).fill(today);
      await page.getByLabel(field('Venue')).fill('Demo Police Training School');
      await page.getByLabel(field('District')).fill('Howrah');
      await page.getByRole('button', { name: 'Schedule session' }).click();

      // The generic import, for this session: the dry run names the misspelt row beside it.
      const importCard = page.getByTestId('participant-import');
      // A sheet without the cadre column is refused beside the file, naming the column.
      await importCard.locator('input[type=file]').setInputFiles(noCadrePath);
      await importCard.getByRole('button', { name: 'Check the file' }).click();
      await importCard.getByText('The file has no column for Cadre.', { exact: false }).waitFor();
      await importCard.locator('input[type=file]').setInputFiles(badPath);
      await importCard.getByRole('button', { name: 'Check the file' }).click();
      const report = importCard.getByTestId('dry-run-report');
      await report.waitFor();
      expect(await report.textContent()).toContain('To create24');
      const rows = importCard.getByTestId('dry-run-rows');
      expect(await rows.locator('tbody tr').count()).toBe(1);
      expect(await rows.locator('tr[data-row="5"]').textContent()).toContain(
        `Column 'official': ${misspelt} is not in the officials directory at that organisation.`,
      );
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await expect
          .poll(
            () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
            { message: `${width} px` },
          )
          .toBeLessThanOrEqual(0);
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `training-import-dry-run-${width}.png`),
          fullPage: true,
        });
      }
      await page.setViewportSize({ width: 1280, height: 900 });

      // The 24 good rows go in (from the keyboard); the misspelt one is skipped, said why.
      await importCard.getByRole('button', { name: 'Import 24 rows' }).focus();
      await page.keyboard.press('Enter');
      const summary = importCard.getByTestId('import-summary');
      await expect
        .poll(async () => (await summary.textContent().catch(() => '')) ?? '', SLOW)
        .toContain('24 created, 0 updated, 0 unchanged, 1 did not go in.');
      expect(await summary.textContent()).toContain('Row 5:');
      expect(await importCard.getByText('25 of 25 rows done').count()).toBe(1);
      await expect.poll(() => page.getByTestId('participant-count').textContent(), SLOW).toBe('24');

      // The corrected sheet: the one fixed row goes in, and nobody is added twice.
      await importCard.locator('input[type=file]').setInputFiles(csvPath);
      await importCard.getByRole('button', { name: 'Check the file' }).click();
      await expect
        .poll(async () => (await report.textContent().catch(() => '')) ?? '', SLOW)
        .toContain('Unchanged24');
      await importCard.getByRole('button', { name: 'Import 1 row', exact: true }).click();
      await expect
        .poll(async () => (await summary.textContent().catch(() => '')) ?? '', SLOW)
        .toContain('1 created, 0 updated, 24 unchanged, 0 did not go in.');
      await expect.poll(() => page.getByTestId('participant-count').textContent(), SLOW).toBe('25');
      expect(await page.getByTestId('mean-gain').textContent()).toBe('+30 points (25 tested)');

      // The same card in Bengali: the misspelt row is explained in Bengali.
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'bn'));
      await page.reload();
      await page.getByRole('heading', { name: 'অংশগ্রহণকারী আমদানি' }).waitFor();
      await importCard.locator('input[type=file]').setInputFiles(badPath);
      await importCard.getByRole('button', { name: 'ফাইল যাচাই করুন' }).click();
      await rows.locator('tr[data-row="5"]').waitFor();
      expect(await rows.locator('tr[data-row="5"]').textContent()).toContain(
        `কলাম 'official': ${misspelt} ওই সংস্থার আধিকারিকদের তালিকায় নেই।`,
      );
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'training-import-bn-390.png'),
        fullPage: true,
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.evaluate(() => window.localStorage.setItem('dawn.language', 'en'));
      await page.reload();
      await expect.poll(() => page.getByTestId('participant-count').textContent(), SLOW).toBe('25');

      const attendance = page.getByRole('checkbox', { name: / attended on / });
      expect(await attendance.count()).toBe(25);
      for (let index = 0; index < 25; index += 1) await attendance.nth(index).check();
      await page.getByRole('button', { name: 'Save scores and attendance' }).click();
      await expect
        .poll(() => page.getByRole('checkbox', { checked: true, name: / attended on / }).count())
        .toBe(25);
      await page.getByRole('button', { name: 'Issue certificates' }).click();
      await expect.poll(() => page.getByRole('link', { name: 'Bengali' }).count()).toBe(25);
      // The follow-up of the trained officials: on a phone a card an official, each milestone
      // with its year before and after under it, not four columns slid sideways.
      const followUp = page.getByTestId('follow-up');
      await followUp.getByRole('columnheader', { name: 'Before' }).waitFor();
      await page.setViewportSize({ width: 390, height: 900 });
      const official = followUp.getByRole('listitem').filter({ hasText: DEMO_TRAINEES[0] ?? '' });
      await official.waitFor();
      expect(await official.textContent()).toMatch(/Before: .*After: /);
      expect(await followUp.getByRole('table').count()).toBe(0);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
        .toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'training-session.png'),
        fullPage: true,
      });

      await navigation.getByRole('link', { name: 'Dashboard' }).click();
      const trained = page.getByTestId('figure-trained');
      await trained.getByText('Table').click();
      const table = trained.getByRole('table');
      await table.getByRole('columnheader', { name: 'Howrah' }).waitFor();
      const policeRow = table.getByRole('row', { name: /^Police/ });
      expect(await policeRow.getByRole('cell').allTextContents()).toContain('25');
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'training-dashboard.png'),
        fullPage: true,
      });
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      // A screenshot that times out on a loaded machine must not hide the error itself.
      await page
        .screenshot({ path: path.join(ARTIFACTS_DIR, 'training-failure.png'), fullPage: true })
        .catch(() => undefined);
      throw error;
    }
  }, 420_000);
});
