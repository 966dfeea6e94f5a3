import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ConfidenceTag, Language, StoredExplanation } from '@dawn/core';

/** Tables of migration 0006: obligations, alerts, notification preferences, the e-mail outbox. */
export interface ObligationTable {
  id: Generated<string>;
  case_type: string;
  case_id: string;
  organisation_id: string;
  case_code: string;
  obligation_key: string;
  rule: string;
  title: string;
  citation: string;
  subject: string | null;
  starts_at: Date;
  due_at: Date;
  status: 'met' | 'met_late' | 'open' | 'overdue';
  met_at: Date | null;
  consequence: string;
  confidence: ConfidenceTag;
  unconfirmed: boolean;
  responsible_role: string;
  alerts_at: ColumnType<Date[], Date[] | string, Date[] | string>;
  /** Without what the row and its rule say (core's `storedExplanation`); older rows whole. */
  explanation: JSONColumnType<StoredExplanation>;
  computed_at: Date;
  /** What the row says, hashed (migration 0026b): the sweep sends only rows whose hash changed. */
  content_hash: Generated<string | null>;
}

/**
 * Migration 0033c: per legal case and satisfying event, the deadlines it satisfied (by rule, then
 * subject) and whether it met every one in time; kept from `obligation` by its triggers.
 */
export interface SatisfiedDeadlineTable {
  legal_case_id: string;
  event_id: string;
  on_time: boolean;
  deadlines: JSONColumnType<
    { rule: string; subject: string | null; status: ObligationTable['status'] }[]
  >;
}

export type AlertKind = 'deadline_due_soon' | 'deadline_overdue';

export interface AlertTable {
  id: Generated<string>;
  user_id: string;
  kind: AlertKind;
  obligation_id: string | null;
  case_type: string;
  case_id: string;
  case_code: string;
  rule: string;
  title: string;
  subject: string | null;
  due_at: Date;
  dedupe_key: string;
  created_at: Generated<Date>;
  read_at: Date | null;
  emailed_at: Date | null;
  /** Migration 0009: set once the obligation is met, met late or no longer owed. */
  resolved_at: Generated<Date | null>;
  resolution: Generated<AlertResolution | null>;
}

export type AlertResolution = 'met' | 'met_late' | 'withdrawn';

export type EmailAlertsPreference = 'immediate' | 'daily_digest' | 'off';

export interface NotificationPreferenceTable {
  user_id: string;
  email_alerts: EmailAlertsPreference;
  last_digest_at: Date | null;
  /** Migration 0037f: the language of the user's e-mails. */
  email_language: Generated<Language>;
}

export interface OutboxEmailTable {
  id: Generated<string>;
  user_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Generated<Date>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_until: Date | null;
  sent_at: Date | null;
  last_error: string | null;
}

/** Migration 0029g: the rule pack each kind of case was last swept with. */
export interface DeadlineSweepPackTable {
  case_type: string;
  fingerprint: string;
  swept_at: Generated<Date>;
}

export interface NotificationTables {
  obligation: ObligationTable;
  satisfied_deadline: SatisfiedDeadlineTable;
  deadline_sweep_pack: DeadlineSweepPackTable;
  alert: AlertTable;
  notification_preference: NotificationPreferenceTable;
  outbox_email: OutboxEmailTable;
}
