import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import { UsageError } from './usage-error.ts';
import cliProgress from 'cli-progress';
import type { Config } from '../platform/config.ts';
import { demoEmail, seedDemo } from '../features/seed/demo-seed.ts';
import {
  seedScale,
  type ScaleLegalCases,
  type ScaleProgress,
} from '../features/seed/scale-seed.ts';
import { ROLES } from '@dawn/core';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../platform/db/schema.ts';
import { positiveInteger } from './positive-integer.ts';
import { withDatabase } from './open-database.ts';
import { withDeps } from './cli-context.ts';

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
    let barTotal = 0;
    return {
      update({ done, total }) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          // Each part of a run (officials, care cases, legal cases) counts to its own total.
          if (total !== barTotal) bar.setTotal(total);
          bar.update(done);
        }
        barTotal = total;
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
    .option(
      '--legal-cases <n>',
      'with --scale: also add N synthetic legal cases (pseudonymous parties, events and their deadlines)',
      positiveInteger,
    )
    .action(
      async (options: {
        demo?: boolean;
        scale?: number;
        careCases?: number;
        legalCases?: number;
      }) => {
        for (const [value, flag] of [
          [options.careCases, '--care-cases'],
          [options.legalCases, '--legal-cases'],
        ] as const) {
          if (value !== undefined && options.scale === undefined) {
            throw new UsageError(`${flag} goes with --scale N`);
          }
        }
        if (!options.demo && options.scale === undefined) {
          throw new UsageError('say what to seed: --demo or --scale N');
        }
        const config = loadConfig();
        // Legal cases' deadlines are computed as they are seeded, which takes the vault (as
        // `dawn sweep` does); without them the database alone is enough.
        const legalCases = options.legalCases;
        if (legalCases === undefined) {
          await withDatabase(config, (database) => seed(database.db, options));
        } else {
          await withDeps(config, (deps) =>
            seed(deps.db, options, { count: legalCases, config: deps.config, vault: deps.vault }),
          );
        }
      },
    );
}

async function seed(
  db: Kysely<DatabaseSchema>,
  options: { demo?: boolean; scale?: number; careCases?: number },
  legalCases?: ScaleLegalCases,
): Promise<void> {
  if (options.demo) {
    const result = await seedDemo(db);
    if (result.seeded) {
      cliRuntime().stdout.write(
        `Seeded the fictional demo organisation: ${result.organisations} organisations, ` +
          `${result.officials} officials, ${result.users} users (${ROLES.map(demoEmail).join(', ')}).\n`,
      );
    } else {
      cliRuntime().stdout.write('The demo organisation is already seeded; nothing changed.\n');
    }
  }
  if (options.scale !== undefined) {
    const reporter = progressReporter();
    const result = await seedScale(db, options.scale, (progress) => reporter.update(progress), {
      ...(options.careCases !== undefined ? { careCases: options.careCases } : {}),
      ...(legalCases ? { legalCases } : {}),
    });
    reporter.stop();
    const cases = [
      ...(result.careCases > 0 ? [`${result.careCases} synthetic care cases`] : []),
      ...(result.legalCases > 0
        ? [`${result.legalCases} synthetic legal cases with their deadlines`]
        : []),
    ];
    cliRuntime().stdout.write(
      `Seeded ${result.officials} synthetic officials in ${result.organisations} organisations` +
        (cases.length > 0 ? `, and ${cases.join(' and ')}` : '') +
        '.\n',
    );
  }
}
