import type {
  CareCaseEventType,
  CareCasePhase,
  Instrument,
  OutcomeDomain,
  RestoredRule,
  Service,
} from '@dawn/core';
import { deleteJson, getJson, postJson, putJson, queryString } from '../../app/api.ts';
import type { Identity, Person } from '../persons/persons.api.ts';

/*
 * Mirrors of the server's care-case schemas (packages/server/src/features/{care-cases,consents,
 * care-plans,assessments,tasks}/*.schemas.ts). Ids, codes and filters go in URLs; anything about
 * the survivor travels in bodies only.
 */

export type AgeBand = Person['ageBand'];
export type Sex = Person['sex'];

export interface TaskSummary {
  id: string;
  caseId: string;
  caseCode: string;
  kind: 'assessment_due' | 'care_plan_review' | 'manual';
  title: string;
  assigneeId: string | null;
  dueAt: string;
  doneAt: string | null;
  overdue: boolean;
}

export const CONSENT_GIVERS = ['survivor', 'guardian', 'cwc'] as const;
export const CONSENT_METHODS = ['written', 'thumbprint', 'verbal_witnessed', 'cwc_order'] as const;

export interface ConsentView {
  id: string;
  purpose: string;
  givenAt: string;
  givenBy: (typeof CONSENT_GIVERS)[number];
  method: (typeof CONSENT_METHODS)[number];
  language: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  active: boolean;
}

export interface CareCaseView {
  id: string;
  code: string;
  organisationId: string;
  person: { id: string; pseudonym: string; ageBand: AgeBand; sex: Sex };
  phase: CareCasePhase;
  openedAt: string;
  rescuedAt: string | null;
  closedAt: string | null;
  closureReason: string | null;
  placement: { organisationId: string; organisationName: string } | null;
  team: { userId: string; displayName: string }[];
  nextTasks: TaskSummary[];
  activeConsents: ConsentView[];
}

export interface CaseListItem {
  id: string;
  code: string;
  pseudonym: string;
  ageBand: AgeBand;
  phase: CareCasePhase;
  openedAt: string;
  placementOrganisationName: string | null;
  overdueTasks: number;
  nextDueAt: string | null;
}

export interface CaseListFilters {
  phase?: CareCasePhase | undefined;
  shelterId?: string | undefined;
  teamMemberId?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  ageBand?: AgeBand | undefined;
  search?: string | undefined;
}

export interface EventView {
  id: string;
  type: CareCaseEventType;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string | null;
  data: Record<string, unknown>;
  supersedesId: string | null;
  supersededById: string | null;
  phaseAfter: CareCasePhase | null;
}

export interface TimelineView {
  groups: { phase: CareCasePhase; events: EventView[] }[];
  superseded: EventView[];
}

export interface NewEvent {
  type: CareCaseEventType;
  occurredAt: string;
  data: Record<string, unknown>;
  supersedes?: string;
}

export interface NewConsent {
  purpose: string;
  givenAt: string;
  givenBy: ConsentView['givenBy'];
  method: ConsentView['method'];
  language: string;
  witnessRole?: string;
  expiresAt?: string;
}

export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'discontinued'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface GoalInput {
  domain: OutcomeDomain;
  description: string;
  services: Service[];
  targetDate?: string;
  status: GoalStatus;
}

export interface CarePlanInput {
  summary: string;
  reviewDueAt?: string;
  goals: GoalInput[];
}

export interface CarePlanView {
  id: string;
  caseId: string;
  status: 'draft' | 'approved' | 'superseded';
  /** Moved on by every change; an edit sends the one it was made from (If-Match). */
  version: number;
  summary: string;
  reviewDueAt: string | null;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  goals: (Omit<GoalInput, 'targetDate'> & { id: string; targetDate: string | null })[];
}

export interface AssessmentView {
  id: string;
  caseId: string;
  kind: string;
  assessedAt: string;
  assessedBy: string | null;
  instrument: { id: string; version: number };
  domains: Record<OutcomeDomain, number>;
  subDomains: Record<string, number>;
  overall: number;
  items: Record<string, number>;
}

export interface Verdict {
  restored: boolean;
  rule: string;
  ruleIsDefault: boolean;
  qualifyingAssessmentIds: string[];
  explanation: string;
}

export interface CareSettings {
  instrument: Instrument;
  restoredRule: RestoredRule;
  restoredRuleText: string;
}

export const CASES_PAGE_SIZE = 25;

const caseUrl = (caseId: string, rest = '') =>
  `/api/care-cases/${encodeURIComponent(caseId)}${rest}`;

export const careCaseKeys = {
  all: ['care-cases'] as const,
  list: (filters: CaseListFilters, after: string | undefined) =>
    ['care-cases', 'list', filters, after] as const,
  myWork: ['care-cases', 'my-work'] as const,
  myTasks: ['care-cases', 'my-work', 'tasks'] as const,
  myCases: ['care-cases', 'my-work', 'cases'] as const,
  detail: (caseId: string) => ['care-cases', caseId] as const,
  timeline: (caseId: string, types: string[]) => ['care-cases', caseId, 'timeline', types] as const,
  consents: (caseId: string) => ['care-cases', caseId, 'consents'] as const,
  carePlans: (caseId: string) => ['care-cases', caseId, 'care-plans'] as const,
  assessments: (caseId: string) => ['care-cases', caseId, 'assessments'] as const,
  careSettings: ['care-settings'] as const,
  organisations: ['organisations'] as const,
};

export const careCasesApi = {
  /** One page, keyset-paged from `after` (a nextCursor), without counting the scope. */
  list: (filters: CaseListFilters, after: string | undefined) =>
    getJson<{ cases: CaseListItem[]; nextCursor: string | null }>(
      `/api/care-cases${queryString({ ...filters, limit: CASES_PAGE_SIZE, after, count: 'none' })}`,
    ),
  /** Every case the filters match, counted only when the user asks. */
  count: async (filters: CaseListFilters) =>
    (
      await getJson<{ total: number }>(
        `/api/care-cases${queryString({ ...filters, limit: 1, count: 'exact' })}`,
      )
    ).total,
  open: (
    body:
      | { personId: string; openedAt?: string }
      | {
          person: { sex: Sex; ageBand: AgeBand; originState?: string; identity?: Identity };
          openedAt?: string;
        },
  ) => postJson<CareCaseView>('/api/care-cases', body),
  get: (caseId: string) => getJson<CareCaseView>(caseUrl(caseId)),
  timeline: (caseId: string, types: string[]) =>
    getJson<TimelineView>(
      caseUrl(caseId, `/timeline${queryString({ types: types.join(',') || undefined })}`),
    ),
  recordEvent: (caseId: string, event: NewEvent) =>
    postJson<EventView>(caseUrl(caseId, '/events'), event),
  addTeamMember: (caseId: string, userId: string) =>
    postJson<CareCaseView>(caseUrl(caseId, '/team'), { userId }),
  removeTeamMember: (caseId: string, userId: string) =>
    deleteJson<{ removed: true }>(caseUrl(caseId, `/team/${encodeURIComponent(userId)}`)),

  consents: (caseId: string) => getJson<{ consents: ConsentView[] }>(caseUrl(caseId, '/consents')),
  recordConsent: (caseId: string, consent: NewConsent) =>
    postJson<ConsentView>(caseUrl(caseId, '/consents'), consent),
  withdrawConsent: (caseId: string, consentId: string, withdrawnAt: string) =>
    postJson<ConsentView>(caseUrl(caseId, `/consents/${encodeURIComponent(consentId)}/withdraw`), {
      withdrawnAt,
    }),

  carePlans: (caseId: string) =>
    getJson<{ carePlans: CarePlanView[] }>(caseUrl(caseId, '/care-plans')),
  createCarePlan: (caseId: string, plan: CarePlanInput) =>
    postJson<CarePlanView>(caseUrl(caseId, '/care-plans'), plan),
  /** Replaces a draft made from `version`; refused (409) when someone saved it since. */
  updateCarePlan: (caseId: string, planId: string, version: number, plan: CarePlanInput) =>
    putJson<CarePlanView>(caseUrl(caseId, `/care-plans/${encodeURIComponent(planId)}`), plan, {
      'if-match': `"${version}"`,
    }),
  approveCarePlan: (caseId: string, planId: string) =>
    postJson<CarePlanView>(caseUrl(caseId, `/care-plans/${encodeURIComponent(planId)}/approve`)),
  setGoalStatus: (caseId: string, planId: string, goalId: string, status: GoalStatus) =>
    postJson<CarePlanView>(
      caseUrl(
        caseId,
        `/care-plans/${encodeURIComponent(planId)}/goals/${encodeURIComponent(goalId)}/status`,
      ),
      { status },
    ),

  assessments: (caseId: string) =>
    getJson<{ assessments: AssessmentView[]; verdict: Verdict }>(caseUrl(caseId, '/assessments')),
  recordAssessment: (caseId: string, body: { assessedAt: string; items: Record<string, number> }) =>
    postJson<AssessmentView>(caseUrl(caseId, '/assessments'), body),
  careSettings: () => getJson<CareSettings>('/api/care-settings'),

  myCases: (after: string | undefined) =>
    getJson<{ cases: CaseListItem[]; nextCursor: string | null }>(
      `/api/my-work/cases${queryString({ limit: MY_WORK_PAGE_SIZE, after })}`,
    ),
  myTasks: (after: string | undefined) =>
    getJson<{ tasks: TaskSummary[]; nextCursor: string | null }>(
      `/api/my-work/tasks${queryString({ limit: MY_WORK_PAGE_SIZE, after })}`,
    ),
  completeTask: (taskId: string) =>
    postJson<TaskSummary>(`/api/tasks/${encodeURIComponent(taskId)}/complete`),
  /** Opens again a task marked done by mistake. */
  reopenTask: (taskId: string) =>
    postJson<TaskSummary>(`/api/tasks/${encodeURIComponent(taskId)}/reopen`),
};

/** Rows a page of My work's tasks, or of its cases, shows. */
export const MY_WORK_PAGE_SIZE = 25;
