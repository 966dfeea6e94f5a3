import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { DEMO_TRAINEES } from '../packages/server/src/features/trainings/training.demo-seed.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, field } from './forms.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const CHOSEN_PASSWORD = 'lantern quarry heron 4141';

/**
 * Issue 14: the programme manager records a training with 25 participants imported from the
 * academy's CSV sheet, their scores and attendance, issues certificates, and sees the training on
 * the dashboard (officials trained by cadre and district).
 */
describe('a programme manager records a training and sees it on the dashboard', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-training-'));
  const csvPath = path.join(dataDir, 'participants.csv');
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // Two-factor enrolment has its own story; here the manager signs in with a password.
      startDawn({ DAWN_DATA_DIR: dataDir, DAWN_REQUIRE_2FA_ROLES: 'admin' }, 180_000),
      launchBrowser(),
    ]);
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports 25 participants, records scores and attendance, issues certificates', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const today = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(
      csvPath,
      [
        'official,organisation,cadre,rank,posting,district,pre_score,post_score',
        ...DEMO_TRAINEES.slice(0, 25).map(
          (name, index) =>
            `${name},${index % 2 === 0 ? 'Demo Shyampur Police Station' : 'Demo Nadipar Police Station'},police,Sub-Inspector,,Howrah,${40 + (index % 10)},${70 + (index % 10)}`,
        ),
      ].join('\n'),
    );
    const oneTime = demoOneTimePassword(server.output(), MANAGER, 'program_manager');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
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
      await navigation.getByRole('link', { name: 'Trainings' }).click();

      await page.getByLabel(field('Title')).fill('Anti-trafficking investigation, Howrah batch');
      await page.getByLabel(field('Topic')).fill('Chargesheets within the statutory period');
      await page.getByRole('checkbox', { name: 'Police' }).check();
      await page.getByRole('button', { name: 'Create programme' }).click();

      await page.getByLabel(field('First day')).fill(today);
      await page.getByLabel(field('Last day')).fill(today);
      await page.getByLabel(field('Venue')).fill('Demo Police Training School');
      await page.getByLabel(field('District')).fill('Howrah');
      await page.getByRole('button', { name: 'Schedule session' }).click();

      await page.locator('input[type=file]').setInputFiles(csvPath);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('25 participants imported.').waitFor();
      await expect.poll(() => page.getByTestId('participant-count').textContent()).toBe('25');
      expect(await page.getByTestId('mean-gain').textContent()).toBe('+30 points (25 tested)');

      const attendance = page.getByRole('checkbox', { name: / attended on / });
      expect(await attendance.count()).toBe(25);
      for (let index = 0; index < 25; index += 1) await attendance.nth(index).check();
      await page.getByRole('button', { name: 'Save scores and attendance' }).click();
      await expect
        .poll(() => page.getByRole('checkbox', { checked: true, name: / attended on / }).count())
        .toBe(25);
      await page.getByRole('button', { name: 'Issue certificates' }).click();
      await expect.poll(() => page.getByRole('link', { name: 'Bengali' }).count()).toBe(25);
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
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'training-failure.png'),
        fullPage: true,
      });
      throw error;
    }
  }, 240_000);
});
