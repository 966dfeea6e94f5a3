import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { startServer, type RunningServer } from '../server.ts';

function startupMessage(config: Config, server: RunningServer): string {
  const where =
    server.database.kind === 'pglite'
      ? `PGlite in ${config.dataDir}`
      : `PostgreSQL at ${server.database.location}`;
  const lines = ['', `Dawn is running on ${server.url} (${where}).`];
  if (server.demoSeeded) {
    lines.push('First start: seeded the fictional demo organisation "Demo Aalo Foundation".');
  }
  if (server.createdKeyFile) {
    lines.push(
      '',
      '!! A new master key was created: ' + server.createdKeyFile,
      '!! Back it up now, somewhere other than this machine. Without it the identity vault',
      '!! cannot be read, and no one can recover it.',
    );
  }
  if (server.auditTrailAlterable) {
    lines.push(
      '',
      '!! The server connects to PostgreSQL as a role that owns the audit trail and could switch',
      '!! off its append-only guard. Connect as an app role instead (DAWN_DB_APP_ROLE and',
      '!! DAWN_MIGRATION_DATABASE_URL; see docs/security.md).',
    );
  }
  if (server.credentials.length > 0) {
    lines.push(
      '',
      'Sign in with these one-time passwords (shown only now; each must be changed at first sign-in):',
    );
    const width = Math.max(...server.credentials.map((credential) => credential.email.length));
    for (const credential of server.credentials) {
      lines.push(
        `  ${credential.email.padEnd(width)}  ${credential.oneTimePassword}  (${credential.roles.join(', ')})`,
      );
    }
  }
  // Said on every start: a password printed once is easily lost (issue 12 §12).
  const stopFirst = server.database.kind === 'pglite' ? 'stop Dawn, then run' : 'run';
  lines.push(
    '',
    `Lost a password? ${stopFirst}: npx dawn user reset-password <email>`,
    '(it prints a new password that must be changed at first sign-in).',
  );
  lines.push('', `API reference: ${server.url}/api/docs`, 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

export function serveCommand(loadConfig: () => Config): Command {
  return new Command('serve')
    .description(
      'run Dawn: migrate, seed the demo organisation on first start, serve the web app and API',
    )
    .action(async () => {
      const config = loadConfig();
      const server = await startServer(config);
      // The signals are handled before the start is said: whatever waits for that line (a
      // supervisor, the tests) may stop Dawn the moment it reads it, and a SIGTERM that came
      // before `process.on` would end the process at once, its database not closed.
      const stopped = new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            process.stderr.write('Stopping immediately.\n');
            process.exit(130);
          }
          stopping = true;
          process.stdout.write(
            `\n${signal}: finishing requests in flight, then closing the database…\n`,
          );
          const timer = setTimeout(() => {
            process.stderr.write(`dawn: still busy after ${config.shutdownGraceMs} ms; exiting.\n`);
            process.exit(1);
          }, config.shutdownGraceMs);
          timer.unref();
          server
            .close()
            .then(() => {
              process.stdout.write('Dawn stopped cleanly.\n');
              resolve();
            })
            .catch((error: unknown) => {
              process.stderr.write(
                `dawn: error while stopping: ${error instanceof Error ? error.name : 'unknown'}\n`,
              );
              process.exitCode = 1;
              resolve();
            });
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      process.stdout.write(startupMessage(config, server));
      await stopped;
    });
}
