import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gzippedSize, scriptsForPage } from './first-load.ts';

const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packages/web/dist');

/** What a phone on a slow line may download before its user can sign in. */
const SIGN_IN_BUDGET_BYTES = 250_000;

describe('a social worker opens Dawn for the first time on a phone', () => {
  it(`downloads under ${SIGN_IN_BUDGET_BYTES / 1000} KB of gzipped JavaScript before signing in`, () => {
    const scripts = scriptsForPage(DIST_DIR, 'src/features/auth/SignInPage.tsx');
    const size = gzippedSize(DIST_DIR, scripts);
    // Printed so that a change in either direction shows in the test output.
    console.info(`sign-in page: ${scripts.length} scripts, ${(size / 1000).toFixed(1)} KB gzipped`);
    expect(size).toBeLessThan(SIGN_IN_BUDGET_BYTES);
    // The screens behind sign-in are not among them.
    expect(scripts.some((file) => /CareCasePage|LegalCasePage/.test(file))).toBe(false);
  });

  it('gets every script and style precompressed, and no source map to download', () => {
    const files = fs.readdirSync(path.join(DIST_DIR, 'assets'));
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((name) => /\.(js|css)$/.test(name))) {
      expect(files, file).toContain(`${file}.br`);
      expect(files, file).toContain(`${file}.gz`);
    }
  });
});
