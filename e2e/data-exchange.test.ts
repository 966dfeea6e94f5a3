import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { englishWords } from './english-words.ts';
import { demoOneTimePassword, field, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const ADMIN = 'admin@demo.dawn.example';
const WORKER = 'social.worker@demo.dawn.example';
const PASSWORD = 'monsoon ledger kite 5151';

/** A receiving system in the test process: every POST it gets, with its headers. */
function receiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
  });
  return {
    received,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/portal`;
    },
    async stop(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A page that starts in `language` before the app runs (as field-ready.test.ts does). */
async function pageIn(context: BrowserContext, language: 'en' | 'bn' | 'hi'): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.addInitScript((code) => window.localStorage.setItem('dawn.language', code), language);
  return page;
}

/** The signed-in user's name is data, not a word of the screen: it stays as it was written. */
async function signedInName(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const session = (await (await fetch('/api/auth/session')).json()) as {
      user: { displayName: string };
    };
    return session.user.displayName.split(/\s+/);
  });
}

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel(field('E-mail address')).fill(email);
  await page.getByLabel(field('Password')).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((address) => !address.pathname.startsWith('/sign-in'));
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/**
 * English words on the page (`english-words.ts`), less the data's own: the export formats' "JSON
 * Lines", the receiver's address, the signed-in user's name.
 */
function englishWordsBut(page: Page, data: readonly string[]): Promise<string[]> {
  return englishWords(page, new Set(['Lines', 'https', ...data].map((word) => word.toLowerCase())));
}

async function expectFits(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Polled: the layout settles a moment after the window is resized (the navigation's transition).
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
        message: `${name} at ${width} px`,
        timeout: 5_000,
      })
      .toBeLessThanOrEqual(1);
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, `data-exchange-${name}-${width}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Issue 16 in the browser: the programme manager exports the HTCDS file for the donor; the
 * organisation's admin connects the state portal's receiver, sees a social worker's case event
 * delivered in the log, and sends it again after confirming; both screens read in Bengali.
 */
describe('data out: an HTCDS export and a webhook delivery log', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-data-exchange-'));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-downloads-'));
  const hooks = receiver();
  let hookUrl = '';
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    hookUrl = await hooks.start();
    [server, browser] = await Promise.all([
      startSeededDawn(
        {
          DAWN_DATA_DIR: dataDir,
          // Two-factor enrolment is another story's; this one is about data going out.
          DAWN_REQUIRE_2FA_ROLES: 'auditor',
          // The receiver is this test process, on 127.0.0.1.
          DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        },
        240_000,
      ),
      launchBrowser(),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await hooks.stop();
    removeInstallation(dataDir);
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('the programme manager downloads the HTCDS CSV and is told how many rows it holds', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const page = await pageIn(browser.context, 'en');
    let bengali: Page | undefined;
    try {
      const oneTime = demoOneTimePassword(server.output(), MANAGER, 'program_manager');
      await signInFirstTime(page, server.url, MANAGER, oneTime, PASSWORD);
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Exports' })
        .click();
      await page.getByRole('heading', { name: 'Exports' }).waitFor();
      const arriving = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const download = await arriving;
      const file = path.join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      expect(download.suggestedFilename()).toMatch(/htcds.*\.csv$/);
      const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^dawn_CaseKind,dawn_CaseId,dawn_PersonId,/);
      const rows = lines.length - 1;
      expect(rows).toBeGreaterThan(0);
      // What the screen says is what the file holds.
      await page
        .getByRole('status')
        .getByText(`${rows} ${rows === 1 ? 'row' : 'rows'} exported.`)
        .waitFor();
      await expectFits(page, 'exports');

      // In Bengali: the same screen and its answer, no English left.
      bengali = await pageIn(browser.context, 'bn');
      await bengali.goto(`${server.url}/exports`);
      await bengali.locator('main h2').waitFor();
      const again = bengali.waitForEvent('download');
      await bengali.locator('main button[type="submit"]').click();
      await again;
      await bengali.getByRole('status').waitFor();
      expect(await englishWordsBut(bengali, await signedInName(bengali))).toEqual([]);
      await bengali.screenshot({
        path: path.join(ARTIFACTS_DIR, 'data-exchange-exports-bn.png'),
        fullPage: true,
      });
    } catch (error) {
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'data-exchange-exports-failure.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await bengali?.close();
      await page.close();
    }
  }, 240_000);

  it('the admin registers a receiver, sees a case event delivered, and sends it again after confirming', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const page = await pageIn(browser.context, 'en');
    let translated: Page | undefined;
    try {
      // The social worker and the admin choose their passwords at their first sign-in.
      await page.context().clearCookies();
      await signInFirstTime(
        page,
        server.url,
        WORKER,
        demoOneTimePassword(server.output(), WORKER, 'social_worker'),
        PASSWORD,
      );
      await page.getByRole('button', { name: 'Change password' }).waitFor({ state: 'detached' });
      await page.context().clearCookies();
      await signInFirstTime(
        page,
        server.url,
        ADMIN,
        demoOneTimePassword(server.output(), ADMIN, 'admin'),
        PASSWORD,
      );
      await page.getByRole('button', { name: 'Change password' }).waitFor({ state: 'detached' });
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Webhooks' })
        .click();
      await page.getByLabel(field('Address')).fill(hookUrl);
      await page.getByLabel(field('What it is for')).fill('State portal');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = page.getByRole('status').locator('pre, code').first();
      await secret.waitFor();
      expect(await secret.textContent()).toMatch(/^whsec_/);
      await page.getByRole('cell', { name: hookUrl }).waitFor();

      // A social worker records a home visit on her case (the admin sees no case data).
      await signIn(page, server.url, WORKER);
      await page.evaluate(async () => {
        const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
        const list = (await (await fetch('/api/care-cases')).json()) as {
          cases: { id: string }[];
        };
        const caseId = list.cases[0]?.id;
        if (!caseId) throw new Error('the social worker has no case');
        const response = await fetch(`/api/care-cases/${caseId}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({
            type: 'note.case',
            occurredAt: new Date().toISOString(),
            data: { text: 'Home visit done (fictional).' },
          }),
        });
        if (response.status !== 201)
          throw new Error(`event: ${response.status} ${await response.text()}`);
      });
      await expect.poll(() => hooks.received.length, { timeout: 30_000 }).toBe(1);
      const first = hooks.received[0];
      expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ type: 'care_case.event_recorded' });
      expect(first?.headers['webhook-signature']).toMatch(/^v1,/);

      // The admin reads the delivery log: delivered, once.
      await signIn(page, server.url, ADMIN);
      await page.goto(`${server.url}/webhooks`);
      const log = page.locator('table').filter({ hasText: 'Attempts' });
      await log.getByText('Delivered').waitFor();
      expect(await log.locator('tbody tr').count()).toBe(1);
      expect(await log.locator('tbody tr').first().textContent()).toContain(
        'An event is recorded on a care case',
      );
      await expectFits(page, 'webhooks');
      // At 390 px the log is one card per message: neither the page nor anything on it scrolls
      // sideways (a table in a scroll container did, hiding the status and "Send again").
      await page.setViewportSize({ width: 390, height: 900 });
      const cards = page.getByTestId('delivery-cards');
      await cards.getByText('Delivered').waitFor();
      await cards.getByRole('button', { name: 'Send again' }).waitFor();
      const sideways = () =>
        page.evaluate(() => ({
          page: document.documentElement.scrollWidth - window.innerWidth > 1,
          scrolling: [...document.querySelectorAll('main *')].filter(
            (element) => element.clientWidth > 0 && element.scrollWidth - element.clientWidth > 1,
          ).length,
        }));
      await expect
        .poll(sideways, { message: 'the webhooks page at 390 px', timeout: 5_000 })
        .toEqual({ page: false, scrolling: 0 });
      await page.setViewportSize({ width: 1280, height: 900 });

      // Send again: asked first; cancelling sends nothing.
      await log.getByRole('button', { name: 'Send again' }).click();
      const dialog = page.getByRole('dialog', { name: 'Send this message again?' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await log.getByRole('button', { name: 'Send again' }).click();
      await dialog.getByRole('button', { name: 'Send again' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => hooks.received.length, { timeout: 30_000 }).toBe(2);
      // The same message id: a receiver that already has it can tell.
      expect(hooks.received[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      await expect
        .poll(async () => {
          await page.reload();
          await log.locator('tbody tr').first().waitFor();
          return log.getByText('Delivered').count();
        })
        .toBe(2);

      // In Bengali and in Hindi: the endpoint list, the log and the question before sending
      // again, on a desk and on a phone.
      for (const language of ['bn', 'hi'] as const) {
        await translated?.close();
        translated = await pageIn(browser.context, language);
        await translated.goto(`${server.url}/webhooks`);
        await translated.locator('main table tbody tr').first().waitFor();
        const data = [...(await signedInName(translated)), ...hookUrl.split(/[^A-Za-z]+/)];
        data.push('State', 'portal');
        expect(await englishWordsBut(translated, data)).toEqual([]);
        await expectFits(translated, `webhooks-${language}`);
        await translated.locator('main table').last().locator('tbody button').first().click();
        await translated.getByRole('dialog').waitFor();
        expect(await englishWordsBut(translated, data)).toEqual([]);
        await translated.screenshot({
          path: path.join(ARTIFACTS_DIR, `data-exchange-webhooks-${language}.png`),
          fullPage: true,
        });
      }
    } catch (error) {
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'data-exchange-webhooks-failure.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await translated?.close();
      await page.close();
    }
  }, 300_000);
});
