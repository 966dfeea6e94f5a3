import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { CareCaseTables } from './schema-care-cases.ts';
import type { LegalCaseTables } from './schema-legal-cases.ts';
import type { DocumentTables } from './schema-documents.ts';
import type { NotificationTables } from './schema-notifications.ts';
import type { ConsentTable } from './schema-care-cases.ts';
import type { StoryConsentColumns, StoryTables } from './schema-stories.ts';
import type { TrainingTables } from './schema-trainings.ts';
import type { WebhookTables } from './schema-webhooks.ts';
import type { ImportTables } from './schema-imports.ts';

/** Kysely's view of Dawn's tables. Each migration that changes a table updates its type here. */
export interface InstallationTable {
  key: string;
  value: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type OrganisationKind =
  | 'ngo'
  | 'police_station'
  | 'ahtu'
  | 'court'
  | 'cwc'
  | 'shelter_home'
  | 'dlsa'
  | 'hospital'
  | 'school'
  | 'training_provider';

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  district: string | null;
  state: string | null;
  country: string;
  created_at: ColumnType<Date, never, never>;
}

export interface OfficialTable {
  id: Generated<string>;
  name: string;
  designation: string;
  organisation_id: string;
  created_at: ColumnType<Date, never, never>;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  organisation_id: string;
  official_id: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  created_at: ColumnType<Date, never, never>;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  recovery_code_hashes: Generated<string[]>;
}

export type SessionStage =
  'password_change_required' | 'two_factor_required' | 'two_factor_enrolment_required' | 'active';

export interface SessionTable {
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  permissions: string[];
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Generated<Date>;
}

export interface ThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

/** Migration 0037i: a write's `Idempotency-Key`, claimed before the change is made. */
export interface IdempotentRequestTable {
  user_id: string;
  key: string;
  fingerprint: string;
  created_at: Generated<Date>;
}

export interface AuditEventTable {
  // bigserial: a string or a number depending on the driver; read it through Number().
  id: ColumnType<string | number, never, never>;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
  /** The link, written once by the chainer after the entry commits; null until then. */
  prev_hash: string | null;
  hash: string | null;
  /** The master key the entry's MAC was derived from; null on entries from before the MAC. */
  mac_key_id: string | null;
  /** The entry's position in the chain (its id for entries from before the chainer). */
  chain_seq: ColumnType<string | number | null, never, never>;
  /** Keyed MAC of the entry's own content, written with it: the chainer links only genuine entries. */
  entry_mac: string | null;
}

export interface TeamMembershipTable {
  entity_type: string;
  entity_id: string;
  user_id: string;
  added_at: Generated<Date>;
}

export interface PersonTable {
  id: Generated<string>;
  pseudonym: string;
  /** `lower(pseudonym)`, stored: what the persons list's search compares (0037d). */
  pseudonym_folded: GeneratedAlways<string>;
  organisation_id: string;
  sex: 'female' | 'male' | 'transgender' | 'other' | 'unknown';
  age_band: string;
  birth_year_estimate: number | null;
  origin_state: string | null;
  origin_country: string | null;
  languages: string[];
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface VaultKeyTable {
  purpose: string;
  key_id: string;
  wrapped: string;
  created_at: Generated<Date>;
}

export interface PersonIdentityTable {
  person_id: string;
  key_id: string;
  wrapped_data_key: string;
  ciphertext: string;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

export interface IdentityIndexTable {
  person_id: string;
  kind: string;
  token_hash: string;
}

export type RetraffickingCaseType = 'care_case' | 'rescue_operation';
export type RetraffickingStatus = 'suggested' | 'same_person' | 'different_people';

export interface RetraffickingMatchTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  case_type: RetraffickingCaseType;
  case_id: string;
  earlier_person_id: string;
  earlier_case_type: RetraffickingCaseType;
  earlier_case_id: string;
  score: number;
  status: Generated<RetraffickingStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
  pair_low: string;
  pair_high: string;
}

export interface RetraffickingSettingTable {
  organisation_id: string;
  threshold: number;
  updated_at: Generated<Date>;
}

export interface AccusedLinkTable {
  organisation_id: string;
  person_low: string;
  person_high: string;
  score: number;
  confirmed_by: string | null;
  confirmed_at: Generated<Date>;
}

export interface IdentityIndexSchemeTable {
  singleton: Generated<boolean>;
  scheme: number;
  reindexed_at: Date | null;
}

export interface DatabaseSchema
  extends
    NotificationTables,
    LegalCaseTables,
    CareCaseTables,
    DocumentTables,
    StoryTables,
    TrainingTables,
    WebhookTables,
    ImportTables {
  consent: ConsentTable & StoryConsentColumns;
  installation: InstallationTable;
  organisation: OrganisationTable;
  official: OfficialTable;
  app_user: UserTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  throttle: ThrottleTable;
  idempotent_request: IdempotentRequestTable;
  audit_event: AuditEventTable;
  team_membership: TeamMembershipTable;
  person: PersonTable;
  vault_key: VaultKeyTable;
  person_identity: PersonIdentityTable;
  identity_index: IdentityIndexTable;
  identity_index_scheme: IdentityIndexSchemeTable;
  retrafficking_match: RetraffickingMatchTable;
  retrafficking_setting: RetraffickingSettingTable;
  accused_link: AccusedLinkTable;
}
