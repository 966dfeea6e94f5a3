import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import { forgetOldIdempotencyKeys } from '../../platform/idempotency.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationSource } from '../obligations/obligation-source.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import type { Mailer } from './mailer.ts';
import { drainOutbox } from './outbox.ts';

const DRAIN_EVERY_MS = 30_000;

export interface BackgroundJobs {
  /** Stops the timers and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The server's timers: the deadline sweep (every DAWN_SWEEP_INTERVAL_MINUTES, and once at start,
 * followed by forgetting the day-old answers kept for resent changes)
 * and the outbox drain (every 30 s when SMTP is configured). A run never overlaps the previous
 * one; a failure is logged (without personal data: these jobs handle none) and retried next time.
 */
export function startBackgroundJobs(options: {
  db: Kysely<DatabaseSchema>;
  config: Config;
  sources: readonly ObligationSource[];
  mailer: Mailer | undefined;
  logger: FastifyBaseLogger;
}): BackgroundJobs {
  const { db, config, sources, mailer, logger } = options;
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let busySweep = false;
  let busyDrain = false;
  let stopped = false;

  const track = (work: () => Promise<void>) => {
    const run = work().finally(() => running.delete(run));
    running.add(run);
  };
  const sweep = () =>
    track(async () => {
      if (busySweep || stopped) return;
      busySweep = true;
      try {
        const result = await sweepObligations(db, config, sources);
        logger.info({ job: 'deadline-sweep', ...result }, 'deadline sweep finished');
        // The answers kept for resent changes (idempotency.ts) are forgotten after a day.
        const forgotten = await forgetOldIdempotencyKeys(db);
        if (forgotten > 0)
          logger.info({ job: 'idempotency-keys', forgotten }, 'old keys forgotten');
      } catch (error) {
        logger.error({ job: 'deadline-sweep', err: error }, 'deadline sweep failed');
      } finally {
        busySweep = false;
      }
    });
  const drain = (outbox: Mailer) =>
    track(async () => {
      if (busyDrain || stopped) return;
      busyDrain = true;
      try {
        const result = await drainOutbox(db, outbox);
        if (result.sent + result.failed > 0)
          logger.info({ job: 'outbox', ...result }, 'outbox drained');
      } catch (error) {
        logger.error({ job: 'outbox', err: error }, 'outbox drain failed');
      } finally {
        busyDrain = false;
      }
    });

  if (config.sweepIntervalMinutes > 0) {
    sweep();
    timers.push(setInterval(sweep, config.sweepIntervalMinutes * 60_000));
  }
  if (mailer) {
    timers.push(setInterval(() => drain(mailer), DRAIN_EVERY_MS));
  } else {
    logger.warn('DAWN_SMTP_URL is not set: alert e-mails wait in the outbox until it is');
  }
  for (const timer of timers) timer.unref();

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
      mailer?.close();
    },
  };
}
