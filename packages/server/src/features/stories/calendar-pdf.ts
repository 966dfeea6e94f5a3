import fs from 'node:fs';
import { DomainError } from '@dawn/core';
import { z } from 'zod';

/**
 * Prints the calendar's HTML to PDF with the system Chromium (through playwright-core), which
 * shapes Bengali and Devanagari with HarfBuzz and the Noto fonts. Without Chromium, only the PDF
 * fails, with one line that says how to install it; previews and everything else keep working.
 */
export const CHROMIUM_MISSING =
  'Chromium is needed to print the calendar: run `apt-get install -y chromium fonts-noto-core` (or set DAWN_CHROMIUM_PATH).';

const environment = z.object({
  DAWN_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return environment.parse(env).DAWN_CHROMIUM_PATH;
}

export async function printPdf(
  html: string,
  options: { paper: 'A4' | 'A3'; orientation: 'portrait' | 'landscape'; executablePath?: string },
): Promise<Buffer> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!fs.existsSync(executablePath))
    throw new DomainError('SERVICE_UNAVAILABLE', CHROMIUM_MISSING);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    // The document is self-contained: no request may leave the machine while printing.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return await page.pdf({
      format: options.paper,
      landscape: options.orientation === 'landscape',
      printBackground: true,
      preferCSSPageSize: true,
    });
  } finally {
    await browser.close();
  }
}
