import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDawn, startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { field } from './forms.ts';
import { copySeededInstallation, removeInstallation } from './seeded-dawn.ts';

/** Picks an option of a Mantine select (its list is rendered outside the form, in a portal). */
async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByLabel(field(label)).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const SOCIAL_WORKER = 'social.worker@demo.dawn.example';
/**
 * How long a state may take to show (the page's own default wait). CI runs the three lanes at once
 * on two cores; a click there once took longer than 10 s.
 */
const STATE = { timeout: 20_000 };

describe('a social worker follows a 15-year-old from rescue to her first assessments', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-care-case-'));
  const env = { DAWN_DATA_DIR: dataDir, DAWN_DEMO_SEED: 'auto' };
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let oneTimePassword = '';

  beforeAll(async () => {
    // A copy of the run's seeded installation (the fictional demo organisation, its shelters, its
    // CWC, its users); the CLI gives the demo social worker a password before the server starts.
    copySeededInstallation(dataDir);
    const reset = await runDawn(['user', 'reset-password', SOCIAL_WORKER], env);
    oneTimePassword = /One-time password for \S+: (\S+)/.exec(reset.stdout)?.[1] ?? '';
    server = await startDawn(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  it('opens the case, records production, placement, consent and two assessments, and closes it as restored', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    expect(oneTimePassword.length).toBeGreaterThan(11);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(STATE.timeout);
    try {
      await story(page, server.url, oneTimePassword);
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'care-case-story-failure.png'),
        fullPage: true,
      });
      throw error;
    }
  }, 180_000);
});

async function story(page: Page, url: string, oneTime: string): Promise<void> {
  // Priya, the demo social worker, signs in and chooses her own password.
  await page.goto(`${url}/sign-in`);
  await page.getByRole('heading', { name: 'Sign in to Dawn' }).waitFor();
  await page.getByLabel(field('E-mail address')).fill(SOCIAL_WORKER);
  await page.getByLabel(field('Password')).fill(oneTime);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
  await page.getByLabel(field('Current password')).fill(oneTime);
  await page.getByLabel(field('New password')).fill('marigold ferry lantern 2025');
  await page.getByLabel(field('New password again')).fill('marigold ferry lantern 2025');
  await page.getByRole('button', { name: 'Change password' }).click();

  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  await navigation.getByRole('link', { name: 'Care cases' }).click();
  await page.getByRole('heading', { name: 'Care cases', level: 2 }).waitFor();

  // She opens a case for a girl of 15, rescued the night before: her age band, and the name she
  // gave (invented for the test), which goes to the vault in the same step. Nobody like her is in
  // Dawn yet.
  const herName = 'Fictional Rekhamoni Testdas';
  await page.getByRole('button', { name: 'Open a case' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a care case' });
  await choose(page, dialog, 'Age band', '15–17 years');
  await dialog.getByLabel(field('Legal name')).fill(herName);
  await dialog.getByText('No similar person found.').waitFor();
  await dialog.getByLabel(field('Opened at')).fill('2025-03-04T09:00');
  await dialog.getByRole('button', { name: 'Open the case' }).click();
  await page.getByTestId('case-phase').waitFor();
  expect(page.url()).toMatch(/\/care-cases\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  const pseudonym = (await page.getByRole('heading', { level: 2 }).textContent()) ?? '';
  expect(pseudonym.length).toBeGreaterThan(2);
  expect(caseUrl).not.toContain('Rekhamoni');

  // Opening a case for her name again offers her, by pseudonym, instead of recording her twice.
  await page.goto(`${url}/care-cases`);
  await page.getByRole('button', { name: 'Open a case' }).click();
  await dialog.getByLabel(field('Legal name')).fill(herName);
  await dialog.getByRole('button', { name: `Open the case for ${pseudonym}` }).click();
  await expect
    .poll(() => dialog.getByRole('radio', { name: 'Someone already recorded' }).isChecked())
    .toBe(true);
  await expect.poll(() => dialog.getByLabel(field('Person')).inputValue()).toContain(pseudonym);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.goto(caseUrl);
  await page.getByTestId('case-phase').waitFor();
  await expect.poll(() => page.getByTestId('case-phase').textContent(), STATE).toBe('Intake');

  // She records the production before the CWC that afternoon...
  const eventForm = page.getByRole('region', { name: 'Record an event' });
  await choose(page, eventForm, 'Event', 'Produced before the CWC');
  await eventForm.getByLabel(field('When it happened')).fill('2025-03-04T14:00');
  await choose(page, eventForm, 'Organisation', 'Demo Child Welfare Committee, Kolkata');
  await eventForm.getByLabel('Statement recorded').check();
  await eventForm.getByRole('button', { name: 'Record event' }).click();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText('Produced before the CWC', { exact: true }).waitFor();

  // ...and her placement in a shelter home that evening.
  await choose(page, eventForm, 'Event', 'Placement started');
  await eventForm.getByLabel(field('When it happened')).fill('2025-03-04T18:30');
  await choose(page, eventForm, 'Organisation', 'Demo Sandhya Shelter Home');
  await choose(page, eventForm, 'Kind of placement', 'Shelter home');
  await eventForm.getByRole('button', { name: 'Record event' }).click();
  await timeline.getByText('Placement started', { exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('case-phase').textContent(), STATE).toBe('Shelter care');
  await page.getByTestId('case-header').getByText('Demo Sandhya Shelter Home').waitFor();

  // Closing the case while she is still placed is refused; the refusal is shown beside the form
  // and what she typed stays.
  await choose(page, eventForm, 'Event', 'Case closed');
  await eventForm.getByLabel(field('When it happened')).fill('2025-03-05T10:00');
  await choose(page, eventForm, 'Reason', 'Restored');
  await eventForm.getByLabel(field('Details')).fill('Fictional premature closure');
  await eventForm.getByRole('button', { name: 'Record event' }).click();
  await eventForm.getByRole('alert').waitFor();
  await expect
    .poll(() => eventForm.getByLabel(field('Details')).inputValue(), STATE)
    .toBe('Fictional premature closure');
  await expect.poll(() => page.getByTestId('case-phase').textContent(), STATE).toBe('Shelter care');

  // She records the survivor's written consent to services; it shows at a glance in the header.
  const consents = page.getByRole('region', { name: 'Consents' });
  await consents.getByRole('button', { name: 'Record consent' }).click();
  await consents.getByLabel(field('Given at')).fill('2025-03-04T19:00');
  await consents.getByRole('button', { name: 'Save consent' }).click();
  await page.getByTestId('case-header').getByText('Services', { exact: true }).waitFor();

  // She attaches the CWC's order (a small invented PDF); the list shows its SHA-256.
  const order = Buffer.from(
    '%PDF-1.4\n% Invented CWC order for a test\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n',
  );
  const orderHash = createHash('sha256').update(order).digest('hex');
  const documents = page.getByRole('region', { name: 'Documents' });
  await choose(page, documents, 'Type', 'Court order');
  await documents.getByLabel(field('Title')).fill('CWC order, interim placement');
  await documents
    .locator('input[type="file"]')
    .setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: order });
  await documents.getByRole('button', { name: 'Upload', exact: true }).click();
  await documents.locator(`[data-sha256="${orderHash}"]`).waitFor();
  await documents.getByText(`${orderHash.slice(0, 12)}…`).waitFor();

  // Two assessments six months apart, recorded in the form (every item on the 1–4 scale); each
  // shows in the list as soon as it is saved, and the domain charts draw both.
  const assessments = page.getByRole('region', { name: 'Outcome assessments' });
  const recordAssessment = async (assessedAt: string, score: string, listed: number) => {
    await assessments.getByRole('button', { name: 'Record an assessment' }).click();
    await assessments.getByLabel(field('Assessed at')).fill(assessedAt);
    const items = assessments.getByRole('radiogroup');
    await expect.poll(() => items.count(), STATE).toBeGreaterThan(0);
    for (const item of await items.all()) {
      await item.getByRole('radio', { name: score, exact: true }).check();
    }
    await assessments.getByRole('button', { name: 'Save assessment' }).click();
    await assessments
      .getByRole('button', { name: 'Save assessment' })
      .waitFor({ state: 'detached' });
    await expect.poll(() => assessments.locator('tbody tr').count(), STATE).toBe(listed);
  };
  await recordAssessment('2025-03-10T11:00', '3', 1);
  await recordAssessment('2025-09-15T11:00', '4', 2);
  const charts = page.getByTestId('domain-trend-charts');
  await charts.waitFor();
  await expect.poll(() => charts.locator('figure').count(), STATE).toBe(6);
  await expect.poll(() => charts.locator('.recharts-line-curve').count(), STATE).toBe(6);
  await page.getByTestId('restored-verdict').getByText('Restored under the organisation').waitFor();
  await page.getByTestId('case-header').getByText('Services', { exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('case-phase').textContent(), STATE).toBe('Shelter care');

  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const screenshot = path.join(ARTIFACTS_DIR, 'care-case.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);

  // In October she goes home: the placement ends, and the case is closed as restored.
  await choose(page, eventForm, 'Event', 'Placement ended');
  await eventForm.getByLabel(field('When it happened')).fill('2025-10-01T10:00');
  await choose(page, eventForm, 'Reason', 'Restored to family');
  await eventForm.getByRole('button', { name: 'Record event' }).click();
  await timeline.getByText('Placement ended', { exact: true }).waitFor();
  // The closure refused in March left nothing behind: the form starts empty, and choosing the
  // same reason again chooses it (it used to clear the stale one, and the closure was refused).
  await choose(page, eventForm, 'Event', 'Case closed');
  expect(await eventForm.getByLabel(field('Details')).inputValue()).toBe('');
  await eventForm.getByLabel(field('When it happened')).fill('2025-10-02T10:00');
  await choose(page, eventForm, 'Reason', 'Restored');
  expect(await eventForm.getByLabel(field('Reason')).first().inputValue()).toBe('Restored');
  await eventForm.getByRole('button', { name: 'Record event' }).click();
  await expect.poll(() => page.getByTestId('case-phase').textContent(), STATE).toBe('Closed');

  // The case is in her list, found by typing part of its pseudonym.
  await navigation.getByRole('link', { name: 'Care cases' }).click();
  await page.getByLabel(field('Search')).fill(pseudonym.slice(0, 4));
  await page.getByRole('link', { name: pseudonym }).waitFor();
}
