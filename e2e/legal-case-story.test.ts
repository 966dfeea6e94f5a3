import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDawn, startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { choose, comboBox, demoOneTimePassword, field, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const LEGAL_OFFICER = 'legal.officer@demo.dawn.example';
const CHOSEN_PASSWORD = 'monsoon ledger ferry 2041';
const CHARGESHEET = 'File the chargesheet before default bail accrues';

/** The English label the event picker shows for an event type (codes are not shown). */
const EVENT_LABELS = (
  JSON.parse(
    fs.readFileSync(new URL('../packages/web/src/i18n/locales/en.json', import.meta.url), 'utf8'),
  ) as { legalCases: { eventTypes: Record<string, string> } }
).legalCases.eventTypes;

/** A person with no identity at all: the story needs only a pseudonym. */
async function recordPerson(page: Page, ageBand: string): Promise<string> {
  return page.evaluate(async (band) => {
    const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
    const response = await fetch('/api/persons', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ sex: 'female', ageBand: band, originCountry: 'IN' }),
    });
    const person = (await response.json()) as { pseudonym?: string };
    if (!person.pseudonym) throw new Error(`person not recorded: ${response.status}`);
    return person.pseudonym;
  }, ageBand);
}

async function recordEvent(
  page: Page,
  type: string,
  occurredAt: string,
  fill: () => Promise<void>,
): Promise<void> {
  const form = page.getByRole('form', { name: 'Record an event' });
  const label = EVENT_LABELS[type.replace('.', '_')] ?? type;
  await choose(page, 'Event', label, label);
  await form.getByLabel(field('When it happened')).fill(occurredAt);
  await fill();
  await form.getByRole('button', { name: 'Record event' }).click();
}

describe('a legal officer opens a case and the missed chargesheet clock shows in red', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-legal-'));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    // The demo seed gives the police stations, the court and a legal officer to sign in as.
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

  it('creates the case, records arrest, production and remand, sweeps, and sees it overdue', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const oneTime = demoOneTimePassword(server.output(), LEGAL_OFFICER, 'legal_officer');
    const page = await browser.context.newPage();
    // CI runs three lanes at once on two cores: a click there has taken longer than 10 s.
    page.setDefaultTimeout(20_000);
    try {
      await story(page, oneTime);
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'legal-case-story-failure.png') });
      throw error;
    }
    // Of this, the sweep opening the data directory anew and the restart take about 20 s.
  }, 180_000);

  async function story(page: Page, oneTime: string): Promise<void> {
    if (!server) throw new Error('no server');
    // Farhan, the demo legal officer, signs in and chooses his password.
    await signInFirstTime(page, server.url, LEGAL_OFFICER, oneTime, CHOSEN_PASSWORD);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    await navigation.getByRole('link', { name: 'Legal cases' }).waitFor();

    // A victim and an accused, known to the case by pseudonym only.
    const [victim, accused] = await Promise.all([
      recordPerson(page, '18-24'),
      recordPerson(page, '25-34'),
    ]);

    // He opens the case: FIR 41/2025 under ITPA s.3 (a 60-day offence).
    await navigation.getByRole('link', { name: 'Legal cases' }).click();
    await page.getByRole('link', { name: 'New legal case' }).click();
    await choose(page, 'Police station', 'Shyampur', 'Demo Shyampur Police Station');
    await page.getByLabel(field('FIR number')).fill('41');
    await page.getByLabel(field('FIR year')).fill('2025');
    await page.getByLabel(field('Registered at')).fill('2025-01-05T10:00');
    const offences = comboBox(page, 'Offences');
    await offences.fill('ITPA:3');
    await page.getByRole('option', { name: /^ITPA:3 Keeping or managing a brothel/ }).click();
    await page.keyboard.press('Escape');
    await choose(page, 'Victims', victim, victim);
    await choose(page, 'Accused', accused, accused);
    // A wrong CNR is caught before anything is sent.
    await page.getByLabel(field('CNR')).fill('WBKO01');
    await page.getByRole('button', { name: 'Open the legal case' }).click();
    await page.getByText('A CNR has 16 characters; this one has 6.').waitFor();
    await page.getByLabel(field('CNR')).fill('');
    await page.getByRole('button', { name: 'Open the legal case' }).click();
    await page
      .getByRole('heading', { name: 'FIR 41/2025, Demo Shyampur Police Station' })
      .waitFor();
    expect(page.url()).not.toContain(victim);

    // A remand before any arrest is refused; what he typed stays in the form.
    await recordEvent(page, 'accused.remanded', '2025-01-06T12:00', async () => {
      await choose(page, 'Accused', 'A1', /^A1 · /);
      await choose(page, 'Custody', 'Judicial', 'Judicial custody');
    });
    const form = page.getByRole('form', { name: 'Record an event' });
    await form.getByRole('alert').filter({ hasText: /./ }).waitFor();
    expect(await comboBox(page, 'Accused').inputValue()).toMatch(/^A1/);

    await recordEvent(page, 'accused.arrested', '2025-01-05T18:00', async () => {
      await choose(page, 'Accused', 'A1', /^A1 · /);
    });
    await form.getByText('Recorded.').waitFor();
    await recordEvent(page, 'accused.produced_before_magistrate', '2025-01-06T11:00', async () => {
      await choose(page, 'Accused', 'A1', /^A1 · /);
    });
    // On the timeline, not in the event picker's (hidden) list of the same names.
    await page
      .locator('#main')
      .getByText('Accused produced before magistrate', { exact: true })
      .waitFor();
    await recordEvent(page, 'accused.remanded', '2025-01-06T12:00', async () => {
      await choose(page, 'Accused', 'A1', /^A1 · /);
      await choose(page, 'Custody', 'Judicial', 'Judicial custody');
    });
    await page.getByTestId('party-A1').getByText('Judicial custody').waitFor();
    const caseUrl = page.url();

    // The sweep runs as cron would, on 11 March 2025 (PGlite has one writer: the server pauses).
    await server.stop();
    const swept = await runDawn(['sweep', '--as-of', '2025-03-11T09:00:00+05:30'], {
      DAWN_DATA_DIR: dataDir,
    });
    expect(swept.stderr).toBe('');
    expect(swept.stdout).toMatch(/^Swept \d+ cases: \d+ obligations/);
    server = await startDawn({ DAWN_DATA_DIR: dataDir, DAWN_PORT: new URL(caseUrl).port });

    // The case page shows the chargesheet deadline overdue, in red.
    await page.goto(caseUrl);
    const overdue = page
      .locator('tr[data-status="overdue"]')
      .filter({ hasText: CHARGESHEET })
      .first();
    await overdue.waitFor();
    const badge = overdue.getByText('Overdue', { exact: true });
    const colour = await badge.evaluate(
      (element) =>
        getComputedStyle(element.closest('.mantine-Badge-root') ?? element).backgroundColor,
    );
    const [red = 0, green = 0, blue = 0] = (colour.match(/\d+/g) ?? []).map(Number);
    expect(red).toBeGreaterThan(180);
    expect(green).toBeLessThan(120);
    expect(blue).toBeLessThan(120);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const screenshot = path.join(ARTIFACTS_DIR, 'legal-case-overdue.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);

    // The navigation counts his unread alerts, and the Alerts page lists this one.
    await navigation.getByRole('link', { name: /Alerts.*unread alerts?$/ }).waitFor();
    await navigation.getByRole('link', { name: 'Alerts' }).click();
    await page.getByText(CHARGESHEET).first().waitFor();
    await page
      .getByText(/FIR 41\/2025/)
      .first()
      .waitFor();

    // He puts his hearings and deadlines in his phone's calendar: a private address, shown once.
    await navigation.getByRole('link', { name: 'Hearings' }).click();
    await page.getByRole('button', { name: 'Make my feed address' }).click();
    const address = await page.getByLabel('Feed address').inputValue();
    const read = (feed: string) =>
      page.evaluate(async (url) => {
        const response = await fetch(url, { credentials: 'omit' });
        return { status: response.status, text: await response.text() };
      }, feed);
    const calendar = await read(address);
    expect(calendar.status).toBe(200);
    expect(calendar.text).toContain('BEGIN:VCALENDAR');
    expect(calendar.text).toContain('FIR 41/2025');

    // Back on the page later, it says he has one and that a calendar has read it; revoking it
    // asks first, and a cancel leaves it working.
    await page.reload();
    await page
      .getByText(/^You have a feed address, made on .*A calendar last read it on /)
      .waitFor();
    const revoke = page.getByRole('button', { name: 'Revoke the feed' });
    const asked = page.getByRole('dialog', { name: 'Revoke your calendar feed?' });
    await revoke.click();
    await asked.getByRole('button', { name: 'Cancel' }).click();
    await asked.waitFor({ state: 'detached' });
    expect((await read(address)).status).toBe(200);
    await revoke.click();
    await asked.getByRole('button', { name: 'Revoke the feed' }).click();
    await page.getByRole('status').getByText('The feed is revoked').waitFor();
    expect((await read(address)).status).toBe(404);
    expect(await revoke.count()).toBe(0);
  }
});
