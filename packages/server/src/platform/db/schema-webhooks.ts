import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Tables of migration 0019: webhook endpoints and their delivery outbox. */
export interface WebhookEndpointTable {
  id: Generated<string>;
  organisation_id: string;
  url: string;
  description: Generated<string>;
  event_types: ColumnType<string[], string[], string[]>;
  secret_sealed: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface WebhookDeliveryTable {
  id: Generated<string>;
  message_id: string;
  endpoint_id: string;
  organisation_id: string;
  event_type: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_until: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
}

/** Migration 0023: the keys of events published once per thing (`obligation.overdue`). */
export interface WebhookEventOnceTable {
  event_key: string;
  organisation_id: string;
  published_at: Generated<Date>;
}

export interface WebhookTables {
  webhook_endpoint: WebhookEndpointTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_event_once: WebhookEventOnceTable;
}
