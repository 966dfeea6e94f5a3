import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { choose, demoOneTimePassword, field, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const LEGAL_OFFICER = 'legal.officer@demo.dawn.example';
const CHOSEN_PASSWORD = 'quarry lantern ox 5150';
// Invented: no such place.
const LOCATION = 'Second floor behind the imaginary Test Lane godown, Fictionpur';

describe('a legal officer records a rescue and reveals its sealed location with a reason', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-rescue-'));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startSeededDawn({ DAWN_DATA_DIR: dataDir }),
      launchBrowser(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  it('records the operation with an official picked by name, then reveals and hides the location', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const oneTime = demoOneTimePassword(server.output(), LEGAL_OFFICER, 'legal_officer');
    const page = await browser.context.newPage();
    // CI runs three lanes at once on two cores: a click there has taken longer than 10 s.
    page.setDefaultTimeout(20_000);
    try {
      await signInFirstTime(page, server.url, LEGAL_OFFICER, oneTime, CHOSEN_PASSWORD);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Rescue operations' }).click();
      await page.getByRole('link', { name: 'Record a rescue operation' }).click();

      await page.getByLabel(field('Date and time')).fill('2025-01-10T02:00');
      await page.getByLabel(field('District')).fill('Kolkata');
      await choose(page, 'Legal basis', 'ITPA', /^ITPA s\.15/);
      await page.getByLabel(field('Location description')).fill(LOCATION);
      await choose(page, 'Leading police unit', 'Shyampur', 'Demo Shyampur Police Station');
      await choose(page, 'Officials', 'Kabir', /^Demo Inspector Kabir Sen/);
      await page.getByRole('button', { name: 'Record the operation' }).click();

      await page.getByRole('heading', { name: /^Rescue in Kolkata/ }).waitFor();
      await page.getByText(/^Demo Inspector Kabir Sen · Inspector, AHTU/).waitFor();
      expect(await page.content()).not.toContain('Fictionpur');

      await page.getByRole('button', { name: 'Reveal location…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Reveal location' }).click();
      await dialog.getByText('Give a reason of at least 10 characters.').waitFor();
      await dialog.getByLabel(field('Reason')).fill('Preparing the site plan for the chargesheet');
      await dialog.getByRole('button', { name: 'Reveal location' }).click();
      await dialog.getByTestId('revealed-location').getByText(LOCATION).waitFor();
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rescue-operation-revealed.png') });
      await dialog.getByRole('button', { name: 'Close and hide' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain('Fictionpur');
      expect(page.url()).not.toContain('Fictionpur');
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rescue-operation-failure.png') });
      throw error;
    }
  }, 180_000);
});
