import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Tables of migration 0004: legal cases, their events, claims, hearings feed, rescue operations. */
export interface LegalCaseTable {
  id: Generated<string>;
  organisation_id: string;
  fir_police_station_id: string | null;
  fir_number: string | null;
  fir_year: number | null;
  fir_date: ColumnType<string | null, string | null | undefined, string | null>;
  zero_fir: Generated<boolean>;
  cnr: string | null;
  court_id: string | null;
  forum: 'magistrate' | 'sessions' | 'special-pocso' | null;
  offences: ColumnType<string[], string[] | undefined, string[]>;
  investigating_officer_id: string | null;
  public_prosecutor_id: string | null;
  advocate_id: string | null;
  stage: Generated<string>;
  accused_in_custody: Generated<number>;
  next_hearing_at: Date | null;
  next_hearing_purpose: string | null;
  last_event_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The deadline regime of the case's stored obligations (migration 0026); null until swept. */
  deadline_regime: Generated<string | null>;
  deadline_regime_explanation: Generated<string | null>;
  /**
   * Migration 0029g: bumped by triggers whenever what the deadline engine reads changes; the
   * version, next change and instant the stored obligations were computed from.
   */
  deadline_inputs_version: Generated<string | number>;
  deadline_swept_version: Generated<string | number | null>;
  deadline_next_change_at: Generated<Date | null>;
  deadline_evaluated_at: Generated<Date | null>;
}

export interface LegalCasePartyTable {
  legal_case_id: string;
  ref: string;
  role: 'victim' | 'accused';
  person_id: string;
  added_at: Generated<Date>;
}

export interface LegalCaseEventTable {
  id: Generated<string>;
  legal_case_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  supersedes_id: string | null;
}

export interface LegalCaseEventOfficialTable {
  event_id: string;
  official_id: string;
}

export interface LegalCaseShareTable {
  legal_case_id: string;
  organisation_id: string;
  shared_by: string | null;
  shared_at: Generated<Date>;
}

// bigint columns come back as strings from PostgreSQL: read them through Number().
type Money = ColumnType<string | number, number, number>;
type MaybeMoney = ColumnType<string | number | null, number | null, number | null>;

export interface CompensationClaimTable {
  legal_case_id: string;
  victim_ref: string;
  scheme: string;
  authority: string | null;
  status: string;
  applied_at: Date | null;
  amount_applied: MaybeMoney;
  interim_at: Date | null;
  amount_interim: MaybeMoney;
  awarded_at: Date | null;
  amount_sanctioned: MaybeMoney;
  disbursed_at: Date | null;
  amount_disbursed: Money;
  days_order_to_payment: number | null;
  /** The case's place, kept by triggers for the dashboard (migration 0029c); never written here. */
  organisation_id: ColumnType<string | null, never, never>;
  police_station_id: ColumnType<string | null, never, never>;
  court_id: ColumnType<string | null, never, never>;
}

export interface TestimonyPreparationTable {
  id: Generated<string>;
  legal_case_id: string;
  victim_ref: string;
  care_case_id: string | null;
  held_at: Date;
  for_hearing_at: Date | null;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  conducted_by: string | null;
  created_at: Generated<Date>;
}

export interface CalendarFeedTable {
  user_id: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export type RescueLegalBasis = 'ITPA:15' | 'ITPA:16' | 'BNSS:search' | 'other';

export interface RescueOperationTable {
  id: Generated<string>;
  organisation_id: string;
  occurred_at: Date;
  district: string;
  location_sealed: string | null;
  legal_basis: RescueLegalBasis;
  police_unit_id: string | null;
  official_ids: ColumnType<string[], string[] | undefined, string[]>;
  ngo_staff_ids: ColumnType<string[], string[] | undefined, string[]>;
  legal_case_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  /** Migration 0021c: a keyed hash of the normalised address, to compare premises. */
  location_hash: Generated<string | null>;
}

export interface RescueOperationPersonTable {
  rescue_operation_id: string;
  person_id: string;
  role: 'rescued' | 'arrested';
}

export interface RescueOperationShareTable {
  rescue_operation_id: string;
  organisation_id: string;
  shared_at: Generated<Date>;
}

export interface LegalCaseTables {
  legal_case: LegalCaseTable;
  legal_case_party: LegalCasePartyTable;
  legal_case_event: LegalCaseEventTable;
  legal_case_event_official: LegalCaseEventOfficialTable;
  legal_case_share: LegalCaseShareTable;
  compensation_claim: CompensationClaimTable;
  testimony_preparation: TestimonyPreparationTable;
  calendar_feed: CalendarFeedTable;
  rescue_operation: RescueOperationTable;
  rescue_operation_person: RescueOperationPersonTable;
  rescue_operation_share: RescueOperationShareTable;
}
