import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import { UsageError } from './usage-error.ts';
import cliProgress from 'cli-progress';
import type { Config } from '../platform/config.ts';
import { demoEmail, seedDemo } from '../features/seed/demo-seed.ts';
import { seedScale, type ScaleProgress } from '../features/seed/scale-seed.ts';
import { ROLES } from '@dawn/core';
import { positiveInteger } from './positive-integer.ts';
import { withDatabase } from './open-database.ts';

function progressReporter(): { update(progress: ScaleProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'seeding [{bar}] {percentage}% | {value}/{total} | eta {eta}s',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update({ done, total }) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  // Not a terminal (CI, logs): a line at every tenth.
  let lastTenth = -1;
  return {
    update({ done, total }) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        cliRuntime().stderr.write(
          `seeding ${done}/${total} (${Math.round((done / total) * 100)}%)\n`,
        );
      }
    },
    stop: () => undefined,
  };
}

export function seedCommand(loadConfig: () => Config): Command {
  return new Command('seed')
    .description('add the fictional demo organisation (--demo) or synthetic bulk data (--scale N)')
    .option('--demo', 'seed the fictional demo organisation (once; a second run changes nothing)')
    .option(
      '--scale <n>',
      'add N synthetic officials with their organisations, for benchmarks',
      positiveInteger,
    )
    .option(
      '--care-cases <n>',
      'with --scale: also add N synthetic care cases (persons with pseudonyms only, and their events)',
      positiveInteger,
    )
    .action(async (options: { demo?: boolean; scale?: number; careCases?: number }) => {
      if (options.careCases !== undefined && options.scale === undefined) {
        throw new UsageError('--care-cases goes with --scale N');
      }
      if (!options.demo && options.scale === undefined) {
        throw new UsageError('say what to seed: --demo or --scale N');
      }
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        if (options.demo) {
          const result = await seedDemo(database.db);
          if (result.seeded) {
            cliRuntime().stdout.write(
              `Seeded the fictional demo organisation: ${result.organisations} organisations, ` +
                `${result.officials} officials, ${result.users} users (${ROLES.map(demoEmail).join(', ')}).\n`,
            );
          } else {
            cliRuntime().stdout.write(
              'The demo organisation is already seeded; nothing changed.\n',
            );
          }
        }
        if (options.scale !== undefined) {
          const reporter = progressReporter();
          const result = await seedScale(
            database.db,
            options.scale,
            (progress) => reporter.update(progress),
            options.careCases !== undefined ? { careCases: options.careCases } : {},
          );
          reporter.stop();
          cliRuntime().stdout.write(
            `Seeded ${result.officials} synthetic officials in ${result.organisations} organisations` +
              (result.careCases > 0 ? `, and ${result.careCases} synthetic care cases` : '') +
              '.\n',
          );
        }
      });
    });
}
