import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';

const SOCIAL_WORKER = 'social.worker@demo.dawn.example';
const CHOSEN_PASSWORD = 'harbour kettle owl 7260';

describe('a social worker confirms that a survivor found in a new rescue is one restored before', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-retrafficking-'));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startDawn({ DAWN_DATA_DIR: dataDir }), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sees the alert with pseudonyms and a score only, and links the cases after confirming', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const oneTime = demoOneTimePassword(server.output(), SOCIAL_WORKER, 'social_worker');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await signInFirstTime(page, server.url, SOCIAL_WORKER, oneTime, CHOSEN_PASSWORD);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Possible re-trafficking' }).waitFor();

      // The earlier case (restored in 2022) and the new rescue, recorded through the API as the
      // forms would; the names are invented, the second written in Bengali as a police paper is.
      const recorded = await page.evaluate(async () => {
        const session = (await (await fetch('/api/auth/session')).json()) as {
          csrfToken: string;
        };
        const post = async (url: string, body: unknown) => {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: (await response.json()) as { id: string } };
        };
        const earlier = await post('/api/care-cases', {
          person: {
            sex: 'female',
            ageBand: '15-17',
            languages: ['bn'],
            identity: { legalName: 'Rupali Khatun Testbibi', phones: ['+91 70000 55511'] },
          },
          openedAt: '2022-03-04T09:00:00+05:30',
        });
        const person = await post('/api/persons', {
          sex: 'female',
          ageBand: '18-24',
          languages: ['bn'],
          identity: { legalName: 'রুপালি খাতুন টেস্টবিবি', phones: ['070000-55511'] },
        });
        const rescue = await post('/api/rescue-operations', {
          occurredAt: '2025-02-14T01:30:00+05:30',
          district: 'Test District',
          legalBasis: 'ITPA:15',
          rescuedPersonIds: [person.body.id],
          arrestedPersonIds: [],
        });
        return [earlier.status, person.status, rescue.status];
      });
      expect(recorded).toEqual([201, 201, 201]);

      await navigation.getByRole('link', { name: 'Possible re-trafficking' }).click();
      const alert = page.getByTestId('retrafficking-match');
      await alert.getByText(/resembles/).waitFor();
      await alert.getByText(/^Similarity \d+%$/).waitFor();
      await alert.getByText(/rescue in Test District/).waitFor();
      const content = await page.content();
      expect(content).not.toMatch(/Rupali|রুপালি|55511/);
      await page.setViewportSize({ width: 390, height: 844 });
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'retrafficking-390.png') });
      await page.setViewportSize({ width: 1280, height: 800 });

      await alert.getByRole('button', { name: 'Same person' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/are the same person/).waitFor();
      await dialog.getByRole('button', { name: 'Yes, the same person' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('No possible re-trafficking to show.').waitFor();
      await page.getByText('Same person', { exact: true }).first().click();
      await page
        .getByTestId('retrafficking-match')
        .getByText('Same person: cases linked')
        .waitFor();
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'retrafficking-failure.png') });
      throw error;
    }
  }, 120_000);
});
