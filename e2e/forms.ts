import type { Page } from 'playwright-core';

/** A field's accessible name, allowing the asterisk Mantine adds to required fields. */
export function field(label: string): RegExp {
  return new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);
}

/** The typing input of a Mantine Select, MultiSelect or TagsInput. */
export function comboBox(page: Page, label: string) {
  return page
    .getByRole('combobox', { name: field(label) })
    .or(page.getByRole('textbox', { name: field(label) }))
    .first();
}

/** Picks an option of a Mantine Select or MultiSelect: type to search, then click it. */
export async function choose(
  page: Page,
  label: string,
  search: string,
  option: string | RegExp,
): Promise<void> {
  const input = comboBox(page, label);
  await input.click();
  if (await input.isEditable()) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
  await page.keyboard.press('Escape');
}

/** The one-time password the first start printed for a demo user (one line per user). */
export function demoOneTimePassword(output: string, email: string, role: string): string {
  const password = new RegExp(`${email.replaceAll('.', '\\.')}\\s+(\\S+)\\s+\\(${role}\\)`).exec(
    output,
  )?.[1];
  if (!password) throw new Error(`the first start printed no one-time password for ${email}`);
  return password;
}

/**
 * A demo user's first sign-in: the one-time password the first start printed, then the new
 * password the app asks for at once.
 */
export async function signInFirstTime(
  page: Page,
  url: string,
  email: string,
  oneTime: string,
  chosen: string,
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(field('E-mail address')).fill(email);
  await page.getByLabel(field('Password')).fill(oneTime);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel(field('Current password')).fill(oneTime);
  await page.getByLabel(field('New password')).fill(chosen);
  await page.getByLabel(field('New password again')).fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  // Signed in once the form has gone: a page opened before that would still be this form.
  await page.getByRole('button', { name: 'Change password' }).waitFor({ state: 'detached' });
}
