import { Readable } from 'node:stream';
import { main } from '../src/cli/main.ts';
import { processRuntime, type CliOutput, type CliRuntime } from '../src/cli/cli-runtime.ts';
import { stopAuditChainer } from '../src/platform/audit/audit-chainer.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { openMigratedDatabase } from '../src/platform/db/open-migrated-database.ts';
import { childEnv, type Finished } from './dawn-process.ts';

/*
 * The `dawn` command run in this process: the same program (`main`), arguments, settings, exit
 * code and text as a terminal's `dawn`, without starting a process. A real `dawn` process costs
 * about 3.3 CPU seconds on PGlite, most of it loading Dawn and starting PGlite; each CLI story
 * keeps one real process (dawn-process.ts) to show the binary works end to end, and runs its other
 * cases (error messages, exit codes, output) here (docs/performance.md, issue 11, the suite).
 */

function collector(): CliOutput & { text(): string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

function standardInput(text: string | undefined): Readable {
  return Readable.from(text === undefined ? [] : [Buffer.from(text)]);
}

async function runMain(
  args: string[],
  env: Record<string, string>,
  input: string | undefined,
  openDatabase: CliRuntime['openDatabase'],
): Promise<Finished> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(args, {
    stdout,
    stderr,
    stdin: standardInput(input),
    env: childEnv(env),
    openDatabase,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs `dawn <args>` in this process with `env` as its settings (and `input` as its standard
 * input); a command that opens the database opens and closes its own, as a process would.
 */
export function runDawnInProcess(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Finished> {
  return runMain(args, env, input, processRuntime.openDatabase);
}

export interface DawnInProcess {
  /**
   * Opens the database `env` configures (migrated), once, for the command lines `run` runs after.
   */
  open(env: Record<string, string>): Promise<void>;
  /** The open database every command runs on. */
  readonly database: Database;
  /** Runs `dawn <args>` in this process on the open database. */
  run(args: string[], input?: string): Promise<Finished>;
  /** Closes the database, if it was opened. */
  close(): Promise<void>;
}

/**
 * Many `dawn` command lines run in this process on one database: each command is given the open
 * database instead of opening its own (which on PGlite is most of a command's cost), and its
 * `close()` leaves it open for the next.
 */
export function dawnInProcess(): DawnInProcess {
  let opened: { database: Database; env: Record<string, string>; lent: Database } | undefined;
  const current = () => {
    if (!opened) throw new Error('dawnInProcess: open() it first');
    return opened;
  };
  return {
    async open(env) {
      const database = await openMigratedDatabase(loadConfig(childEnv(env)));
      const lent: Database = Object.assign(Object.create(database) as Database, {
        close: () => Promise.resolve(),
      });
      opened = { database, env, lent };
    },
    get database() {
      return current().database;
    },
    async run(args, input) {
      const { database, env, lent } = current();
      const finished = await runMain(args, env, input, () => Promise.resolve(lent));
      // A process's audit chainer ends with it; this one would link entries between commands.
      await stopAuditChainer(database.db);
      return finished;
    },
    async close() {
      if (!opened) return;
      const { database } = opened;
      opened = undefined;
      await stopAuditChainer(database.db);
      await database.close();
    },
  };
}
