import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { sendDueWebhooks } from './webhook.sender.ts';

const SEND_EVERY_MS = 5_000;

/**
 * The server's webhook sender: every 5 s, the due deliveries of the outbox. A run never overlaps
 * the previous one. Stopping aborts a run in progress; the claims it held lapse and the next
 * start delivers them, so a restart loses nothing.
 */
export function startWebhookSender(options: {
  db: Kysely<DatabaseSchema>;
  vault: Vault;
  config: Config;
  logger: FastifyBaseLogger;
}): { stop(): Promise<void> } {
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running || controller.signal.aborted) return;
    running = (async () => {
      try {
        const outcome = await sendDueWebhooks(options.db, options.vault, {
          allowPrivateAddresses: options.config.webhookAllowPrivateAddresses,
          signal: controller.signal,
        });
        if (outcome.delivered + outcome.retried + outcome.failed > 0)
          options.logger.info({ job: 'webhooks', ...outcome }, 'webhooks sent');
      } catch (error) {
        if (!controller.signal.aborted)
          options.logger.error({ job: 'webhooks', err: error }, 'webhook sending failed');
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, SEND_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
