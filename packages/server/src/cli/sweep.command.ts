import { cliRuntime } from './cli-runtime.ts';
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../platform/config.ts';
import { smtpMailer } from '../features/notifications/mailer.ts';
import { drainOutbox, outboxBacklog } from '../features/notifications/outbox.ts';
import { obligationSources } from '../features/obligations/obligation-sources.ts';
import { sweepObligations } from '../features/obligations/obligation.sweep.ts';
import { withDeps } from './cli-context.ts';
import { withDatabase } from './open-database.ts';
import { UsageError } from './usage-error.ts';

function instant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(
      `expected a date-time such as 2025-06-01T12:00:00+05:30, got "${value}"`,
    );
  }
  return date;
}

/** `dawn sweep` and `dawn outbox drain`: what the server's timers do, run once by hand or by cron. */
export function sweepCommand(loadConfig: () => Config): Command {
  return new Command('sweep')
    .description(
      'recompute every case’s statutory deadlines, raise due alerts and queue their e-mails',
    )
    .option('--as-of <date-time>', 'evaluate as of this moment instead of now', instant)
    .action(async (options: { asOf?: Date }) => {
      const config = loadConfig();
      await withDeps(config, async (deps) => {
        const result = await sweepObligations(
          deps.db,
          config,
          obligationSources(deps.vault),
          options.asOf,
        );
        cliRuntime().stdout.write(
          `Swept ${result.cases} cases: ${result.obligations} obligations, ${result.alerts} new alerts, ${result.emailsQueued} e-mails queued.\n`,
        );
      });
    });
}

export function outboxCommand(loadConfig: () => Config): Command {
  const outbox = new Command('outbox').description('the e-mail outbox');
  outbox
    .command('drain')
    .description('send the e-mails that are due through DAWN_SMTP_URL')
    .action(async () => {
      const config = loadConfig();
      const mailer = smtpMailer(config);
      if (!mailer)
        throw new UsageError('DAWN_SMTP_URL is not set, so there is no server to send through');
      try {
        await withDatabase(config, async (database) => {
          const result = await drainOutbox(database.db, mailer);
          const backlog = await outboxBacklog(database.db);
          cliRuntime().stdout.write(
            `Sent ${result.sent}, failed ${result.failed}; ${backlog.pending} waiting, ${backlog.failed} given up after repeated failures.\n`,
          );
        });
      } finally {
        mailer.close();
      }
    });
  return outbox;
}
