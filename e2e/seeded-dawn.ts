import fs from 'node:fs';
import { inject } from 'vitest';
import { startDawn, type RunningDawn } from '../packages/server/test/dawn-process.ts';

/** What the server keeps beside its data folder (config.ts): its master keys, its checkpoint. */
const SIBLINGS = ['-keys', '-audit-checkpoint.json'];

/**
 * Makes `dataDir` a copy of the run's seeded installation (global-setup.ts): the demo
 * organisation, its users and their one-time passwords, as after a first start, without migrating
 * and seeding again. `dataDir` may exist, but must not hold another installation.
 */
export function copySeededInstallation(dataDir: string): void {
  const seeded = inject('dawnSeededInstallation');
  fs.cpSync(seeded.dataDir, dataDir, { recursive: true });
  for (const sibling of SIBLINGS)
    fs.cpSync(`${seeded.dataDir}${sibling}`, `${dataDir}${sibling}`, { recursive: true });
}

/** Removes a data folder and what the server kept beside it. */
export function removeInstallation(dataDir: string): void {
  for (const suffix of ['', ...SIBLINGS])
    fs.rmSync(`${dataDir}${suffix}`, { recursive: true, force: true });
}

/**
 * `dawn serve` on a copy of the seeded installation in `env.DAWN_DATA_DIR` (its own folder): a
 * later start, so quicker than a first. Its output begins with what the first start printed, so
 * the demo users' one-time passwords are read from it as from a first start.
 */
export async function startSeededDawn(
  env: Record<string, string> & { DAWN_DATA_DIR: string },
  timeoutMs = 120_000,
): Promise<RunningDawn> {
  copySeededInstallation(env.DAWN_DATA_DIR);
  return withFirstStartOutput(await startDawn(env, timeoutMs));
}

/** A running server whose output begins with what the seeded installation's first start printed. */
export function withFirstStartOutput(server: RunningDawn): RunningDawn {
  const { firstStartOutput } = inject('dawnSeededInstallation');
  return { ...server, output: () => firstStartOutput + server.output() };
}
