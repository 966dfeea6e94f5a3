import { cliRuntime } from './cli-runtime.ts';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import {
  auditExport,
  exportRequestSchema,
  writeExportFile,
  type ExportProgress,
  type ExportSummary,
} from '../features/exports/export.service.ts';
import { withDeps } from './cli-context.ts';
import { UsageError } from './usage-error.ts';

function progressBar(): { update: ExportProgress; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'exporting [{bar}] {percentage}% | {value}/{total} | {phase} | eta {eta}s',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, phase) {
        if (!started) {
          bar.start(total, done, { phase });
          started = true;
        } else bar.update(done, { phase });
      },
      stop: () => bar.stop(),
    };
  }
  // Not a terminal (cron, logs): a line at every tenth.
  let lastTenth = -1;
  return {
    update(done, total, phase) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      cliRuntime().stderr.write(`exporting ${done}/${total} (${phase})\n`);
    },
    stop: () => undefined,
  };
}

/** The summary printed after an export: counts only, never a row. */
export function describeSummary(summary: ExportSummary, out: string): string {
  const lines = [`Wrote ${summary.rows} rows to ${out} (${summary.dataset}, ${summary.format}).`];
  if (summary.dataset === 'ctdc') {
    lines.push(
      `k = ${summary.k}: ${summary.recordsIn} case-persons read, ${summary.recordsSuppressed} records and ${summary.cellsSuppressed} cells suppressed.`,
      `Equivalence classes (size × how many): ${
        summary.classSizes.map(([size, count]) => `${size}×${count}`).join(', ') || 'none'
      }.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const cliOptions = z.object({
  out: z.string().min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  org: z.uuid('--org: is not an organisation id').optional(),
  format: z.string().optional(),
  k: z.string().optional(),
});

export function exportCommand(loadConfig: () => Config): Command {
  return new Command('export')
    .description(
      'write the HTCDS 2.0 export or the CTDC-style anonymised dataset to a file, streamed; audited',
    )
    .argument('<dataset>', 'htcds or ctdc')
    .requiredOption('--out <file>', 'where to write')
    .option('--format <format>', 'csv (default) or jsonl')
    .option('--from <date>', 'registered on or after this day, YYYY-MM-DD (Asia/Kolkata)')
    .option('--to <date>', 'registered on or before this day, YYYY-MM-DD (Asia/Kolkata)')
    .option('--org <id>', 'one organisation only (default: the whole installation)')
    .option('--k <k>', 'ctdc: each combination at least k times (at least 11; default 11)')
    .action(async (dataset: string, rawOptions: unknown) => {
      const options = cliOptions.safeParse(rawOptions);
      if (!options.success) {
        throw new UsageError(options.error.issues[0]?.message ?? 'invalid options');
      }
      const request = exportRequestSchema.safeParse({
        dataset,
        format: options.data.format,
        from: options.data.from,
        to: options.data.to,
        k: options.data.k,
      });
      if (!request.success) {
        const issue = request.error.issues[0];
        const option = issue?.path[0] === 'dataset' ? '<dataset>' : `--${String(issue?.path[0])}`;
        throw new UsageError(`${option}: ${issue?.message ?? 'is not valid'}`);
      }
      const out = resolve(options.data.out);
      const config = loadConfig();
      await withDeps(config, async (deps) => {
        const bar = progressBar();
        let summary: ExportSummary;
        try {
          summary = await writeExportFile(
            deps.db,
            request.data,
            options.data.org ?? null,
            out,
            bar.update,
          );
        } finally {
          bar.stop();
        }
        // One organisation's data is that organisation's to see in its trail; every
        // organisation's at once, the installation's.
        await auditExport(deps.db, request.data, options.data.org ?? null, summary, {
          userId: null,
          organisationId: options.data.org ?? null,
        });
        cliRuntime().stdout.write(describeSummary(summary, out));
      });
    });
}
