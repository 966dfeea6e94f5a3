import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { demoOneTimePassword, signInFirstTime } from './forms.ts';

/** A demo user of the seeded organisation, and the password the story chooses at first sign-in. */
export interface DemoUser {
  email: string;
  role: string;
  chosenPassword: string;
}

/**
 * A browser story on a fresh Dawn: inside a `describe`, starts the server on its own data folder
 * (the demo seed gives the users) and the browser before the story, and removes both after it.
 */
export function freshDawnWithBrowser(name: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `dawn-e2e-${name}-`));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  // Seeding the demo organisation on a shared machine under load can take longer than a minute.
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startDawn({ DAWN_DATA_DIR: dataDir }, 180_000),
      launchBrowser(),
    ]);
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    /**
     * A page signed in as the demo user; `story` runs on it, and a failure leaves a screenshot
     * named after the story in the artifacts folder.
     */
    async asDemoUser(
      user: DemoUser,
      options: { timeout: number },
      story: (page: Page) => Promise<void>,
    ): Promise<void> {
      if (!browser || !server) throw new Error('set-up failed');
      const oneTime = demoOneTimePassword(server.output(), user.email, user.role);
      const page = await browser.context.newPage();
      page.setDefaultTimeout(options.timeout);
      try {
        await signInFirstTime(page, server.url, user.email, oneTime, user.chosenPassword);
        await story(page);
      } catch (error) {
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-failure.png`) });
        throw error;
      }
    },
  };
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
