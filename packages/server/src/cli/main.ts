import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { DataDirLockedError } from '../platform/db/data-dir-lock.ts';
import { DAWN_VERSION } from '../platform/version.ts';
import { UsageError } from './usage-error.ts';
import { KeyRingError } from '../platform/vault/key-ring.ts';
import { AuditCheckpointRefused } from '../platform/audit/audit-checkpoint.ts';
import { DomainError } from '@dawn/core';
import { AuditBrokenError, auditCommand } from './audit.command.ts';
import { backupCommand, restoreCommand } from './backup.command.ts';
import { deadlinesCommand } from './deadlines.command.ts';
import { keysCommand } from './keys.command.ts';
import { migrateCommand } from './migrate.command.ts';
import { tokenCommand } from './token.command.ts';
import { userCommand } from './user.command.ts';
import { seedCommand } from './seed.command.ts';
import { serveCommand } from './serve.command.ts';
import { outboxCommand, sweepCommand } from './sweep.command.ts';
import { calendarCommand } from './calendar.command.ts';
import { identitiesCommand } from './identities.command.ts';

/** Errors a person can act on: printed as one line, exit code 1. */
function explain(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  if (error instanceof UsageError || error instanceof AuditBrokenError) return error.message;
  if (error instanceof KeyRingError || error instanceof AuditCheckpointRefused)
    return error.message;
  if (error instanceof DomainError) return error.message;
  if (error instanceof Error && error.message.startsWith('migration failed')) return error.message;
  if (
    error instanceof Error &&
    /ECONNREFUSED|ENOTFOUND|password authentication/.test(error.message)
  ) {
    return `cannot reach the PostgreSQL server in DATABASE_URL (${error.message.split('\n')[0] ?? ''})`;
  }
  return undefined;
}

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  }
  return number;
}

export function buildProgram(): Command {
  const program = new Command('dawn')
    .description('Dawn: case management for the justice system that frees and restores survivors')
    .version(DAWN_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
    });
  program.addCommand(serveCommand(loadConfig));
  program.addCommand(migrateCommand(loadConfig));
  program.addCommand(seedCommand(loadConfig));
  program.addCommand(userCommand(loadConfig));
  program.addCommand(tokenCommand(loadConfig));
  program.addCommand(keysCommand(loadConfig));
  program.addCommand(auditCommand(loadConfig));
  program.addCommand(backupCommand(loadConfig));
  program.addCommand(restoreCommand(loadConfig));
  program.addCommand(identitiesCommand(loadConfig));
  program.addCommand(deadlinesCommand());
  program.addCommand(sweepCommand(loadConfig));
  program.addCommand(outboxCommand(loadConfig));
  program.addCommand(calendarCommand(loadConfig));
  // Sub-commands (user create, keys rotate, …) end through main() the same way.
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) command.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode;
    }
    const message = explain(error);
    if (message) {
      process.stderr.write(`dawn: ${message}\n`);
      return 1;
    }
    // Unexpected: show the kind and where, not the message (it may quote stored values).
    process.stderr.write(
      `dawn: unexpected ${error instanceof Error ? error.name : 'error'}\n${error instanceof Error ? (error.stack?.split('\n').slice(1).join('\n') ?? '') : ''}\n`,
    );
    return 1;
  }
}
