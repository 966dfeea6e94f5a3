import fs from 'node:fs';
import { DomainError } from '@dawn/core';

/** The system Chromium (never a downloaded one): DAWN_CHROMIUM_PATH, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.DAWN_CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Prints HTML to PDF with the system Chromium, which shapes Bengali and Devanagari correctly
 * (conjuncts, vowel signs) with the Noto fonts. One short-lived browser per call: certificates are
 * printed a session at a time, not per request of a busy page.
 */
export async function printPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      'Certificates need Chromium on the server: run `apt-get install -y chromium fonts-noto-core`.',
    );
  }
  // Loaded when a certificate is printed, not when the server starts (it is large).
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    // No network: the page is self-contained; anything it asks for is refused.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', landscape: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
