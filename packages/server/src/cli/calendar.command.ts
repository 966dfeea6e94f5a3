import { cliRuntime } from './cli-runtime.ts';
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../platform/config.ts';
import { renderEditionOfYear } from '../features/stories/edition.service.ts';
import { websiteBundle, writeBundle } from '../features/stories/website-bundle.ts';
import { withDeps } from './cli-context.ts';

const STEPS = { collecting: 1, printing: 2, done: 3 } as const;

function year(value: string): number {
  const number = Number(value);
  if (!/^\d{4}$/.test(value) || number < 2000 || number > 2100)
    throw new InvalidArgumentError(`expected a year such as 2027, got "${value}"`);
  return number;
}

/** `dawn calendar render --year 2027 --out calendar.pdf`: the print-ready PDF of an edition. */
export function calendarCommand(loadConfig: () => Config): Command {
  const calendar = new Command('calendar').description('survivors’ story calendar editions');
  calendar
    .command('render')
    .description('print an edition to a PDF with the system Chromium')
    .requiredOption('--year <year>', 'the edition’s year', year)
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--edition <id>', 'the edition, when the year has several')
    .action(async (options: { year: number; out: string; edition?: string }) => {
      const config = loadConfig();
      const bar = new cliProgress.SingleBar(
        {
          format: 'calendar [{bar}] {percentage}% | {step}',
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 500,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(3, 0, { step: 'opening the database' });
      try {
        const result = await withDeps(config, (deps) =>
          renderEditionOfYear(deps, { year: options.year, editionId: options.edition }, (step) =>
            bar.update(STEPS[step], {
              step:
                step === 'collecting'
                  ? 'collecting stories'
                  : step === 'printing'
                    ? 'printing with Chromium'
                    : 'done',
            }),
          ),
        );
        fs.writeFileSync(options.out, result.pdf);
        bar.stop();
        cliRuntime().stdout.write(
          `Wrote ${options.out}: ${result.pages} pages of the ${options.year} calendar.\n`,
        );
      } finally {
        bar.stop();
      }
    });
  calendar
    .command('website')
    .description('write the static website bundle of the stories consented for the website')
    .requiredOption('--out <dir>', 'the directory to write the pages into')
    .action(async (options: { out: string }) => {
      const config = loadConfig();
      const files = await withDeps(config, (deps) => websiteBundle(deps));
      writeBundle(options.out, files);
      cliRuntime().stdout.write(
        `Wrote ${files.length - 1} stories and an index to ${options.out}.\n`,
      );
    });
  return calendar;
}
