import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDawn, startDawn } from './dawn-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-data-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one data directory, one Dawn process (pglite)', () => {
  it('refuses a second process while the first runs, and the first keeps working', async () => {
    const first = await startDawn({ DAWN_DATA_DIR: dir });
    try {
      const second = await runDawn(['serve'], { DAWN_DATA_DIR: dir, DAWN_PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`another Dawn process (pid ${first.child.pid}) is using`);

      const migrate = await runDawn(['migrate'], { DAWN_DATA_DIR: dir });
      expect(migrate.code).toBe(1);

      const about = await fetch(`${first.url}/api/system/about`);
      expect(about.status).toBe(200);
      expect(await about.json()).toMatchObject({
        readiness: { status: 'ready' },
        demoOrganisation: true,
      });
    } finally {
      expect((await first.stop()).code).toBe(0);
    }
    expect(fs.existsSync(path.join(dir, 'dawn.lock'))).toBe(false);
  });
});
