import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callAsSignedIn } from './demo-story.ts';
import { managerInKolkata } from './field-ready.ts';

describe('a programme manager in Kolkata is told what to correct, and asked before a removal', () => {
  const manager = managerInKolkata('field-ready-forms');
  const dawn = manager.dawn;

  it('names each problem of a form beside its field in Bengali, and keeps what was typed', async () => {
    const page = await manager.page('bn');
    await dawn.onPage(page, 'field-ready-forms', async () => {
      // A rescue without its district: the place typed stays.
      await page.goto(`${dawn.url()}/rescue-operations/new`);
      const place = page.locator('main textarea').first();
      await place.fill('Fictional lane behind the fictional market');
      await page.locator('main button[type="submit"]').click();
      await expectBengaliFieldErrors(page.locator('main'), 1);
      expect(await place.inputValue()).toBe('Fictional lane behind the fictional market');

      // A legal case with a CNR too short: said beside the CNR, in Bengali.
      await page.goto(`${dawn.url()}/legal-cases/new`);
      const cnr = page.getByLabel(/^সিএনআর/).first();
      await cnr.fill('WBKO0100');
      await page.locator('main button[type="submit"]').click();
      await expectBengaliFieldErrors(page.locator('main'), 1);
      expect(await cnr.inputValue()).toBe('WBKO0100');

      // A person whose country of origin is not a two-letter code: nothing is saved.
      await page.goto(`${dawn.url()}/persons`);
      await page.getByRole('button', { name: 'নতুন ব্যক্তি লিখুন' }).click();
      const dialog = page.getByRole('dialog');
      const country = dialog.getByLabel(/^মূল দেশ/);
      await country.fill('X1');
      await dialog.locator('button[type="submit"]').click();
      await expectBengaliFieldErrors(dialog, 1);
      expect(await country.inputValue()).toBe('X1');
      expect(page.url()).toMatch(/\/persons$/);

      // A training programme with no title or topic: named beside both, not in a browser bubble.
      await page.goto(`${dawn.url()}/trainings`);
      const programme = page.getByRole('form', { name: 'নতুন কর্মসূচি' });
      await programme.getByRole('button', { name: 'কর্মসূচি তৈরি করুন' }).click();
      await expectBengaliFieldErrors(programme, 2);
      expect(page.url()).toMatch(/\/trainings$/);

      // She switches to Hindi with the form still open: what it says beside each field follows.
      await page.locator('header select').first().selectOption('hi');
      // (The form's own name is Hindi now too.)
      const errors = page.locator('main .mantine-InputWrapper-error');
      await expect
        .poll(
          async () =>
            (await errors.allInnerTexts()).map((text) =>
              /[\u0980-\u09FF]/.test(text)
                ? 'Bengali'
                : /[\u0900-\u097F]/.test(text)
                  ? 'Hindi'
                  : text,
            ),
          { timeout: 10_000 },
        )
        .toEqual(['Hindi', 'Hindi']);
    });
  }, 90_000);

  it('asks before removing a team member, keeps the last one, and says what leaving means', async () => {
    const page = await manager.page('en');
    await dawn.onPage(page, 'field-ready-team', async () => {
      const { caseId, me, colleague } = await teamOfTwo(page);
      await page.goto(`${dawn.url()}/care-cases/${caseId}`);
      const team = page.getByRole('region', { name: 'Team' });
      const dialog = page.getByRole('dialog', { name: 'Remove from the team?' });

      // Removing a colleague asks first; cancelling keeps them.
      await team.getByRole('button', { name: `Remove ${colleague} from the team` }).click();
      await dialog.getByText(`${colleague} will no longer see this case`).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await team.getByText(colleague).waitFor();

      // Removing herself says she loses the case at once; she thinks again.
      await team.getByRole('button', { name: `Remove ${me} from the team` }).click();
      await dialog.getByText('You are removing yourself.', { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Remove me and leave the case' }).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // She removes the colleague, confirming; the last member cannot be removed.
      await team.getByRole('button', { name: `Remove ${colleague} from the team` }).click();
      await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => team.getByText(colleague).count(), { timeout: 10_000 }).toBe(0);
      await team.getByText('The last member of the team cannot be removed').waitFor();
      expect(
        await team.getByRole('button', { name: `Remove ${me} from the team` }).isDisabled(),
      ).toBe(true);
    });
  }, 60_000);
});

/** Every field message of `scope` is a Bengali sentence: no English word, no path, no code. */
async function expectBengaliFieldErrors(scope: Page | Locator, atLeast: number): Promise<void> {
  const errors = scope.locator('.mantine-InputWrapper-error');
  await expect.poll(() => errors.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(atLeast);
  for (const text of await errors.allInnerTexts()) {
    expect(text).toMatch(/[\u0980-\u09FF]/);
    expect(text).not.toMatch(/[a-z]{3,}|\.\w+\./);
  }
}

/**
 * A demo care case whose team is the signed-in manager and one colleague, set through the API.
 * Returns the case and both display names.
 */
async function teamOfTwo(page: Page): Promise<{ caseId: string; me: string; colleague: string }> {
  const session = await callAsSignedIn<{ user: { id: string; displayName: string } }>(
    page,
    'GET',
    '/api/auth/session',
  );
  const { cases } = await callAsSignedIn<{ cases: { id: string }[] }>(
    page,
    'GET',
    '/api/care-cases',
  );
  const first = cases[0];
  if (!first) throw new Error('the demo has no care case');
  const { users } = await callAsSignedIn<{
    users: { id: string; displayName: string; email: string }[];
  }>(page, 'GET', '/api/users');
  const worker = users.find((user) => user.email === 'social.worker@demo.dawn.example');
  if (!worker) throw new Error('the demo has no social worker');
  const url = `/api/care-cases/${first.id}`;
  const teamOf = async () =>
    (await callAsSignedIn<{ team: { userId: string }[] }>(page, 'GET', url)).team.map(
      (member) => member.userId,
    );
  for (const userId of [session.user.id, worker.id]) {
    if (!(await teamOf()).includes(userId))
      await callAsSignedIn(page, 'POST', `${url}/team`, { userId });
  }
  for (const userId of await teamOf()) {
    if (userId !== session.user.id && userId !== worker.id)
      await callAsSignedIn(page, 'DELETE', `${url}/team/${userId}`);
  }
  return { caseId: first.id, me: session.user.displayName, colleague: worker.displayName };
}
