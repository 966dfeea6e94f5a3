import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

describe('a newcomer opens Dawn in a browser', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-'));
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    server = await startSeededDawn({ DAWN_DATA_DIR: dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  it('sees the installation is healthy, switches to Bengali and reads Bengali text', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await expect(
      page.getByRole('heading', { name: 'About this installation' }).waitFor(),
    ).resolves.toBeUndefined();
    expect(await page.getByTestId('health-badge').textContent()).toBe('Ready');
    expect(await page.getByText('Demo Aalo Foundation', { exact: false }).count()).toBeGreaterThan(
      0,
    );

    await page.getByRole('combobox', { name: 'Language' }).selectOption('bn');
    await page.getByRole('heading', { name: 'এই ইনস্টলেশন সম্পর্কে' }).waitFor();
    expect(await page.getByTestId('health-badge').textContent()).toBe('প্রস্তুত');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('bn');

    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const screenshot = path.join(ARTIFACTS_DIR, 'about-bengali.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'এই ইনস্টলেশন সম্পর্কে' }).waitFor();
  });
});
