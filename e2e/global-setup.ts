import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDawn } from '../packages/server/test/dawn-process.ts';

/**
 * Once per browser run, before any story: an installation after its first start (migrated, the
 * fictional demo organisation seeded, each demo user given a one-time password), stopped cleanly.
 * seeded-dawn.ts copies it for each story file instead of migrating and seeding again: the first
 * start was most of a story file's time (67 s against 25 s for a later start, at load 10).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded installation to copy, and what its first start printed. */
    dawnSeededInstallation: { dataDir: string; firstStartOutput: string };
  }
}

type Teardown = () => void;

export default async function setup(project: TestProject): Promise<Teardown> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-seeded-'));
  const dataDir = path.join(root, 'data');
  // Seeding on a shared machine under load can take minutes.
  const server = await startDawn({ DAWN_DATA_DIR: dataDir, DAWN_DEMO_SEED: 'auto' }, 360_000);
  const finished = await server.stop();
  if (finished.code !== 0)
    throw new Error(`the seeded installation did not stop cleanly: ${finished.stderr}`);
  project.provide('dawnSeededInstallation', { dataDir, firstStartOutput: server.output() });
  return () => fs.rmSync(root, { recursive: true, force: true });
}
