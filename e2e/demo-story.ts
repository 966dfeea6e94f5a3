import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

/** A demo user of the seeded organisation, and the password the story chooses at first sign-in. */
export interface DemoUser {
  email: string;
  role: string;
  chosenPassword: string;
}

export interface FreshDawnOptions {
  /** More of the server's environment, e.g. `{ DAWN_REQUIRE_2FA_ROLES: 'admin' }`. */
  env?: Record<string, string>;
  /** How long the start may take (a copy of the run's seeded installation: no seeding). */
  startTimeout?: number;
}

/**
 * Where a failed story leaves its screenshot (`<label>-failure.png`) for people to look at. It
 * never hides the story's own error: a page too busy to be photographed (a starved renderer on a
 * loaded machine) is noted and the story's failure is what the run reports.
 */
export async function screenshotFailure(page: Page, label: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  try {
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, `${label}-failure.png`),
      fullPage: true,
    });
  } catch (error) {
    console.warn(`no failure screenshot for ${label}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * A browser story on a fresh Dawn: inside a `describe`, starts the server on its own copy of the
 * run's seeded installation (the demo seed gives the users) and the browser before the story, and
 * removes both after it.
 */
export function freshDawnWithBrowser(name: string, options: FreshDawnOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dawn-e2e-${name}-`));
  // Even a later start takes half a minute on a shared machine under load.
  const startTimeout = options.startTimeout ?? 120_000;
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startSeededDawn({ ...options.env, DAWN_DATA_DIR: dataDir }, startTimeout),
      launchBrowser(),
    ]);
  }, startTimeout + 20_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  const started = () => {
    if (!browser || !server) throw new Error('set-up failed');
    return { server, browser };
  };

  async function newPage(page: { timeout: number; language?: string }): Promise<Page> {
    const opened = await started().browser.context.newPage();
    opened.setDefaultTimeout(page.timeout);
    if (page.language !== undefined)
      await opened.addInitScript(
        (code) => window.localStorage.setItem('dawn.language', code),
        page.language,
      );
    return opened;
  }

  return {
    /** The server's own data folder (removed after the story): a place for files to upload. */
    dataDir,
    /** The running server's address, once started. */
    url(): string {
      return started().server.url;
    },
    /** The one-time password the first start printed for a demo user. */
    oneTimePassword(email: string, role: string): string {
      return demoOneTimePassword(started().server.output(), email, role);
    },
    /** A new page; with `language`, the app starts in it (set before any script of the page). */
    newPage,
    /**
     * Runs `story` on `page`; a failure leaves a screenshot named `label` in the artifacts folder,
     * and the page is closed after.
     */
    async onPage(page: Page, label: string, story: (page: Page) => Promise<void>): Promise<void> {
      try {
        await story(page);
      } catch (error) {
        await screenshotFailure(page, label);
        throw error;
      } finally {
        await page.close();
      }
    },
    /**
     * A page signed in as the demo user; `story` runs on it, and a failure leaves a screenshot
     * named after the story in the artifacts folder.
     */
    async asDemoUser(
      user: DemoUser,
      options: { timeout: number },
      story: (page: Page) => Promise<void>,
    ): Promise<void> {
      const { server } = started();
      const oneTime = demoOneTimePassword(server.output(), user.email, user.role);
      const page = await newPage(options);
      try {
        // Another user's session from an earlier story in this browser is not hers.
        await page.context().clearCookies();
        await signInFirstTime(page, server.url, user.email, oneTime, user.chosenPassword);
        await story(page);
      } catch (error) {
        await screenshotFailure(page, name);
        throw error;
      }
    },
  };
}

/**
 * A JSON call from the signed-in page, as the app's forms make it (the session's cookie and CSRF
 * token), for a story's data that is not what the story is about; a refusal throws.
 */
export async function callAsSignedIn<T>(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const answer: unknown = await page.evaluate(
    async ([method, url, body]) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method,
        headers: {
          'x-csrf-token': session.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok)
        throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? undefined : ((await response.json()) as unknown);
    },
    [method, url, body] as const,
  );
  return answer as T;
}

/**
 * Records something through the API from the signed-in page, as the app's forms would (the
 * session's cookie and CSRF token): for a story's data that is not what the story is about.
 */
export async function postAsSignedIn(
  page: Page,
  url: string,
  body: unknown,
): Promise<{ status: number; body: { id: string } }> {
  return page.evaluate(
    async ([target, payload]) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const answer = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(payload),
      });
      return { status: answer.status, body: (await answer.json()) as { id: string } };
    },
    [url, body] as const,
  );
}
