import { Command, CommanderError } from 'commander';
import type { Config } from '../platform/config.ts';
import { DAWN_VERSION } from '../platform/version.ts';
import { cliRuntime, processRuntime, runWithCliRuntime, type CliRuntime } from './cli-runtime.ts';

export { positiveInteger } from './positive-integer.ts';

/** Errors a person can act on: printed as one line, exit code 1. */
async function explain(error: unknown): Promise<string | undefined> {
  if (!(error instanceof Error)) return undefined;
  // Loaded only when something went wrong, so that `dawn --version` loads almost nothing.
  const [
    { ConfigError },
    { DataDirLockedError },
    { UsageError },
    { KeyRingError },
    { AuditCheckpointRefused },
    { DomainError },
    { AuditBrokenError },
  ] = await Promise.all([
    import('../platform/config.ts'),
    import('../platform/db/data-dir-lock.ts'),
    import('./usage-error.ts'),
    import('../platform/vault/key-ring.ts'),
    import('../platform/audit/audit-checkpoint.ts'),
    import('@dawn/core'),
    import('./audit.command.ts'),
  ]);
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  if (error instanceof UsageError || error instanceof AuditBrokenError) return error.message;
  if (error instanceof KeyRingError || error instanceof AuditCheckpointRefused)
    return error.message;
  if (error instanceof DomainError) return error.message;
  if (error.message.startsWith('migration failed')) return error.message;
  if (/ECONNREFUSED|ENOTFOUND|password authentication/.test(error.message)) {
    return `cannot reach the PostgreSQL server in DATABASE_URL (${error.message.split('\n')[0] ?? ''})`;
  }
  return undefined;
}

type LoadConfig = () => Config;
type CommandLoader = (loadConfig: LoadConfig) => Promise<Command>;

/**
 * Every command, by name, in the order `dawn --help` lists them. Each module is imported only when
 * its command is run (or help lists them all), so a command loads only what it needs.
 */
const commands: ReadonlyArray<readonly [string, CommandLoader]> = [
  ['serve', async (load) => (await import('./serve.command.ts')).serveCommand(load)],
  ['migrate', async (load) => (await import('./migrate.command.ts')).migrateCommand(load)],
  ['seed', async (load) => (await import('./seed.command.ts')).seedCommand(load)],
  ['user', async (load) => (await import('./user.command.ts')).userCommand(load)],
  ['token', async (load) => (await import('./token.command.ts')).tokenCommand(load)],
  ['keys', async (load) => (await import('./keys.command.ts')).keysCommand(load)],
  ['audit', async (load) => (await import('./audit.command.ts')).auditCommand(load)],
  ['backup', async (load) => (await import('./backup.command.ts')).backupCommand(load)],
  ['restore', async (load) => (await import('./backup.command.ts')).restoreCommand(load)],
  ['identities', async (load) => (await import('./identities.command.ts')).identitiesCommand(load)],
  ['deadlines', async () => (await import('./deadlines.command.ts')).deadlinesCommand()],
  ['sweep', async (load) => (await import('./sweep.command.ts')).sweepCommand(load)],
  ['outbox', async (load) => (await import('./sweep.command.ts')).outboxCommand(load)],
  ['calendar', async (load) => (await import('./calendar.command.ts')).calendarCommand(load)],
  ['export', async (load) => (await import('./export.command.ts')).exportCommand(load)],
  ['import', async (load) => (await import('./import.command.ts')).importCommand(load)],
];

/** The names of the commands `argv` needs: its first operand's, all of them for help, or none. */
function commandsNeeded(argv: readonly string[]): ReadonlyArray<readonly [string, CommandLoader]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = commands.filter(([name]) => name === first);
  if (named.length > 0) return named;
  const onlyVersion = argv.length > 0 && argv.every((arg) => arg === '--version' || arg === '-V');
  return onlyVersion ? [] : commands;
}

/** The program with the commands `argv` needs (all of them when no argv is given). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('dawn')
    .description('Dawn: case management for the justice system that frees and restores survivors')
    .version(DAWN_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const needed = commandsNeeded(argv);
  if (needed.length > 0) {
    const { loadConfig } = await import('../platform/config.ts');
    const { env } = cliRuntime();
    const loadRuntimeConfig = () => loadConfig(env);
    for (const command of await Promise.all(needed.map(([, load]) => load(loadRuntimeConfig)))) {
      program.addCommand(command);
    }
  }
  // Sub-commands (user create, keys rotate, …) end through main() the same way, and write their
  // help and usage errors where the program does.
  const output = {
    writeErr: (text: string) => void cliRuntime().stderr.write(text),
    writeOut: (text: string) => void cliRuntime().stdout.write(text),
  };
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) {
    command.exitOverride().showHelpAfterError().configureOutput(output);
  }
  return program;
}

/**
 * Runs the CLI and resolves to the process exit code. `runtime` is the process's own unless given
 * (see cli-runtime.ts).
 */
export function main(argv: string[], runtime: CliRuntime = processRuntime): Promise<number> {
  return runWithCliRuntime(runtime, () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { stderr } = cliRuntime();
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode;
    }
    const message = await explain(error);
    if (message) {
      stderr.write(`dawn: ${message}\n`);
      return 1;
    }
    // Unexpected: show the kind and where, not the message (it may quote stored values).
    stderr.write(
      `dawn: unexpected ${error instanceof Error ? error.name : 'error'}\n${error instanceof Error ? (error.stack?.split('\n').slice(1).join('\n') ?? '') : ''}\n`,
    );
    return 1;
  }
}
