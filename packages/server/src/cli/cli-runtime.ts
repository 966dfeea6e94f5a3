import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';

/** Where a command writes its text: the process's standard output or error, or a collector. */
export interface CliOutput {
  write(text: string): unknown;
}

/**
 * What a `dawn` command takes from the process it runs in: its output, its input, its settings
 * and how it opens its database. A terminal's `dawn` uses the process's own (`processRuntime`);
 * `main(argv, runtime)` can be given others, so that many commands can run in one process on one
 * open database (the test suite's CLI stories: a real `dawn` process costs seconds of CPU, most
 * of it starting PGlite).
 */
export interface CliRuntime {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: AsyncIterable<Buffer | string>;
  /** The environment the configuration is read from. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Opens the configured database with every migration applied; the command closes what it is
   * given when it is done.
   */
  readonly openDatabase: (config: Config) => Promise<Database>;
}

export const processRuntime: CliRuntime = {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: reading process.stdin opens it, which only the commands that read input should do.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  // Loaded only when a command opens its database, so that `dawn --version` loads almost nothing.
  openDatabase: async (config) =>
    (await import('../platform/db/open-migrated-database.ts')).openMigratedDatabase(config),
};

const current = new AsyncLocalStorage<CliRuntime>();

/** Runs `work` (one `dawn` command line) with `runtime` as its process. */
export function runWithCliRuntime<T>(runtime: CliRuntime, work: () => Promise<T>): Promise<T> {
  return current.run(runtime, work);
}

/** The runtime of the command line running now; the process's own outside `main`. */
export function cliRuntime(): CliRuntime {
  return current.getStore() ?? processRuntime;
}
