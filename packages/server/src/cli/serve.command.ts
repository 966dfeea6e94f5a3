import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { startServer } from '../server.ts';

export function serveCommand(loadConfig: () => Config): Command {
  return new Command('serve')
    .description(
      'run Dawn: migrate, seed the demo organisation on first start, serve the web app and API',
    )
    .action(async () => {
      const config = loadConfig();
      const server = await startServer(config);
      const where =
        server.database.kind === 'pglite'
          ? `PGlite in ${config.dataDir}`
          : `PostgreSQL at ${server.database.location}`;
      process.stdout.write(
        [
          '',
          `Dawn is running on ${server.url} (${where}).`,
          server.demoSeeded
            ? 'First start: seeded the fictional demo organisation "Demo Aalo Foundation".'
            : '',
          'Sign-in comes with the next release; until then the page shows this installation and its health.',
          `API reference: ${server.url}/api/docs`,
          'Press Ctrl-C to stop.',
          '',
        ]
          .filter((line, index, lines) => line !== '' || index === 0 || index === lines.length - 1)
          .join('\n'),
      );
      await new Promise<void>((resolve) => {
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
    });
}
