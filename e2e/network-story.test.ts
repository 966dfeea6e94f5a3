import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';

const LEGAL_OFFICER = 'legal.officer@demo.dawn.example';
const CHOSEN_PASSWORD = 'copper meadow lynx 4419';

describe('a legal officer draws the network of one recruiter across three cases', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-network-'));
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

  it('sees three cases joined by suggested same-person links, confirms one, and exports', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const oneTime = demoOneTimePassword(server.output(), LEGAL_OFFICER, 'legal_officer');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await signInFirstTime(page, server.url, LEGAL_OFFICER, oneTime, CHOSEN_PASSWORD);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Network of the accused' }).waitFor();

      // One recruiter in three FIRs under three spellings (one in Bengali), recorded through the
      // API as the forms would. Everyone is invented.
      const statuses = await page.evaluate(async () => {
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
        const person = (legalName: string, sex: string, phones: string[]) =>
          post('/api/persons', {
            sex,
            ageBand: '25-34',
            languages: [],
            identity: { legalName, phones },
          });
        const results: number[] = [];
        const names = ['Raju Sheikh Testmia', 'Raju Sk Testmiya', 'রাজু শেখ টেস্টমিয়া'];
        for (const [index, name] of names.entries()) {
          const accused = await person(name, 'male', ['+91 70000 80808']);
          const victim = await person(`Testvictim Number${'x'.repeat(index + 1)}`, 'female', []);
          const legalCase = await post('/api/legal-cases', {
            victims: [victim.body.id],
            accused: [accused.body.id],
          });
          results.push(accused.status, victim.status, legalCase.status);
        }
        return results;
      });
      expect(statuses.every((status) => status === 201)).toBe(true);

      await navigation.getByRole('link', { name: 'Network of the accused' }).click();
      const summary = page.getByTestId('network-summary');
      await summary.waitFor();
      const cases = Number(/^(\d+) cases/.exec((await summary.textContent()) ?? '')?.[1]);
      expect(cases).toBeGreaterThanOrEqual(3);
      await page.getByTestId('network-graph').locator('canvas').first().waitFor();
      expect(await page.content()).not.toMatch(/Raju Sheikh|Raju Sk|রাজু|Testmi|Testvictim|80808/);
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'network.png'), fullPage: true });

      const links = page.getByTestId('accused-link');
      expect(await links.count()).toBeGreaterThanOrEqual(3);
      await links.first().getByRole('button', { name: 'Confirm…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/are the same accused person/).waitFor();
      await dialog.getByRole('button', { name: 'Yes, the same person' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('accused-link').getByText('Confirmed').first().waitFor();

      const graphMl = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export GraphML' }).click();
      const file = await (await graphMl).path();
      const exported = fs.readFileSync(file, 'utf8');
      expect(exported).toContain('<graphml');
      expect(exported).not.toMatch(/Raju Sheikh|Raju Sk|রাজু|Testmi|Testvictim|80808/);
      const png = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export PNG' }).click();
      expect((await png).suggestedFilename()).toBe('dawn-network.png');
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'network-failure.png') });
      throw error;
    }
  }, 150_000);
});
