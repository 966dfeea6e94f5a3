import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from './browser.ts';
import { say } from './field-forms-support.ts';
import { englishWords, explanationWords } from './english-words.ts';
import { field, signInFirstTime } from './forms.ts';
import { PAGES_A_LIST_OPENS, managerInKolkata, openMainPage, settled } from './field-ready.ts';

/** The pages a social worker, a lawyer and a manager spend their day on. */
const MAIN_PAGES = [
  '/my-work',
  '/care-cases',
  'first-care-case',
  '/legal-cases',
  'first-legal-case',
  '/deadlines',
  '/alerts',
  '/rescue-operations',
  '/hearings',
  '/compensation',
  '/persons',
  '/account',
  '/trainings',
  '/dashboard',
  '/reports/chosen-few',
  '/retrafficking',
  '/networks',
  '/stories',
  '/imports',
  '/',
  // A link to a page that is not there (or not for her roles): said as a page, with a way back.
  '/no-such-page',
  ...PAGES_A_LIST_OPENS,
  // Not pages but states of one: every deadline's "How it was computed" opened in turn, the
  // offence catalogue as the new legal case form lists it, and the forms that open over a page
  // (opening a care case sent empty, so its refusals show beside its fields).
  'deadline-explanations',
  'offence-list',
  'dialog-open-case',
  'dialog-new-person',
  'dialog-reveal-identity',
] as const;

/** A control's name in any of the three languages, by its message key. */
function named(key: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^(${(['en', 'bn', 'hi'] as const).map((language) => escape(say(language, key))).join('|')})$`,
  );
}

/** The forms that open over a page: where, the button that opens them, and what then. */
const DIALOGS: Record<string, { from: string; open: RegExp; sendEmpty?: RegExp }> = {
  'dialog-open-case': {
    from: '/care-cases',
    open: named('careCases.open.button'),
    sendEmpty: named('careCases.open.submit'),
  },
  // Its words are in the persons feature's own module (person-form.i18n.ts).
  'dialog-new-person': {
    from: '/persons',
    open: /^(Record a person|নতুন ব্যক্তি লিখুন|नया व्यक्ति दर्ज करें)$/,
  },
  'dialog-reveal-identity': { from: 'first-person', open: named('persons.reveal.open') },
};

describe('a programme manager in Kolkata reads every page in Bengali and in Hindi', () => {
  const manager = managerInKolkata('field-ready-pages');
  const dawn = manager.dawn;

  it('reads every main page in her language, at 1280 px and on a 390 px phone', async () => {
    // Her language is switched below, page by page, as the language menu would.
    const page = await manager.page();
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await dawn.onPage(page, 'field-ready', async () => {
      const fictional = await recordALegalCase(page);
      const untranslated: string[] = [];
      const overflowing: string[] = [];
      const ungrouped: string[] = [];
      for (const language of ['bn', 'hi'] as const) {
        await page.evaluate((code) => window.localStorage.setItem('dawn.language', code), language);
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
          for (const target of MAIN_PAGES) {
            const name = await openPage(page, dawn.url(), target);
            await page.screenshot({
              path: path.join(ARTIFACTS_DIR, `field-ready-${language}-${width}-${name}.png`),
              fullPage: true,
              // For people to look at, not what the story checks: a full page on a starved
              // renderer (three test lanes on two cores) may take longer than a click may.
              timeout: 60_000,
            });
            if (target === '/dashboard') {
              // Amounts and counts in the Indian grouping (₹40,50,000), never "4050000".
              const text = await page.locator('main').innerText();
              for (const figure of text.match(/[0-9০-৯०-९]{5,}/g) ?? []) {
                ungrouped.push(`${language} ${width}px ${target}: ${figure}`);
              }
            }
            if (width === 1280) {
              for (const word of await englishWords(page, fictional)) {
                untranslated.push(`${language} ${target}: ${word}`);
              }
              if (target === 'deadline-explanations') {
                for (const word of await explanationWords(page, fictional)) {
                  untranslated.push(`${language} ${target}: ${word}`);
                }
              }
            }
            // A page that does not fit a phone makes the whole screen slide sideways; the header
            // is fixed, so what does not fit in it is cut off instead (it never widens the page):
            // past the screen's edge, or inside its own box (a name cut to "Demo F").
            const overflow = await page.evaluate(() => {
              const cutOff = [...document.querySelectorAll('header *')].flatMap((element) => [
                element.getBoundingClientRect().right - window.innerWidth,
                element.clientWidth > 0 ? element.scrollWidth - element.clientWidth : 0,
              ]);
              return Math.max(document.documentElement.scrollWidth - window.innerWidth, ...cutOff);
            });
            if (overflow > 1) overflowing.push(`${language} ${width}px ${target}: ${overflow}px`);
          }
        }
      }
      expect([...new Set(untranslated)]).toEqual([]);
      expect(overflowing).toEqual([]);
      expect(ungrouped).toEqual([]);
    });
  }, 600_000);

  // The next story uses what the first recorded (its late production).
  it('shows a milestone met late as a "late" badge in the chosen-few report', async () => {
    const page = await manager.page('en');
    await dawn.onPage(page, 'field-ready-chosen-few', async () => {
      await page.goto(`${dawn.url()}/reports/chosen-few`);
      // The report lists officials with their counts, twenty a page; each one's milestones open
      // on demand. Open every card of a page; if the late production is not there, go on to the
      // next page while there is one.
      const show = page.getByRole('button', { name: 'Show milestones' });
      const next = page.getByRole('button', { name: 'Next', exact: true });
      const row = page.locator('tr').filter({ hasText: 'Accused produced before magistrate' });
      const late = row.getByTestId('met-late').first();
      await show.first().waitFor();
      for (let pageIndex = 0; pageIndex < 10; pageIndex += 1) {
        for (let opened = 0; opened < 20 && (await show.count()) > 0; opened += 1) {
          await show.first().click();
        }
        // Every opened card's milestones have arrived once no card is still loading.
        await page.getByLabel('Loading').first().waitFor({ state: 'detached' });
        if ((await late.count()) > 0 || (await next.count()) === 0 || (await next.isDisabled()))
          break;
        await next.click();
        await show.first().waitFor();
      }
      // The production two days after the arrest, named in words, is marked late.
      await late.waitFor();
      expect(await late.textContent()).toBe('late');
      // On a phone each milestone is a card, read top to bottom: the case, its badge, when.
      await page.setViewportSize({ width: 390, height: 900 });
      const card = page
        .getByRole('listitem')
        .filter({ hasText: 'Accused produced before magistrate' })
        .filter({ has: page.getByTestId('met-late') })
        .first();
      await card.waitFor();
      expect(await card.textContent()).toMatch(/When: \d{1,2} \w+ \d{4}/);
      await settled(page);
      expect(await page.locator('main table').count()).toBe(0);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
    });
  }, 60_000);

  it('writes the numbers in her sentences in Bengali digits when she chooses them', async () => {
    const page = await manager.page('bn');
    await dawn.onPage(page, 'field-ready-digits', async () => {
      await page.evaluate(() => window.localStorage.setItem('dawn.digits', 'native'));
      try {
        await page.goto(`${dawn.url()}/care-cases`);
        // A case's overdue tasks are counted in a sentence: "১টি মেয়াদোত্তীর্ণ", never "1টি".
        const main = page.locator('main');
        await main
          .getByText(/^[০-৯]+টি মেয়াদোত্তীর্ণ$/)
          .first()
          .waitFor();
        expect(await main.getByText(/^[0-9]+টি মেয়াদোত্তীর্ণ$/).count()).toBe(0);
      } finally {
        await page.evaluate(() => window.localStorage.setItem('dawn.digits', 'latin'));
      }
    });
  }, 60_000);

  // Last: it signs the browser in as someone else. The audit trail is the auditor's page (a
  // manager does not see it): what was done, by whom, to what, in her language.
  it('an auditor reads the audit trail in Bengali and in Hindi, at 1280 px and on a phone', async () => {
    const auditor = 'auditor@demo.dawn.example';
    const page = await dawn.newPage({ timeout: 20_000 });
    await page.context().clearCookies();
    // Signed out, the sign-in page and its refusal of a mistyped password, in her language.
    const signedOut = new Set(['auditor', 'demo', 'dawn', 'example']);
    for (const language of ['bn', 'hi'] as const) {
      await page.goto(`${dawn.url()}/sign-in`);
      await page.evaluate((code) => window.localStorage.setItem('dawn.language', code), language);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        await page.reload();
        await page.getByLabel(field(say(language, 'auth.signIn.email'))).fill(auditor);
        await page.getByLabel(field(say(language, 'auth.signIn.password'))).fill('mistyped');
        await page.getByRole('button', { name: say(language, 'auth.signIn.submit') }).click();
        await page.getByText(say(language, 'auth.signIn.wrongCredentials')).waitFor();
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `field-ready-${language}-${width}-sign-in.png`),
          fullPage: true,
        });
        expect(await englishWords(page, signedOut)).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${language} ${width}px /sign-in`).toBeLessThanOrEqual(1);
      }
    }
    // She signs in in English on this browser, where the manager was signed in in Hindi.
    await page.goto(`${dawn.url()}/sign-in`);
    await page.evaluate(() => window.localStorage.setItem('dawn.language', 'en'));
    await signInFirstTime(
      page,
      dawn.url(),
      auditor,
      dawn.oneTimePassword(auditor, 'auditor'),
      'turmeric lantern harbour 2026',
    );
    await page.getByRole('button', { name: 'Change password' }).waitFor({ state: 'detached' });
    await dawn.onPage(page, 'field-ready-audit', async () => {
      // The users she may filter by are named with their e-mail addresses (fictional).
      const fictional = new Set(
        (
          await page.evaluate(async () => {
            const { users } = (await (await fetch('/api/users')).json()) as {
              users: { displayName: string; email: string }[];
            };
            return users.flatMap((user) => [user.displayName, user.email]);
          })
        )
          .concat('Kolkata')
          .flatMap((name) => name.match(/[A-Za-z][A-Za-z'’]+/g) ?? [])
          .map((word) => word.toLowerCase()),
      );
      const untranslated: string[] = [];
      const overflowing: string[] = [];
      for (const language of ['bn', 'hi'] as const) {
        await page.evaluate((code) => window.localStorage.setItem('dawn.language', code), language);
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
          await openMainPage(page, dawn.url(), '/audit');
          // A table on a desk; on a phone, a card an entry, read without sliding sideways.
          await page
            .locator(width > 600 ? 'main table tbody tr' : 'main [data-testid="audit-entry"]')
            .first()
            .waitFor();
          if (width < 600) expect(await page.locator('main table').isVisible()).toBe(false);
          await page.screenshot({
            path: path.join(ARTIFACTS_DIR, `field-ready-${language}-${width}-audit.png`),
            fullPage: true,
            timeout: 60_000,
          });
          if (width === 1280)
            for (const word of await englishWords(page, fictional))
              untranslated.push(`${language} /audit: ${word}`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (overflow > 1) overflowing.push(`${language} ${width}px /audit: ${overflow}px`);
        }
      }
      expect([...new Set(untranslated)]).toEqual([]);
      expect(overflowing).toEqual([]);
    });
  }, 120_000);
});

/**
 * A legal case with an arrest, a remand and a hearing, through the API, so the deadline, alert,
 * hearing and compensation pages have something to say. Returns the fictional names and codes
 * shown on the pages (organisations, people, pseudonyms), which are not words to translate.
 */
async function recordALegalCase(page: Page): Promise<Set<string>> {
  const names = await page.evaluate(async () => {
    const session = (await (await fetch('/api/auth/session')).json()) as {
      csrfToken: string;
      user: { displayName: string };
    };
    const post = async (url: string, body: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const { organisations } = (await (await fetch('/api/organisations')).json()) as {
      organisations: { id: string; name: string; kind: string }[];
    };
    const station = organisations.find((organisation) => organisation.kind === 'police_station');
    if (!station) throw new Error('the demo has no police station');
    const accused = await post('/api/persons', { sex: 'male', ageBand: '35+', languages: [] });
    const legalCase = await post('/api/legal-cases', {
      fir: {
        policeStationId: station.id,
        number: '41',
        year: 2026,
        registeredAt: '2026-01-05T09:30:00+05:30',
      },
      forum: 'magistrate',
      offences: ['ITPA:5'],
      accused: [accused.id],
    });
    const events = [
      {
        type: 'accused.arrested',
        occurredAt: '2026-01-06T10:00:00+05:30',
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: '2026-01-06T17:00:00+05:30',
        data: { accused: 'A1', custody: 'judicial' },
      },
    ];
    const read = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
    const { officials } = await read<{
      officials: { id: string; name: string; designation?: string }[];
    }>('/api/officials');
    // An official the chosen-few report already lists (it lists those with a milestone on
    // time), so the late one below shows beside theirs.
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const report = await read<{ officials?: { officialId: string }[] }>(
      `/api/reports/chosen-few?from=${yearAgo}&to=${today}`,
    );
    const officer =
      officials.find((official) => official.id === report.officials?.[0]?.officialId) ??
      officials[0];
    if (!officer) throw new Error('the demo has no official');
    // Produced before the Magistrate two days after the arrest, by an officer the chosen-few
    // report credits: a milestone met late (BNSS s.58 allows 24 hours).
    events.push({
      type: 'accused.produced_before_magistrate',
      occurredAt: '2026-01-08T11:00:00+05:30',
      data: { accused: 'A1' },
      officials: [officer.id],
    } as (typeof events)[number]);
    for (const event of events) await post(`/api/legal-cases/${legalCase.id}/events`, event);
    // A person with an identity in the vault, the newest, so the persons list opens her first and
    // her page offers to reveal it (the dialog that asks why).
    const fictionalName = 'Testa Fictionalia Fieldready';
    await post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
      identity: { legalName: fictionalName, phones: ['+91 00000 00002'] },
    });
    const { persons } = await read<{
      persons: { pseudonym: string; originState: string | null }[];
    }>('/api/persons');
    const { cases } = await read<{ cases: { pseudonym: string }[] }>('/api/care-cases');
    const { users } = await read<{ users: { displayName: string; email: string }[] }>('/api/users');
    const { programmes } = await read<{ programmes: { title: string; topic: string }[] }>(
      '/api/trainings/programmes',
    );
    // Stories carry the public pseudonym each survivor chose, in her own words.
    const { stories } = await read<{ stories: { publicPseudonym: string }[] }>('/api/stories');
    // A calendar edition is named by whoever plans it.
    const { editions } = await read<{ editions: { title: string; subtitle: string }[] }>(
      '/api/editions',
    );
    const credited =
      (
        await read<{
          officials?: { name: string; designation: string; organisation: string }[];
        }>(`/api/reports/chosen-few?from=${yearAgo}&to=${today}`)
      ).officials ?? [];
    return [
      fictionalName,
      session.user.displayName,
      ...organisations.map((organisation) => organisation.name),
      ...persons.flatMap((person) => [person.pseudonym, person.originState ?? '']),
      ...cases.map((careCase) => careCase.pseudonym),
      ...users.flatMap((user) => [user.displayName, user.email]),
      ...officials.flatMap((official) => [official.name, official.designation ?? '']),
      // Training programmes are named by the people who run them, in their own words.
      ...programmes.flatMap((programme) => [programme.title, programme.topic]),
      ...stories.map((story) => story.publicPseudonym),
      ...editions.flatMap((edition) => [edition.title, edition.subtitle]),
      // The chosen-few report names officials beyond the first page of /api/officials.
      ...credited.flatMap((official) => [
        official.name,
        official.designation,
        official.organisation,
      ]),
    ];
  });
  return new Set(
    // The districts of the dashboard's generated demo history are place names too, fictional
    // (Fictionpur) or the demo's real districts (South 24 Parganas, Kolkata).
    [...names, 'Fictionpur', 'Nowhere', 'Kolkata', 'South 24 Parganas', 'North 24 Parganas']
      .flatMap((name) => name.match(/[A-Za-z][A-Za-z'’]+/g) ?? [])
      .map((word) => word.toLowerCase()),
  );
}

/** Opens a main page and waits until it has loaded; returns a file-friendly name for it. */
async function openPage(
  page: Page,
  url: string,
  target: (typeof MAIN_PAGES)[number],
): Promise<string> {
  if (target === 'deadline-explanations') {
    // Every deadline, met or not, so that each kind of explanation is read.
    await page.goto(`${url}/deadlines`);
    await page.getByText(/^(All|সব|सभी)$/).click();
    await page.locator('main button[aria-expanded]').first().waitFor();
  } else if (target === 'offence-list') {
    await page.goto(`${url}/legal-cases/new`);
    await page
      .getByLabel(/^(Offences|অপরাধ|अपराध)/)
      .first()
      .fill(':');
    // Every catalogue code has a colon: the whole list opens.
    await page
      .getByRole('option', { name: /BNS:64\b/ })
      .first()
      .waitFor();
  } else if (target in DIALOGS) {
    const dialog = DIALOGS[target];
    if (!dialog) throw new Error(target);
    await openMainPage(page, url, dialog.from);
    await page.getByRole('button', { name: dialog.open }).first().click();
    await page.getByRole('dialog').waitFor();
    if (dialog.sendEmpty) {
      await page.getByRole('dialog').getByRole('button', { name: dialog.sendEmpty }).click();
      await page.getByRole('dialog').locator('[aria-invalid="true"]').first().waitFor();
    }
    await page.waitForTimeout(300);
    return target;
  } else {
    return openMainPage(page, url, target);
  }
  await settled(page);
  return target.replace(/^\//, '').replaceAll('/', '-');
}
