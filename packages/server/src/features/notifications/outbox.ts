import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Mailer } from './mailer.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * E-mail goes through an outbox: the change that causes a message writes it in the same
 * transaction, and a drainer sends it later. A crash never loses a message or sends half of a
 * transaction's; a failing SMTP server delays mail, it doesn't fail the user's request.
 */
export async function enqueueEmail(
  db: Executor,
  email: { userId: string | null; to: string; subject: string; text: string },
): Promise<void> {
  await db
    .insertInto('outbox_email')
    .values({
      user_id: email.userId,
      to_address: email.to,
      subject: email.subject,
      body_text: email.text,
    })
    .execute();
}

/**
 * The same for many messages, in one statement of four array parameters however many there are
 * (a programme's first sweep queues hundreds of thousands).
 */
export async function enqueueEmails(
  db: Executor,
  emails: readonly { userId: string | null; to: string; subject: string; text: string }[],
): Promise<void> {
  if (emails.length === 0) return;
  await sql`insert into outbox_email (user_id, to_address, subject, body_text)
    select * from unnest(${emails.map((email) => email.userId)}::uuid[],
      ${emails.map((email) => email.to)}::text[], ${emails.map((email) => email.subject)}::text[],
      ${emails.map((email) => email.text)}::text[])`.execute(db);
}

const CLAIM_SECONDS = 120;
const MAX_ATTEMPTS = 8;

/** Minutes to wait after the n-th failure: 1, 2, 4 … capped at six hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

export interface DrainResult {
  sent: number;
  failed: number;
}

/**
 * Sends what is due. Each message is claimed first (claimed_until), so two drainers — two server
 * nodes, or a CLI run beside a server — never send one twice, and a drainer that dies mid-send
 * leaves its claim to expire and the message to be retried.
 */
export async function drainOutbox(
  db: Kysely<DatabaseSchema>,
  mailer: Mailer,
  options: { now?: Date; batch?: number } = {},
): Promise<DrainResult> {
  // The database's clock decides what is due: it wrote next_attempt_at, to the microsecond.
  const now = options.now ? sql<Date>`${options.now.toISOString()}::timestamptz` : sql<Date>`now()`;
  const claimedUntil = sql<Date>`${now} + make_interval(secs => ${CLAIM_SECONDS})`;
  const claimed = await db
    .updateTable('outbox_email')
    .set({ claimed_until: claimedUntil })
    .where(
      'id',
      'in',
      db
        .selectFrom('outbox_email')
        .select('id')
        .where('sent_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('created_at')
        .limit(options.batch ?? 50)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'to_address', 'subject', 'body_text', 'attempts'])
    .execute();
  const result: DrainResult = { sent: 0, failed: 0 };
  for (const email of claimed) {
    try {
      await mailer.send({ to: email.to_address, subject: email.subject, text: email.body_text });
      await db
        .updateTable('outbox_email')
        .set({
          sent_at: new Date(),
          claimed_until: null,
          attempts: email.attempts + 1,
          last_error: null,
        })
        .where('id', '=', email.id)
        .execute();
      result.sent += 1;
    } catch (error) {
      const attempts = email.attempts + 1;
      // SMTP errors name the server's reply, never the message's content.
      const reason = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      await db
        .updateTable('outbox_email')
        .set({
          attempts,
          claimed_until: null,
          last_error: reason,
          next_attempt_at: sql<Date>`now() + make_interval(mins => ${retryDelayMinutes(attempts)})`,
        })
        .where('id', '=', email.id)
        .execute();
      result.failed += 1;
    }
  }
  return result;
}

export async function outboxBacklog(
  db: Kysely<DatabaseSchema>,
): Promise<{ pending: number; failed: number }> {
  const row = await db
    .selectFrom('outbox_email')
    .select([
      sql<string>`count(*) filter (where sent_at is null and attempts < ${MAX_ATTEMPTS})`.as(
        'pending',
      ),
      sql<string>`count(*) filter (where sent_at is null and attempts >= ${MAX_ATTEMPTS})`.as(
        'failed',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), failed: Number(row.failed) };
}
