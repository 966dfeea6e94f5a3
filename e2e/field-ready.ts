import type { Page } from 'playwright-core';
import { freshDawnWithBrowser } from './demo-story.ts';
import { signInFirstTime } from './forms.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const PASSWORD = 'saffron kettle monsoon 2026';

/**
 * A fresh Dawn for a programme manager in Kolkata: `page(language)` opens a page of her session
 * whose app reads `language` (she signs in, in English, before the first).
 */
export function managerInKolkata(name: string) {
  // A copy of the run's seeded installation; its first start printed each demo user's password.
  const dawn = freshDawnWithBrowser(name, {
    env: { DAWN_REQUIRE_2FA_ROLES: 'admin' },
  });
  let signedIn = false;
  return {
    dawn,
    /**
     * A page whose app starts in `language` (none: the story sets it), set before any script of
     * the page runs on every navigation: setting it after a load races the app, which writes back
     * the language it is still loading from an earlier story (its messages arrive after the
     * test's write).
     */
    async page(language?: 'en' | 'bn' | 'hi'): Promise<Page> {
      if (!signedIn) {
        const first = await dawn.newPage({ timeout: 20_000, language: 'en' });
        await signInFirstTime(
          first,
          dawn.url(),
          MANAGER,
          dawn.oneTimePassword(MANAGER, 'program_manager'),
          PASSWORD,
        );
        await first
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'My work' })
          .waitFor();
        await first.close();
        signedIn = true;
      }
      const page = await dawn.newPage({
        timeout: 20_000,
        ...(language === undefined ? {} : { language }),
      });
      await page.goto(`${dawn.url()}/account`);
      return page;
    },
  };
}

/**
 * The pages a list opens (`openMainPage`'s `first-…` targets), and the forms and administration
 * pages beside them that a programme manager sees.
 */
export const PAGES_A_LIST_OPENS = [
  'first-person',
  'first-story',
  'new-story',
  'first-edition',
  'first-rescue-operation',
  '/rescue-operations/new',
  'first-training-programme',
  'first-training-session',
  '/users',
  '/exports',
  '/verify',
] as const;

/**
 * Pages reached through the first link of a list: where the list is (or the page of this table it
 * is on), and what the links to such pages start with.
 */
const FIRST_OF: Record<string, { list: string; link: string } | { via: string; link: string }> = {
  'first-care-case': { list: '/care-cases', link: '/care-cases/' },
  'first-legal-case': { list: '/legal-cases', link: '/legal-cases/' },
  'first-person': { list: '/persons', link: '/persons/' },
  'first-story': { list: '/stories', link: '/stories/' },
  'first-edition': { list: '/stories', link: '/editions/' },
  'first-rescue-operation': { list: '/rescue-operations', link: '/rescue-operations/' },
  'first-training-programme': { list: '/trainings', link: '/trainings/programmes/' },
  'first-training-session': { via: 'first-training-programme', link: '/trainings/sessions/' },
};

/**
 * Opens one page of the app and waits until it has settled: a path, the first item of a list
 * (`first-care-case`, `first-person`, … in `FIRST_OF`), or the form for a new story on the first
 * care case (`new-story`); its heading shown, nothing still loading.
 * Returns a name for the page's screenshots.
 */
export async function openMainPage(page: Page, url: string, target: string): Promise<string> {
  const first = FIRST_OF[target];
  if (target === 'new-story') {
    // A story is written from the survivor's care case.
    await openMainPage(page, url, 'first-care-case');
    await page.locator('main a[href$="/stories/new"]').click();
    await page.waitForURL(/\/stories\/new$/);
  } else if (first) {
    if ('via' in first) await openMainPage(page, url, first.via);
    else await page.goto(`${url}${first.list}`);
    // The first item's own page, not a form for a new one.
    await page.locator(`main a[href^="${first.link}"]:not([href$="/new"])`).first().click();
    // Wait for the item's own page: the list (its heading, its links to items) stays until it is
    // replaced, and a check made then reads the list again, not the item.
    await page.waitForURL(new RegExp(`${first.link}[^/?]+$`));
    await page.waitForFunction(
      (link) =>
        ![...document.querySelectorAll('main a')].some((anchor) =>
          new RegExp(`^${link}[^/]+$`).test(anchor.getAttribute('href') ?? ''),
        ),
      first.link,
    );
  } else {
    await page.goto(`${url}${target}`);
  }
  await settled(page);
  return target.replace(/^\//, '').replaceAll('/', '-') || 'about';
}

/** The page's heading shown and no spinner left in it. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('main .mantine-Loader-root').length === 0,
  );
  await page.waitForTimeout(300);
}
