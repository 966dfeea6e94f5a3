import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { callAsSignedIn as api, freshDawnWithBrowser } from './demo-story.ts';
import { choose, field, signInFirstTime } from './forms.ts';

const SOCIAL_WORKER = 'social.worker@demo.dawn.example';
const MANAGER = 'program.manager@demo.dawn.example';
const STATE = { timeout: 15_000 };

/** Invented survivor: every name and number here is fictional. */
const IDENTITY = {
  legalName: 'Rahima Khatun',
  aliases: [],
  phones: ['+91 98300 12345'],
  addresses: [],
  familyNames: [{ relation: 'sister', name: 'Salma Khatun' }],
  identityDocuments: [],
};

// "কৃষ্ণচূড়া" (a vowel sign ৃ before a conjunct) is the cluster pdftotext used to split in two.
const BENGALI_TITLE = 'মিনতির গল্প';
const BENGALI_CLEAN =
  'মিনতি এখন একটি সেলাই কারখানায় সুপারভাইজার। উঠোনের কৃষ্ণচূড়া গাছের নিচে সে বারোজন মেয়েকে কাজ শেখায় এবং নিজের দোকান খোলার স্বপ্ন দেখে।';
const ENGLISH_TITLE = 'Minoti’s story';
const ENGLISH_CLEAN =
  'Minoti is now a supervisor in a tailoring unit. Under the flame tree in the yard she trains twelve girls and dreams of opening her own shop.';
const BENGALI_LEAK = `${BENGALI_CLEAN} তার বোন সালমা তাকে ৯৮৩০০ ১২৩৪৫ নম্বরে ফোন করে।`;
const ENGLISH_LEAK = `${ENGLISH_CLEAN} Her sister Salmaa calls her on +91 98300 12345.`;
const OTHER_PSEUDONYMS = ['Afsana', 'Bina', 'Farida', 'Hasina', 'Josna', 'Kokila', 'Hema', 'Ila'];

async function signIn(page: Page, url: string, email: string, oneTime: string, chosen: string) {
  await page.context().clearCookies();
  await signInFirstTime(page, url, email, oneTime, chosen);
  // Both roles see stories in the navigation once the session is active.
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Stories and calendar' })
    .waitFor();
}

/**
 * Issue 13: a social worker drafts a Bengali story with an English translation; the guard flags
 * her sister's name in another spelling and her phone; the editor fixes them; the read-back and
 * approval are recorded; a programme manager builds a twelve-month edition and downloads the PDF,
 * whose text holds the approved Bengali and English texts character for character.
 */
describe('a survivor’s story goes from draft to the printed calendar', () => {
  // Two-factor enrolment has its own story; here the manager signs in with a password.
  const dawn = freshDawnWithBrowser('stories', { env: { DAWN_REQUIRE_2FA_ROLES: 'admin' } });

  it('drafts, fixes what the guard found, is read back and approved, and prints', async () => {
    const page = await dawn.newPage({ timeout: 15_000 });
    await dawn.onPage(page, 'stories', (page) => storyOfMinoti(page, dawn));
  }, 300_000);
});

type Dawn = ReturnType<typeof freshDawnWithBrowser>;

async function storyOfMinoti(page: Page, dawn: Dawn): Promise<void> {
  const url = dawn.url();
  await signIn(
    page,
    url,
    SOCIAL_WORKER,
    dawn.oneTimePassword(SOCIAL_WORKER, 'social_worker'),
    'marigold ferry lantern 2025',
  );
  // Set-up: her care case with an invented identity in the vault (the vault's own screens have
  // their stories), and eight other approved stories so the calendar can fill twelve months.
  const careCase = await api<{ id: string }>(page, 'POST', '/api/care-cases', {
    person: {
      sex: 'female',
      ageBand: '18-24',
      languages: ['bn'],
      originState: 'West Bengal',
      identity: IDENTITY,
    },
  });
  const others: string[] = [];
  for (const pseudonym of OTHER_PSEUDONYMS) {
    const created = await api<{ id: string }>(
      page,
      'POST',
      `/api/care-cases/${careCase.id}/stories`,
      {
        publicPseudonym: pseudonym,
        originalLanguage: 'en',
        texts: [
          {
            language: 'en',
            title: `${pseudonym}’s story`,
            body: 'She runs a tea stall and saves for college.',
          },
        ],
      },
    );
    await api(page, 'POST', `/api/stories/${created.id}/read-backs`, {
      readAt: new Date(Date.now() - 60_000).toISOString(),
      language: 'en',
      decision: 'agreed',
    });
    await api(page, 'POST', `/api/stories/${created.id}/consents`, {
      channel: 'calendar_print',
      givenAt: new Date(Date.now() - 60_000).toISOString(),
      givenBy: 'survivor',
      method: 'written',
      language: 'en',
    });
    others.push(created.id);
  }

  // From her care case, the social worker drafts the story she told in Bengali, with English.
  await page.goto(`${url}/care-cases/${careCase.id}`);
  // First she uploads a photo of the cloth she sews (invented, with a GPS position in its EXIF).
  const photo = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#8a5a44' },
  })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 34/1 1234/100' } })
    .toBuffer();
  const documents = page.getByRole('region', { name: 'Documents' });
  // The panels above load first (her stories among them), so the page stops moving.
  await page.getByRole('region', { name: 'Her stories' }).getByText('Afsana').waitFor();
  await documents.getByText('No documents yet.').waitFor();
  await choose(page, 'Type', 'Photo', 'Photograph');
  await documents.getByLabel(field('Title')).fill('Cloth she sews');
  await documents
    .locator('input[type="file"]')
    .setInputFiles({ name: 'cloth.jpg', mimeType: 'image/jpeg', buffer: photo });
  await documents.getByRole('button', { name: 'Upload', exact: true }).click();
  await documents.getByText('Cloth she sews').waitFor();
  const caseStories = page.getByRole('region', { name: 'Her stories' });
  await caseStories.getByRole('link', { name: 'New story' }).click();
  await page.getByRole('heading', { name: 'New story' }).waitFor();
  await page.getByLabel(field('Name for publication')).fill('Minoti');
  await page.getByLabel(field('Year of rescue')).fill('2019');
  const bengali = page.getByTestId('story-text-bn');
  await bengali.getByLabel(field('Title')).fill(BENGALI_TITLE);
  await bengali.getByLabel(field('Her story')).fill(BENGALI_LEAK);
  const english = page.getByTestId('story-text-en');
  await english.getByLabel('Add this translation').check();
  await english.getByLabel(field('Title')).fill(ENGLISH_TITLE);
  await english.getByLabel(field('Her story')).fill(ENGLISH_LEAK);
  // A name for publication that sounds like her own is refused beside the field, in words.
  await page.getByLabel(field('Name for publication')).fill('Raheema');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.getByText('This name is too close to a name on her record.').waitFor();
  await page.getByLabel(field('Name for publication')).fill('Minoti');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.getByTestId('story-status').waitFor();
  expect(page.url()).toMatch(/\/stories\/[0-9a-f-]{36}$/);
  const storyId = page.url().split('/').at(-1) ?? '';

  // The guard flags her sister's name in another spelling and her phone, in both languages,
  // highlighted in the story's own words; the name on her record is never shown.
  await expect.poll(() => page.getByTestId('guard-finding').count(), STATE).toBe(4);
  expect((await page.getByTestId('guard-span').allTextContents()).sort()).toEqual(
    ['+91 98300 12345', 'Salmaa', 'সালমা', '৯৮৩০০ ১২৩৪৫'].sort(),
  );
  expect(await page.getByText('Khatun').count()).toBe(0);
  // She cannot read it back while they are open.
  await page.getByRole('button', { name: 'Record the read-back' }).click();
  await page.getByText('Details that could identify her are still in the story').first().waitFor();

  // She takes them out; the save is a new version of each language, with its SHA-256.
  await bengali.getByLabel(field('Her story')).fill(BENGALI_CLEAN);
  await english.getByLabel(field('Her story')).fill(ENGLISH_CLEAN);
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await page.getByTestId('guard-clear').waitFor();
  await expect.poll(() => page.getByTestId('version-sha').count(), STATE).toBe(2);
  expect(await page.getByTestId('version-sha').first().textContent()).toMatch(/^[0-9a-f]{64}$/);

  // She adds the photo, saying it does not show her face; the stored copy has no EXIF.
  const imagePanel = page.getByRole('region', { name: 'Image' });
  await imagePanel
    .getByLabel(field('Image from her documents'))
    .selectOption({ label: 'Cloth she sews' });
  await imagePanel.getByLabel('A photo that does not show her face').check();
  await imagePanel.getByRole('button', { name: 'Add the image' }).click();
  await imagePanel.getByTestId('story-image').waitFor();
  await expect
    .poll(
      () =>
        imagePanel
          .getByTestId('story-image')
          .evaluate((image) => (image as HTMLImageElement).naturalWidth),
      STATE,
    )
    .toBe(320);
  const stored = await page.evaluate(async (id) => {
    const bytes = new Uint8Array(await (await fetch(`/api/stories/${id}/image`)).arrayBuffer());
    return Array.from(bytes);
  }, storyId);
  expect(Buffer.from(stored).includes(Buffer.from('Exif\0\0'))).toBe(false);
  expect((await sharp(Buffer.from(stored)).metadata()).exif).toBeUndefined();

  // The read-back to her in Bengali: she agreed.
  await page.getByRole('button', { name: 'Record the read-back' }).click();
  await expect
    .poll(() => page.getByTestId('story-status').textContent(), STATE)
    .toBe('Read back to her');
  await page.getByTestId('read-backs').getByText('She agreed').waitFor();
  // Her consent to the printed calendar.
  const consents = page.getByRole('region', { name: 'Her consent to publish' });
  await consents.getByRole('button', { name: 'Record consent' }).click();
  await consents.getByRole('button', { name: 'Save the consent' }).click();
  await consents.getByTestId('consent-calendar_print').getByText('In force').waitFor();

  // The programme manager reviews and approves it.
  await signIn(
    page,
    url,
    MANAGER,
    dawn.oneTimePassword(MANAGER, 'program_manager'),
    'lantern quarry heron 4141',
  );
  for (const id of others) await api(page, 'POST', `/api/stories/${id}/approve`, {});
  await page.goto(`${url}/stories/${storyId}`);
  // Approving lets it be printed and published: asked first, and a cancel approves nothing.
  await page.getByRole('button', { name: 'Approve the story' }).click();
  const approving = page.getByRole('dialog', { name: 'Approve this story?' });
  await approving.getByRole('button', { name: 'Cancel' }).click();
  await approving.waitFor({ state: 'hidden' });
  expect(await page.getByTestId('story-status').textContent()).toBe('Read back to her');
  await page.getByRole('button', { name: 'Approve the story' }).click();
  await approving.getByRole('button', { name: 'Approve the story' }).click();
  await approving.waitFor({ state: 'hidden' });
  await expect.poll(() => page.getByTestId('story-status').textContent(), STATE).toBe('Approved');

  // She plans a 2028 edition: Minoti dragged onto January, the other eleven months chosen from
  // each month's list (the keyboard way).
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Stories and calendar' })
    .click();
  await page.getByRole('button', { name: 'Plan an edition' }).click();
  await page.getByLabel(field('Year')).fill('2028');
  await page.getByLabel(field('Title on the cover')).fill('Stories of courage');
  await page.getByRole('button', { name: 'Plan the edition' }).click();
  await page.getByTestId('month-1').waitFor();
  // Crop marks for the printer, saved at once.
  const settings = page.getByRole('region', { name: 'Print settings' });
  await settings.getByLabel('Crop marks for the printer').click();
  await expect
    .poll(() => settings.getByLabel('Crop marks for the printer').isChecked(), STATE)
    .toBe(true);
  await page
    .getByTestId('approved-stories')
    .getByText('Minoti', { exact: true })
    .dragTo(page.getByTestId('month-1'));
  const january = page.getByTestId('month-1').getByRole('combobox');
  await expect.poll(() => january.locator('option:checked').textContent(), STATE).toBe('Minoti');
  const rest = ['Shirin', 'Saumya', 'Jharna', ...OTHER_PSEUDONYMS];
  for (const [index, pseudonym] of rest.entries()) {
    const month = page.getByTestId(`month-${index + 2}`);
    await month.getByRole('combobox').selectOption({ label: pseudonym });
    await month.getByText('Languages on this page').waitFor();
  }
  await expect
    .poll(
      () =>
        page
          .getByText(
            /^(Shirin|Saumya|Jharna|Minoti|Afsana|Bina|Farida|Hasina|Josna|Kokila|Hema|Ila)$/,
          )
          .count(),
      STATE,
    )
    .toBeGreaterThan(0);

  // The preview is the page the printer receives.
  await page.getByRole('button', { name: 'Show the preview' }).click();
  const preview = page.frameLocator('[data-testid="edition-preview"]');
  await preview.getByText(BENGALI_TITLE).waitFor();
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'stories-edition.png'), fullPage: true });

  // The planner and the story hold at 390 px, and read in Bengali.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('month-12').scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({
    path: path.join(ARTIFACTS_DIR, 'stories-edition-390.png'),
    fullPage: true,
  });
  await page.goto(`${url}/stories/${storyId}`);
  await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('bn');
  await page.getByRole('heading', { name: 'Minoti-এর গল্প' }).waitFor();
  await page.getByRole('heading', { name: 'সুরক্ষা পর্যালোচনা' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({
    path: path.join(ARTIFACTS_DIR, 'stories-story-390-bn.png'),
    fullPage: true,
  });
  await page.getByRole('combobox', { name: 'ভাষা', exact: true }).selectOption('en');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goBack();
  await page.getByRole('button', { name: 'Show the preview' }).waitFor();

  // The PDF: its text holds the approved Bengali and English exactly.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('link', { name: 'Download the PDF' }).click(),
  ]);
  const pdfPath = path.join(os.tmpdir(), `dawn-e2e-calendar-${process.pid}.pdf`);
  await download.saveAs(pdfPath);
  try {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']).toString('utf8');
    // The one normalisation: pdftotext ends each printed line with a line break where the page
    // wrapped the paragraph at a space.
    const printed = text.replace(/\n/g, ' ');
    for (const approved of [BENGALI_TITLE, BENGALI_CLEAN, ENGLISH_TITLE, ENGLISH_CLEAN])
      expect(printed).toContain(approved);
  } finally {
    fs.rmSync(pdfPath, { force: true });
  }
}
