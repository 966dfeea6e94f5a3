import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { callAsSignedIn, freshDawnWithBrowser } from './demo-story.ts';
import { say } from './field-forms-support.ts';
import { choose, comboBox, signInFirstTime } from './forms.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const PASSWORD = 'lantern tamarind ferry 2026';
/** The web's page size for care cases (CASES_PAGE_SIZE). */
const PAGE = 25;

describe('a programme manager pages through many care cases, forward and back, in English and Bengali', () => {
  // A copy of the run's seeded installation; its first start printed each demo user's password.
  const dawn = freshDawnWithBrowser('lists', {
    env: { DAWN_REQUIRE_2FA_ROLES: 'admin' },
  });

  it('shows 1–25, then 26–50 after Next, the same 25 again after Previous, and keeps a filter in the URL', async () => {
    const page = await dawn.newPage({ timeout: 20_000, language: 'en' });
    await dawn.onPage(page, 'lists-english', async () => {
      const oneTimePassword = dawn.oneTimePassword(MANAGER, 'program_manager');
      await signInFirstTime(page, dawn.url(), MANAGER, oneTimePassword, PASSWORD);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'My work' })
        .waitFor();
      // Sixty cases opened at the same instant: every page boundary falls inside equal keys.
      await openCases(page, 60);
      const expected = await visibleCaseIds(page, '');
      expect(expected.length).toBeGreaterThan(2 * PAGE);

      await page.goto(`${dawn.url()}/care-cases`);
      const pager = page.getByRole('navigation', { name: 'Pages of Care cases' });
      await pager.getByText('Showing 1–25').waitFor();
      expect(await rowIds(page)).toEqual(expected.slice(0, PAGE));
      expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);

      // Keyboard only: Tab to Next, Enter.
      await pager.getByRole('button', { name: 'Next' }).focus();
      await page.keyboard.press('Enter');
      await pager.getByText('Showing 26–50').waitFor();
      expect(await rowIds(page)).toEqual(expected.slice(PAGE, 2 * PAGE));

      await pager.getByRole('button', { name: 'Previous' }).click();
      await pager.getByText('Showing 1–25').waitFor();
      expect(await rowIds(page)).toEqual(expected.slice(0, PAGE));

      // Page to the end: together the pages hold every case once, in order.
      const seen: string[] = [];
      for (let pages = 0; pages < 20; pages += 1) {
        seen.push(...(await rowIds(page)));
        const next = pager.getByRole('button', { name: 'Next' });
        if (await next.isDisabled()) break;
        const before = await pager.getByText(/^Showing /).textContent();
        await next.click();
        await expect
          .poll(async () => pager.getByText(/^Showing |^Nothing more/).textContent())
          .not.toBe(before);
      }
      expect(seen).toEqual(expected);

      // A filter starts again at the first page, and the URL keeps it (not the search box).
      await pager.getByRole('button', { name: 'First page' }).click();
      await choose(page, 'Age band', '12', '12–14 years');
      await expect.poll(() => new URL(page.url()).searchParams.get('ageBand')).toBe('12-14');
      const younger = await visibleCaseIds(page, 'ageBand=12-14');
      expect(younger.length).toBeGreaterThan(PAGE);
      await pager.getByText('Showing 1–25').waitFor();
      await expect.poll(() => rowIds(page)).toEqual(younger.slice(0, PAGE));
      await page.getByRole('searchbox', { name: 'Search' }).fill('zz-no-such-pseudonym');
      await page.getByText('No care cases match.').waitFor();
      expect(page.url()).not.toContain('zz-no-such');
      await page.getByRole('searchbox', { name: 'Search' }).fill('');

      // Back from a case to the list, or a reload, keeps the filter.
      await page.reload();
      await pager.getByText('Showing 1–25').waitFor();
      expect(await rowIds(page)).toEqual(younger.slice(0, PAGE));
      expect(await comboBox(page, 'Age band').inputValue()).toBe('12–14 years');

      // The total only when asked for.
      await pager.getByRole('button', { name: 'Count all' }).click();
      await pager.getByText(`${younger.length} in all`).waitFor();
    });
  }, 180_000);

  it('pages in Bengali with no English on the page, at 1280 px and on a 390 px phone', async () => {
    const page = await dawn.newPage({ timeout: 20_000, language: 'bn' });
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await dawn.onPage(page, 'lists-bengali', async () => {
      const expected = await (async () => {
        await page.goto(`${dawn.url()}/account`);
        return visibleCaseIds(page, '');
      })();
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        await page.goto(`${dawn.url()}/care-cases`);
        const pager = page.getByRole('navigation', { name: 'পরিচর্যা কেস-এর পাতা' });
        await pager.getByText('দেখানো হচ্ছে 1–25').waitFor();
        expect(await rowIds(page)).toEqual(expected.slice(0, PAGE));
        await pager.getByRole('button', { name: 'পরের পাতা' }).click();
        await pager.getByText('দেখানো হচ্ছে 26–50').waitFor();
        expect(await rowIds(page)).toEqual(expected.slice(PAGE, 2 * PAGE));
        await pager.getByRole('button', { name: 'আগের পাতা' }).click();
        await pager.getByText('দেখানো হচ্ছে 1–25').waitFor();
        await pager.getByRole('button', { name: 'সব গুনুন' }).click();
        await pager.getByText(`মোট ${expected.length}টি`).waitFor();

        // The page's own words (not its data: pseudonyms, case codes, shelter names) are Bengali.
        expect(await englishWordsOutsideTheTable(page)).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow).toBeLessThanOrEqual(1);
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `lists-bn-${width}.png`),
          fullPage: true,
        });
      }

      // On the phone the five filters fold behind one button, which says how many are chosen.
      const phase = comboBox(page, say('bn', 'careCases.list.phase'));
      const folded = page.getByRole('button', { name: say('bn', 'common.filters'), exact: true });
      expect(await phase.count()).toBe(0);
      await folded.click();
      await phase.waitFor();
      expect(await folded.getAttribute('aria-expanded')).toBe('true');
      await page.goto(`${dawn.url()}/care-cases?phase=intake`);
      await page
        .getByRole('button', {
          name: say('bn', 'common.filtersChosen_one', { number: '1' }),
          exact: true,
        })
        .waitFor();
      await page.setViewportSize({ width: 1280, height: 900 });
      await phase.waitFor();
    });
  }, 120_000);
});

/** Opens `count` care cases for new fictional persons, all at one instant, half of them 12–14. */
async function openCases(page: Page, count: number): Promise<void> {
  const openedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  for (let index = 0; index < count; index += 1) {
    await callAsSignedIn(page, 'POST', '/api/care-cases', {
      person: { sex: 'female', ageBand: index % 2 === 0 ? '12-14' : '15-17' },
      openedAt,
    });
  }
}

/** Every care case the user sees with `filters`, in list order, read from the API page by page. */
async function visibleCaseIds(page: Page, filters: string): Promise<string[]> {
  return page.evaluate(async (query) => {
    const ids: string[] = [];
    let after = '';
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await fetch(
        `/api/care-cases?${query}&limit=100&count=none${after ? `&after=${after}` : ''}`,
      );
      const body = (await response.json()) as {
        cases: { id: string }[];
        nextCursor: string | null;
      };
      ids.push(...body.cases.map((careCase) => careCase.id));
      if (!body.nextCursor) break;
      after = body.nextCursor;
    }
    return ids;
  }, filters);
}

/** The ids of the cases the list shows now, from their links. */
async function rowIds(page: Page): Promise<string[]> {
  const hrefs = await page
    // A table's rows on a desk's screen, a card each on a phone.
    .locator('main :is(table tbody, [data-cell]) a[href^="/care-cases/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.replace('/care-cases/', ''));
}

/**
 * Latin words in the page's main area, leaving out the rows' values (pseudonyms, codes, names): a
 * table's body, or what a phone's cards show after each heading.
 */
async function englishWordsOutsideTheTable(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main) return '';
    const copy = main.cloneNode(true) as HTMLElement;
    for (const value of copy.querySelectorAll('tbody, [data-cell]')) value.remove();
    document.body.append(copy);
    const visible = copy.innerText;
    copy.remove();
    return visible;
  });
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}
