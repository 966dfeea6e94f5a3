import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { callAsSignedIn, freshDawnWithBrowser } from './demo-story.ts';
import { field } from './forms.ts';

const WORKER = {
  email: 'social.worker@demo.dawn.example',
  role: 'social_worker',
  chosenPassword: 'paddy field monsoon 2717',
};

/**
 * A social worker fills in the form that opens a care case; before she saves, her session ends on
 * the server (here: signed out everywhere from another device; an idle timeout ends it the same
 * way). Saving asks her to sign in again in a dialog over the page, not on another page: what she
 * typed is still there afterwards, and saving again opens the case.
 */
describe('a session that ends while a form is being filled in', () => {
  const dawn = freshDawnWithBrowser('session-lapse', { env: { DAWN_REQUIRE_2FA_ROLES: 'admin' } });

  it('keeps the form under a sign-in dialog, and saves once she is back', async () => {
    await dawn.asDemoUser(WORKER, { timeout: 20_000 }, async (page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Care cases' }).click();
      await page.getByRole('button', { name: 'Open a case' }).click();
      const form = page.getByRole('dialog', { name: 'Open a care case' });
      const origin = form.getByLabel(field('State of origin'));
      await origin.fill('Fictional State');
      // The choices open in a layer of their own, outside the dialog.
      await form
        .getByRole('combobox', { name: field('Age band') })
        .or(form.getByRole('textbox', { name: field('Age band') }))
        .first()
        .click();
      await page.getByRole('option', { name: '15–17 years' }).click();

      // Another device signs her out everywhere: this page's session is gone on the server.
      await callAsSignedIn(page, 'POST', '/api/auth/sign-out-everywhere');

      await form.getByRole('button', { name: 'Open the case' }).click();
      const lapse = page.getByRole('dialog', { name: 'Your session has ended' });
      await lapse.waitFor();
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'session-lapse-dialog.png') });
      // Her address is kept; only the password is asked.
      expect(await lapse.getByLabel(field('E-mail address')).inputValue()).toBe(WORKER.email);
      await lapse.getByLabel(field('Password')).fill(WORKER.chosenPassword);
      await lapse.getByRole('button', { name: 'Sign in' }).click();
      await lapse.waitFor({ state: 'hidden' });

      // The page never left: what she typed is there, and saving again opens the case.
      expect(page.url()).toMatch(/\/care-cases$/);
      expect(await origin.inputValue()).toBe('Fictional State');
      await form.getByRole('button', { name: 'Open the case' }).click();
      await page.waitForURL(/\/care-cases\/[0-9a-f-]{36}$/);
    });
  }, 120_000);
});
