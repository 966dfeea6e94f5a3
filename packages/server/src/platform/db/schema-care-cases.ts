import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type {
  AssessmentSchedule,
  CareCasePhase,
  Instrument,
  OutcomeDomain,
  RestoredRule,
} from '@dawn/core';

/** Tables of migration 0003: care cases, their timeline, consents, plans, assessments, tasks. */
export interface CareCaseTable {
  id: Generated<string>;
  code: string;
  organisation_id: string;
  person_id: string;
  opened_at: Date;
  opened_by: string | null;
  phase: Generated<CareCasePhase>;
  placement_organisation_id: string | null;
  rescued_at: Date | null;
  closed_at: Date | null;
  closure_reason: string | null;
  created_at: Generated<Date>;
}

export interface CareCaseEventTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  restricted: Generated<boolean>;
  supersedes_id: string | null;
}

export interface ConsentTable {
  id: Generated<string>;
  person_id: string;
  case_id: string | null;
  purpose: string;
  given_at: Date;
  given_by: 'survivor' | 'guardian' | 'cwc';
  method: 'written' | 'thumbprint' | 'verbal_witnessed' | 'cwc_order';
  language: string;
  witness: string | null;
  document_reference: string | null;
  expires_at: Date | null;
  withdrawn_at: Date | null;
  recorded_by: string | null;
  created_at: Generated<Date>;
}

export interface CarePlanTable {
  id: Generated<string>;
  case_id: string;
  status: 'draft' | 'approved' | 'superseded';
  summary: string;
  review_due_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  approved_by: string | null;
  approved_at: Date | null;
  /** Migration 0037j: moved on by every change; an edit may name the one it was made from. */
  version: Generated<number>;
}

export type GoalStatus = 'not_started' | 'in_progress' | 'achieved' | 'discontinued';

export interface CarePlanGoalTable {
  id: Generated<string>;
  care_plan_id: string;
  domain: string;
  description: string;
  services: ColumnType<string[], string[] | undefined, string[]>;
  // A calendar date: read back as YYYY-MM-DD text (see the repository).
  target_date: ColumnType<string | Date | null, string | null, string | null>;
  status: GoalStatus;
  position: number;
}

export interface AssessmentTable {
  id: Generated<string>;
  case_id: string;
  instrument_id: string;
  instrument_version: number;
  assessed_at: Date;
  assessed_by: string | null;
  kind: string;
  domain_scores: JSONColumnType<Record<OutcomeDomain, number>>;
  sub_domain_scores: JSONColumnType<Record<OutcomeDomain, number>>;
  overall: ColumnType<string | number, number, number>;
  created_at: Generated<Date>;
}

export interface AssessmentItemScoreTable {
  assessment_id: string;
  item_key: string;
  score: number;
}

export type TaskKind = 'assessment_due' | 'care_plan_review' | 'manual';

export interface TaskTable {
  id: Generated<string>;
  case_id: string;
  kind: TaskKind;
  source_key: string | null;
  title: string;
  assignee_id: string | null;
  due_at: Date;
  done_at: Date | null;
  done_by: string | null;
  created_at: Generated<Date>;
}

export interface CareSettingTable {
  organisation_id: string;
  instrument: JSONColumnType<Instrument> | null;
  restored_rule: JSONColumnType<RestoredRule> | null;
  assessment_schedule: JSONColumnType<AssessmentSchedule> | null;
  updated_at: Generated<Date>;
}

export interface CareCaseTables {
  care_case: CareCaseTable;
  care_case_event: CareCaseEventTable;
  consent: ConsentTable;
  care_plan: CarePlanTable;
  care_plan_goal: CarePlanGoalTable;
  assessment: AssessmentTable;
  assessment_item_score: AssessmentItemScoreTable;
  task: TaskTable;
  care_setting: CareSettingTable;
}
