import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type {
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from '../../platform/db/schema-webhooks.ts';

export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;
export type EndpointRow = Selectable<WebhookEndpointTable>;
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

export async function insertEndpoint(
  db: Executor,
  values: {
    organisationId: string;
    url: string;
    description: string;
    eventTypes: string[];
    secretSealed: string;
    createdBy: string | null;
    id: string;
  },
): Promise<EndpointRow> {
  return db
    .insertInto('webhook_endpoint')
    .values({
      id: values.id,
      organisation_id: values.organisationId,
      url: values.url,
      description: values.description,
      event_types: values.eventTypes,
      secret_sealed: values.secretSealed,
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listEndpoints(db: Executor, organisationId: string): Promise<EndpointRow[]> {
  return db
    .selectFrom('webhook_endpoint')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

export function findEndpoint(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<EndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoint')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function deactivateEndpoint(db: Executor, id: string): Promise<void> {
  await db.updateTable('webhook_endpoint').set({ active: false }).where('id', '=', id).execute();
}

/**
 * The outbox write: one delivery per active endpoint of the organisation subscribed to the type,
 * in one INSERT … SELECT, inside the caller's transaction, so an event and its deliveries commit
 * (or roll back) together.
 */
export async function enqueueDeliveries(
  db: Executor,
  event: { organisationId: string; type: string; payload: Record<string, unknown> },
): Promise<number> {
  const result = await sql`
    insert into webhook_delivery (message_id, endpoint_id, organisation_id, event_type, payload)
    select 'msg_' || replace(gen_random_uuid()::text, '-', ''), endpoint.id, endpoint.organisation_id,
      ${event.type}, ${JSON.stringify(event.payload)}::jsonb
    from webhook_endpoint endpoint
    where endpoint.organisation_id = ${event.organisationId} and endpoint.active
      and ${event.type} = any(endpoint.event_types)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The outbox write for many events of one type and organisation at once (an import batch's
 * timeline events): one delivery per event per subscribed endpoint, in one INSERT … SELECT, inside
 * the caller's transaction. Returns how many deliveries were queued.
 */
export async function enqueueDeliveriesMany(
  db: Executor,
  organisationId: string,
  type: string,
  payloads: readonly Record<string, unknown>[],
): Promise<number> {
  if (payloads.length === 0) return 0;
  const result = await sql`
    insert into webhook_delivery (message_id, endpoint_id, organisation_id, event_type, payload)
    select 'msg_' || replace(gen_random_uuid()::text, '-', ''), endpoint.id, endpoint.organisation_id,
      ${type}, event.payload
    from unnest(${payloads.map((payload) => JSON.stringify(payload))}::jsonb[]) as event(payload)
    join webhook_endpoint endpoint on endpoint.organisation_id = ${organisationId}
      and endpoint.active and ${type} = any(endpoint.event_types)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Which of `keys` were published already (`webhook_event_once`, served by its primary key). */
export async function publishedOnce(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('webhook_event_once')
    .select('event_key')
    .where('event_key', '=', sql<string>`any(${[...keys]}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.event_key));
}

/**
 * The outbox write for events that go out once per thing (an obligation turning overdue, seen by
 * every sweep after): one statement for all of `events`. Each key is recorded in
 * `webhook_event_once`; only the keys new there get deliveries, one per subscribed endpoint of
 * their organisation. Inside the caller's transaction, like {@link enqueueDeliveries}. Returns how
 * many events were new.
 */
export async function enqueueDeliveriesOnce(
  db: Executor,
  type: string,
  events: readonly { key: string; organisationId: string; payload: Record<string, unknown> }[],
): Promise<number> {
  if (events.length === 0) return 0;
  const keys = events.map((event) => event.key);
  const organisations = events.map((event) => event.organisationId);
  const payloads = events.map((event) => JSON.stringify(event.payload));
  const { rows } = await sql<{ fresh: number }>`
    with event as (
      select * from unnest(${keys}::text[], ${organisations}::uuid[], ${payloads}::jsonb[])
        as event(event_key, organisation_id, payload)),
    fresh as (
      insert into webhook_event_once (event_key, organisation_id)
      select event_key, organisation_id from event
      on conflict (event_key) do nothing
      returning event_key),
    queued as (
      insert into webhook_delivery (message_id, endpoint_id, organisation_id, event_type, payload)
      select 'msg_' || replace(gen_random_uuid()::text, '-', ''), endpoint.id,
        endpoint.organisation_id, ${type}, event.payload
      from event
      join fresh on fresh.event_key = event.event_key
      join webhook_endpoint endpoint on endpoint.organisation_id = event.organisation_id
        and endpoint.active and ${type} = any(endpoint.event_types)
      returning 1)
    select (select count(*) from fresh)::int as fresh`.execute(db);
  return rows[0]?.fresh ?? 0;
}

/**
 * Claims up to `limit` due deliveries for `claimMs`: a sender that dies holding a claim loses it
 * when the claim lapses, and the next sender delivers (at least once; receivers deduplicate on
 * webhook-id). SKIP LOCKED lets several servers send side by side.
 */
export async function claimDueDeliveries(
  db: Kysely<DatabaseSchema>,
  now: Date,
  limit: number,
  claimMs: number,
): Promise<(DeliveryRow & { url: string; secret_sealed: string })[]> {
  const { rows } = await sql<DeliveryRow & { url: string; secret_sealed: string }>`
    with due as (
      select id from webhook_delivery
      where status = 'pending' and next_attempt_at <= ${now}
        and (claimed_until is null or claimed_until <= ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    update webhook_delivery delivery
    set claimed_until = ${new Date(now.getTime() + claimMs)}
    from due, webhook_endpoint endpoint
    where delivery.id = due.id and endpoint.id = delivery.endpoint_id
    returning delivery.*, endpoint.url, endpoint.secret_sealed`.execute(db);
  return rows;
}

export async function markDelivered(
  db: Executor,
  id: string,
  statusCode: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable('webhook_delivery')
    .set((eb) => ({
      status: 'delivered',
      attempts: eb('attempts', '+', 1),
      last_status_code: statusCode,
      last_error: null,
      delivered_at: now,
      claimed_until: null,
    }))
    .where('id', '=', id)
    .execute();
}

export async function markAttemptFailed(
  db: Executor,
  id: string,
  outcome: { statusCode: number | null; error: string; nextAttemptAt: Date | null },
): Promise<void> {
  await db
    .updateTable('webhook_delivery')
    .set((eb) => ({
      status: outcome.nextAttemptAt === null ? 'failed' : 'pending',
      attempts: eb('attempts', '+', 1),
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      claimed_until: null,
      ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * The delivery log of an organisation, newest first, keyset-paged on (created_at, id). The key's
 * instant is the stored text (microseconds): a JavaScript date would cut it to milliseconds and
 * skip deliveries made in the same millisecond as a page's last.
 */
export function listDeliveries(
  db: Executor,
  organisationId: string,
  options: { endpointId?: string; after?: [string, string]; limit: number },
): Promise<(DeliveryRow & { created_at_key: string })[]> {
  let query = db
    .selectFrom('webhook_delivery')
    .selectAll()
    .select(sql<string>`webhook_delivery.created_at::text`.as('created_at_key'))
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.endpointId) query = query.where('endpoint_id', '=', options.endpointId);
  if (options.after) {
    const [createdAt, id] = options.after;
    query = query.where(
      sql<boolean>`(webhook_delivery.created_at, webhook_delivery.id) < (${createdAt}::timestamptz, ${id}::uuid)`,
    );
  }
  return query.execute();
}

export function findDelivery(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('webhook_delivery')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A redelivery: a new pending row with the same message id and payload. */
export function requeueDelivery(db: Executor, delivery: DeliveryRow): Promise<DeliveryRow> {
  return db
    .insertInto('webhook_delivery')
    .values({
      message_id: delivery.message_id,
      endpoint_id: delivery.endpoint_id,
      organisation_id: delivery.organisation_id,
      event_type: delivery.event_type,
      payload: JSON.stringify(delivery.payload),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
