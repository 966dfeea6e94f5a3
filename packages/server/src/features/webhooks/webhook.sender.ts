import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { checkEndpointUrl } from './webhook-url.ts';
import { claimDueDeliveries, markAttemptFailed, markDelivered } from './webhook.repository.ts';

/** Attempts before a delivery is given up (the log then offers redelivery). */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;
const TIMEOUT_MS = 10_000;
const CLAIM_MS = 60_000;

/** Exponential backoff: 30 s, 1 min, 2 min, 4 min, … at most 6 h between attempts. */
export function retryDelayMs(attemptsSoFar: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attemptsSoFar - 1), LONGEST_WAIT_MS);
}

export const secretBinding = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export interface SenderOptions {
  allowPrivateAddresses: boolean;
  now?: Date;
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Sends the due deliveries once: claims a batch, signs each body per Standard Webhooks
 * (HMAC-SHA256 over `id.timestamp.body`; headers webhook-id, webhook-timestamp,
 * webhook-signature), POSTs it, and records the outcome. 2xx is delivered; anything else is
 * retried with exponential backoff until MAX_ATTEMPTS. Bodies hold no identity, and neither does
 * what is logged or stored about a failure (a status code or a short error name).
 */
export async function sendDueWebhooks(
  db: Kysely<DatabaseSchema>,
  vault: Vault,
  options: SenderOptions,
): Promise<{ delivered: number; retried: number; failed: number }> {
  const now = options.now ?? new Date();
  const claimed = await claimDueDeliveries(db, now, options.limit ?? 50, CLAIM_MS);
  const outcome = { delivered: 0, retried: 0, failed: 0 };
  for (const delivery of claimed) {
    if (options.signal?.aborted) break;
    const body = JSON.stringify(delivery.payload);
    let statusCode: number | null = null;
    let error: string;
    try {
      await checkEndpointUrl(delivery.url, options.allowPrivateAddresses);
      const secret = vault.openSecret(secretBinding(delivery.endpoint_id), delivery.secret_sealed);
      const sentAt = new Date();
      const signature = new Webhook(secret).sign(delivery.message_id, sentAt, body);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Dawn-Webhooks',
          'webhook-id': delivery.message_id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)])
          : AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      statusCode = response.status;
      if (response.status >= 200 && response.status < 300) {
        await markDelivered(db, delivery.id, response.status, new Date());
        outcome.delivered += 1;
        continue;
      }
      error = `HTTP ${response.status}`;
    } catch (caught) {
      // A killed sender leaves its claim to lapse; nothing is recorded for an aborted attempt.
      if (options.signal?.aborted) break;
      error =
        caught instanceof Error
          ? caught.name === 'DomainError'
            ? caught.message
            : caught.name
          : 'Error';
    }
    const attempts = delivery.attempts + 1;
    const nextAttemptAt =
      attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(attempts));
    await markAttemptFailed(db, delivery.id, { statusCode, error, nextAttemptAt });
    if (nextAttemptAt) outcome.retried += 1;
    else outcome.failed += 1;
  }
  return outcome;
}
