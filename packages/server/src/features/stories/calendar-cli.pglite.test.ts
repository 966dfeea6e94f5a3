import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDawn } from '../../../test/dawn-process.ts';
import { startFromMigratedTemplate } from '../../../test/test-database.ts';

/**
 * `dawn calendar render` as a person runs it, on the demo organisation's draft 2027 edition. Once,
 * on PGlite: the command is the same on PostgreSQL and the renders are tested on both elsewhere.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-calendar-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dawn calendar render', () => {
  it('prints the demo 2027 edition to a PDF with the stories’ texts, and explains a missing Chromium in one line', async () => {
    const env = { DAWN_DATA_DIR: path.join(dir, 'data') };
    await startFromMigratedTemplate(env.DAWN_DATA_DIR);
    expect((await runDawn(['seed', '--demo'], env, 120_000)).code).toBe(0);
    const out = path.join(dir, 'calendar.pdf');
    const rendered = await runDawn(
      ['calendar', 'render', '--year', '2027', '--out', out],
      env,
      120_000,
    );
    expect(rendered.stderr).toContain('calendar [');
    expect(rendered.stdout).toContain('4 pages of the 2027 calendar');
    expect(rendered.code).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Saumya is studying to be a teacher.');
    expect(text).toContain('সৌম্য শিক্ষিকা হওয়ার জন্য পড়াশোনা করছে।');

    const missing = await runDawn(
      ['calendar', 'render', '--year', '2027', '--out', path.join(dir, 'no.pdf')],
      { ...env, DAWN_CHROMIUM_PATH: '/nonexistent/chromium' },
      120_000,
    );
    expect(missing.code).toBe(1);
    const lastLine = missing.stderr.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toContain('apt-get install -y chromium fonts-noto-core');
    expect(fs.existsSync(path.join(dir, 'no.pdf'))).toBe(false);
  }, 300_000);
});
