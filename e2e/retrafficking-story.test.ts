import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { freshDawnWithBrowser, postAsSignedIn } from './demo-story.ts';

const SOCIAL_WORKER = {
  email: 'social.worker@demo.dawn.example',
  role: 'social_worker',
  chosenPassword: 'harbour kettle owl 7260',
};

describe('a social worker confirms that a survivor found in a new rescue is one restored before', () => {
  const dawn = freshDawnWithBrowser('retrafficking');

  it('sees the alert with pseudonyms and a score only, and links the cases after confirming', async () => {
    await dawn.asDemoUser(SOCIAL_WORKER, { timeout: 10_000 }, async (page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Possible re-trafficking' }).waitFor();

      // The earlier case (restored in 2022) and the new rescue, recorded through the API as the
      // forms would; the names are invented, the second written in Bengali as a police paper is.
      const earlier = await postAsSignedIn(page, '/api/care-cases', {
        person: {
          sex: 'female',
          ageBand: '15-17',
          languages: ['bn'],
          identity: { legalName: 'Rupali Khatun Testbibi', phones: ['+91 70000 55511'] },
        },
        openedAt: '2022-03-04T09:00:00+05:30',
      });
      const person = await postAsSignedIn(page, '/api/persons', {
        sex: 'female',
        ageBand: '18-24',
        languages: ['bn'],
        identity: { legalName: 'রুপালি খাতুন টেস্টবিবি', phones: ['070000-55511'] },
      });
      const rescue = await postAsSignedIn(page, '/api/rescue-operations', {
        occurredAt: '2025-02-14T01:30:00+05:30',
        district: 'Test District',
        legalBasis: 'ITPA:15',
        rescuedPersonIds: [person.body.id],
        arrestedPersonIds: [],
      });
      expect([earlier.status, person.status, rescue.status]).toEqual([201, 201, 201]);

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
    });
  }, 120_000);
});
