import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, field } from './forms.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const PASSWORD = 'saffron kettle monsoon 2026';

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
] as const;

/**
 * Words that stay as they are in every language: the product's name, statutes and institutions
 * known by their initials, and the language switch (each language named in itself).
 */
const ALLOWED_WORDS = new Set(
  [
    'Dawn',
    'English',
    'FIR',
    'CNR',
    'CWC',
    'NGO',
    'BNSS',
    'BNS',
    'CrPC',
    'IPC',
    'ITPA',
    'POCSO',
    'DLSA',
    'SLSA',
    'NALSA',
    'IST',
    'PDF',
    'JPEG',
    'PNG',
    'WebP',
    'HEIC',
    'DOCX',
    'ODT',
    'iCalendar',
    'ICS',
    'SHA',
    'AHTU',
    'ASO',
    'VCS',
    // Statutes keep their English names in citations ("JJ Act s.31", "Limitation Act Art. 114").
    'Act',
    'Limitation',
    'Art',
  ].map((word) => word.toLowerCase()),
);

describe('a programme manager in Kolkata works in Bengali and in Hindi', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-field-ready-'));
  const env = { DAWN_DATA_DIR: dataDir, DAWN_DEMO_SEED: 'auto', DAWN_REQUIRE_2FA_ROLES: 'admin' };
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let oneTimePassword = '';

  beforeAll(async () => {
    // Seeding on a busy machine is slow; the first start prints each demo user's password.
    server = await startDawn(env, 240_000);
    oneTimePassword = demoOneTimePassword(server.output(), MANAGER, 'program_manager');
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads every main page in her language, at 1280 px and on a 390 px phone', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    try {
      await signIn(page, server.url, oneTimePassword);
      const fictional = await recordALegalCase(page);
      const untranslated: string[] = [];
      const overflowing: string[] = [];
      for (const language of ['bn', 'hi'] as const) {
        await page.evaluate((code) => window.localStorage.setItem('dawn.language', code), language);
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
          for (const target of MAIN_PAGES) {
            const name = await openPage(page, server.url, target);
            await page.screenshot({
              path: path.join(ARTIFACTS_DIR, `field-ready-${language}-${width}-${name}.png`),
              fullPage: true,
            });
            if (width === 1280) {
              for (const word of await englishWords(page, fictional)) {
                untranslated.push(`${language} ${target}: ${word}`);
              }
            }
            // A page that does not fit a phone makes the whole screen slide sideways.
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            if (overflow > 1) overflowing.push(`${language} ${width}px ${target}: ${overflow}px`);
          }
        }
      }
      expect([...new Set(untranslated)]).toEqual([]);
      expect(overflowing).toEqual([]);
    } catch (error) {
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'field-ready-failure.png'),
        fullPage: true,
      });
      throw error;
    }
  }, 600_000);
});

async function signIn(page: Page, url: string, oneTime: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(field('E-mail address')).fill(MANAGER);
  await page.getByLabel(field('Password')).fill(oneTime);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
  await page.getByLabel(field('Current password')).fill(oneTime);
  await page.getByLabel(field('New password')).fill(PASSWORD);
  await page.getByLabel(field('New password again')).fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'My work' })
    .waitFor();
}

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
    for (const event of events) await post(`/api/legal-cases/${legalCase.id}/events`, event);
    const read = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;
    const { persons } = await read<{
      persons: { pseudonym: string; originState: string | null }[];
    }>('/api/persons');
    const { cases } = await read<{ cases: { pseudonym: string }[] }>('/api/care-cases');
    const { users } = await read<{ users: { displayName: string; email: string }[] }>('/api/users');
    const { officials } = await read<{ officials: { name: string; designation?: string }[] }>(
      '/api/officials',
    );
    return [
      session.user.displayName,
      ...organisations.map((organisation) => organisation.name),
      ...persons.flatMap((person) => [person.pseudonym, person.originState ?? '']),
      ...cases.map((careCase) => careCase.pseudonym),
      ...users.flatMap((user) => [user.displayName, user.email]),
      ...officials.flatMap((official) => [official.name, official.designation ?? '']),
    ];
  });
  return new Set(
    // The districts of the dashboard's generated demo history are fictional place names too.
    [...names, 'Fictionpur', 'Nowhere']
      .flatMap((name) => name.match(/[A-Za-z][A-Za-z'’-]+/g) ?? [])
      .map((word) => word.toLowerCase()),
  );
}

/** Opens a main page and waits until it has loaded; returns a file-friendly name for it. */
async function openPage(
  page: Page,
  url: string,
  target: (typeof MAIN_PAGES)[number],
): Promise<string> {
  if (target === 'first-care-case' || target === 'first-legal-case') {
    const list = target === 'first-care-case' ? '/care-cases' : '/legal-cases';
    await page.goto(`${url}${list}`);
    await page.locator(`main a[href^="${list}/"]`).first().click();
  } else {
    await page.goto(`${url}${target}`);
  }
  await page.locator('main h2').first().waitFor();
  // Nothing still loading: no spinner, no "loading" text.
  await page.waitForFunction(
    () => document.querySelectorAll('main .mantine-Loader-root').length === 0,
  );
  await page.waitForTimeout(300);
  return target.replace(/^\//, '').replaceAll('/', '-');
}

/** English words visible on the page that are neither allowed nor part of fictional data. */
async function englishWords(page: Page, fictional: Set<string>): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  // Pseudonyms and references of the fictional data: a word joined to a code (Heena-AWNY,
  // WBKO/41, CC-2026-0900), and CNRs, taken whole.
  const pseudonymCodes = new Set(
    [...text.matchAll(/\b([A-Za-z]+)[-/]([A-Za-z0-9]+)\b/g)]
      .filter(
        (match) => /^[A-Z0-9]{2,}$/.test(match[2] ?? '') || /^[A-Z]{2,}$/.test(match[1] ?? ''),
      )
      .flatMap((match) => [match[1] ?? '', ...(match[2] ?? '').split(/\d+/)])
      // A CNR: the court's four letters, then digits (WBKO010012342026).
      .concat([...text.matchAll(/\b([A-Z]{4})\d{6,}\b/g)].map((match) => match[1] ?? '')),
  );
  return [
    ...new Set(
      (text.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? []).filter((word) => {
        if (pseudonymCodes.has(word)) return false;
        const lower = word.toLowerCase();
        return !ALLOWED_WORDS.has(lower) && !fictional.has(lower);
      }),
    ),
  ];
}
