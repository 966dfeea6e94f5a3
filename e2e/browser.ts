import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where browser tests keep screenshots for people to look at (CI keeps the folder). */
export const ARTIFACTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../test-artifacts',
);

/**
 * The system Chromium, headless, with the flags this closed network needs (no background
 * networking, a fresh profile), never a downloaded browser.
 */
export async function launchBrowser(
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = process.env.DAWN_CHROMIUM_PATH ?? '/usr/bin/chromium';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    locale: options.locale ?? 'en-IN',
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
