import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { freshDawnWithBrowser, postAsSignedIn } from './demo-story.ts';

const LEGAL_OFFICER = {
  email: 'legal.officer@demo.dawn.example',
  role: 'legal_officer',
  chosenPassword: 'copper meadow lynx 4419',
};

describe('a legal officer draws the network of one recruiter across three cases', () => {
  const dawn = freshDawnWithBrowser('network');

  it('sees three cases joined by suggested same-person links, confirms one, and exports', async () => {
    await dawn.asDemoUser(LEGAL_OFFICER, { timeout: 15_000 }, async (page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Network of the accused' }).waitFor();

      // One recruiter in three FIRs under three spellings (one in Bengali), recorded through the
      // API as the forms would. Everyone is invented.
      const person = (legalName: string, sex: string, phones: string[]) =>
        postAsSignedIn(page, '/api/persons', {
          sex,
          ageBand: '25-34',
          languages: [],
          identity: { legalName, phones },
        });
      const statuses: number[] = [];
      const names = ['Raju Sheikh Testmia', 'Raju Sk Testmiya', 'রাজু শেখ টেস্টমিয়া'];
      for (const [index, name] of names.entries()) {
        const accused = await person(name, 'male', ['+91 70000 80808']);
        const victim = await person(`Testvictim Number${'x'.repeat(index + 1)}`, 'female', []);
        const legalCase = await postAsSignedIn(page, '/api/legal-cases', {
          victims: [victim.body.id],
          accused: [accused.body.id],
        });
        statuses.push(accused.status, victim.status, legalCase.status);
      }
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
    });
  }, 150_000);
});
