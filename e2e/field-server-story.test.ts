import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const LEGAL_OFFICER = 'legal.officer@demo.dawn.example';
const SOCIAL_WORKER = 'social.worker@demo.dawn.example';

/** Signs in with the printed one-time password and chooses a new one. */
async function signIn(page: Page, url: string, email: string, oneTime: string): Promise<void> {
  await signInFirstTime(page, url, email, oneTime, 'saffron kettle river 2025');
}

async function withScreenshotOnFailure(page: Page, name: string, story: () => Promise<void>) {
  try {
    await story();
  } catch (error) {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, `${name}-failure.png`),
      fullPage: true,
    });
    throw error;
  }
}

/**
 * Issue 12 §4, §5, §6 as the demo's people meet them. The legal officer's overdue alert opens its
 * case; she records a night rescue (by API, as a script would) and the demo social worker — not
 * on it — lands on My work with her overdue assessment first, finds the rescue, opens the care
 * case from it, and its header and timeline already hold the rescue.
 */
describe('from the field: alerts, My work and rescue to care', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-field-'));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    // A copy of the run's seeded installation: the demo organisation's people and alerts.
    [server, browser] = await Promise.all([
      startSeededDawn({ DAWN_DATA_DIR: dataDir }),
      launchBrowser(),
    ]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  /** A page of the file's browser with no one signed in: each story is its own user's. */
  async function signedOutPage(): Promise<Page> {
    if (!browser) throw new Error('set-up failed');
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  it('the legal officer clicks through from an overdue alert to its case, and records a rescue', async () => {
    if (!server) throw new Error('set-up failed');
    const running = server;
    const page = await signedOutPage();
    try {
      await withScreenshotOnFailure(page, 'field-alerts', async () => {
        const oneTime = demoOneTimePassword(running.output(), LEGAL_OFFICER, 'legal_officer');
        await signIn(page, running.url, LEGAL_OFFICER, oneTime);
        const navigation = page.getByRole('navigation', { name: 'Main navigation' });
        await navigation.getByRole('link', { name: /^Alerts/ }).click();
        await page.getByRole('heading', { name: 'Alerts', level: 2 }).waitFor();
        await page
          .getByRole('link', { name: /^Open case / })
          .first()
          .click();
        await page.waitForURL(/\/legal-cases\/[0-9a-f-]{36}$/);

        // A rescue of one woman, recorded as a script would, with the session's CSRF token.
        const status = await page.evaluate(async () => {
          const session = (await (await fetch('/api/auth/session')).json()) as {
            csrfToken: string;
          };
          const headers = {
            'content-type': 'application/json',
            'x-csrf-token': session.csrfToken,
          };
          const person = (await (
            await fetch('/api/persons', {
              method: 'POST',
              headers,
              body: JSON.stringify({ sex: 'female', ageBand: '15-17', languages: ['bn'] }),
            })
          ).json()) as { id: string };
          const operation = await fetch('/api/rescue-operations', {
            method: 'POST',
            headers,
            body: JSON.stringify({
              // Last night: the demo's two years of generated rescues are listed newest first.
              occurredAt: new Date(Date.now() - 20 * 60 * 60 * 1000).toISOString(),
              district: 'Test Fieldpur',
              legalBasis: 'ITPA:15',
              rescuedPersonIds: [person.id],
            }),
          });
          return operation.status;
        });
        expect(status).toBe(201);
      });
    } finally {
      await page.close();
    }
  }, 120_000);

  it('the social worker lands on My work, overdue first, and opens the rescued girl’s care case', async () => {
    if (!server) throw new Error('set-up failed');
    const running = server;
    const page = await signedOutPage();
    try {
      await withScreenshotOnFailure(page, 'field-my-work', async () => {
        const oneTime = demoOneTimePassword(running.output(), SOCIAL_WORKER, 'social_worker');
        await signIn(page, running.url, SOCIAL_WORKER, oneTime);
        await page.waitForURL(/\/my-work$/);
        const tasks = page.getByRole('table', { name: 'My tasks due' });
        await tasks.waitFor();
        const firstTask = tasks.getByRole('row').nth(1);
        await firstTask.getByText('Overdue', { exact: true }).waitFor();

        // She marks it done by a slip of the thumb, and takes it back from the notice.
        const [, title = '', code = ''] = (await firstTask.getByRole('cell').allInnerTexts()).map(
          (text) => text.trim(),
        );
        const sameTask = tasks
          .getByRole('row')
          .filter({ hasText: title })
          .filter({ hasText: code });
        expect(await sameTask.count()).toBeGreaterThan(0);
        const before = await sameTask.count();
        await firstTask.getByRole('button', { name: 'Mark done' }).click();
        const notice = page.getByRole('status').filter({ hasText: 'Marked done:' });
        await notice.getByText(title).waitFor();
        await expect.poll(() => sameTask.count()).toBe(before - 1);
        await notice.getByRole('button', { name: `Undo: open “${title}” again` }).click();
        await notice.waitFor({ state: 'detached' });
        await expect.poll(() => sameTask.count()).toBe(before);

        const navigation = page.getByRole('navigation', { name: 'Main navigation' });
        await navigation.getByRole('link', { name: 'Rescue operations' }).click();
        await page
          .getByRole('row', { name: /Test Fieldpur/ })
          .getByRole('link')
          .first()
          .click();
        await page
          .getByRole('button', { name: /^Open care cases for the persons rescued/ })
          .click();
        await page.getByRole('status').getByRole('link').first().click();
        await page.waitForURL(/\/care-cases\/[0-9a-f-]{36}$/);
        const header = page.getByTestId('case-header');
        await header.waitFor();
        expect(await header.textContent()).not.toMatch(/Rescued\s*—/);
        // The rescue's date, not "Rescued —".
        await expect
          .poll(() => header.textContent())
          .toMatch(/Rescued\s*\d{1,2} [A-Z][a-z]{2} \d{4}/);
        const timeline = page.getByRole('region', { name: 'Timeline' });
        await timeline.getByText('Test Fieldpur').first().waitFor();
      });
    } finally {
      await page.close();
    }
  }, 120_000);
});
