import type {
  CustodyStatus,
  DeadlineResult,
  Forum,
  LegalCaseStage,
  LegalCaseTitleFir,
  LegalEventType,
} from '@dawn/core';
import { getJson, patchJson, postJson, queryString } from '../../app/api.ts';

/**
 * The legal-case API as the web app uses it. Shapes mirror the server's zod schemas
 * (packages/server/src/features/legal-cases/legal-case.schemas.ts): persons appear as ids and
 * pseudonyms, never by name, and filters go in query strings only because none of them is personal.
 */

export interface Reference {
  id: string;
  name: string;
}

export interface OfficialReference extends Reference {
  designation: string;
}

export interface OffenceView {
  code: string;
  title: string | null;
  defaultBailDays: 60 | 90;
  contested: boolean;
  inCatalogue: boolean;
}

export interface PartyView {
  ref: string;
  role: 'victim' | 'accused';
  personId: string;
  pseudonym: string;
  custody: CustodyStatus | null;
  custodySince: string | null;
}

export interface LegalCaseView {
  id: string;
  organisationId: string;
  /** In English, for API clients; screens compose the title from `titleFir` (legal-case-title.ts). */
  title: string;
  titleFir: LegalCaseTitleFir | null;
  fir: {
    policeStation: Reference;
    number: string;
    year: number;
    date: string | null;
    zeroFir: boolean;
  } | null;
  cnr: string | null;
  court: Reference | null;
  forum: Forum | null;
  offences: OffenceView[];
  investigatingOfficer: OfficialReference | null;
  publicProsecutor: OfficialReference | null;
  advocate: OfficialReference | null;
  stage: LegalCaseStage;
  accusedInCustody: number;
  nextHearing: { at: string; purpose: string | null } | null;
  lastEventAt: string | null;
  createdAt: string;
}

/**
 * A row of the legal-case list: what the list shows of a case (the server's
 * legalCaseListItemSchema), each field as the case's page has it; the rest is on the page.
 */
export type LegalCaseListItem = Pick<
  LegalCaseView,
  | 'id'
  | 'title'
  | 'titleFir'
  | 'cnr'
  | 'court'
  | 'offences'
  | 'stage'
  | 'accusedInCustody'
  | 'nextHearing'
>;

export interface LegalCaseDetail extends LegalCaseView {
  parties: PartyView[];
}

export interface LegalCaseFilters {
  stage?: LegalCaseStage | undefined;
  courtId?: string | undefined;
  offence?: string | undefined;
  inCustody?: 'true' | 'false' | undefined;
  hearingWithinDays?: number | undefined;
}

export interface NewLegalCase {
  fir?: {
    policeStationId: string;
    number: string;
    year: number;
    registeredAt: string;
    zeroFir: boolean;
  };
  cnr?: string;
  courtId?: string;
  forum?: Forum;
  offences: string[];
  victims: string[];
  accused: string[];
}

export interface EventView {
  id: string;
  type: LegalEventType;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  officials: OfficialReference[];
  data: Record<string, unknown>;
}

export interface NewEvent {
  type: LegalEventType;
  occurredAt: string;
  supersedes?: string;
  data: Record<string, unknown>;
}

export interface Organisation {
  id: string;
  name: string;
  kind: string;
  district: string | null;
  state: string | null;
}

export const LEGAL_CASES_PAGE_SIZE = 25;

const filterQuery = (filters: LegalCaseFilters) => ({
  stage: filters.stage,
  courtId: filters.courtId,
  offence: filters.offence,
  inCustody: filters.inCustody,
  hearingWithinDays: filters.hearingWithinDays,
});

const caseUrl = (id: string) => `/api/legal-cases/${encodeURIComponent(id)}`;

export const legalCasesApi = {
  /** One page, keyset-paged from `after` (a nextCursor), without counting the scope. */
  list: (filters: LegalCaseFilters, after?: string) =>
    getJson<{ legalCases: LegalCaseListItem[]; nextCursor: string | null }>(
      `/api/legal-cases${queryString({ ...filterQuery(filters), limit: LEGAL_CASES_PAGE_SIZE, after, count: 'none' })}`,
    ),
  /** Every case the filters match, counted only when the user asks. */
  count: async (filters: LegalCaseFilters) =>
    (
      await getJson<{ total: number }>(
        `/api/legal-cases${queryString({ ...filterQuery(filters), limit: 1, count: 'exact' })}`,
      )
    ).total,
  get: (id: string) => getJson<LegalCaseDetail>(caseUrl(id)),
  create: (input: NewLegalCase) => postJson<LegalCaseDetail>('/api/legal-cases', input),
  events: (id: string) => getJson<{ events: EventView[] }>(`${caseUrl(id)}/events`),
  recordEvent: (id: string, event: NewEvent) => postJson<EventView>(`${caseUrl(id)}/events`, event),
  /** The deadlines as the last event or sweep stored them, read as of now (overdue once past due). */
  obligations: (id: string) => getJson<DeadlineResult>(`${caseUrl(id)}/obligations`),
  addParty: (id: string, role: 'victim' | 'accused', personId: string) =>
    postJson<LegalCaseDetail>(`${caseUrl(id)}/parties`, { role, personId }),
  /** Names (or clears, with null) the investigating officer, prosecutor and advocate. */
  updateOfficials: (
    id: string,
    officials: {
      investigatingOfficerId: string | null;
      publicProsecutorId: string | null;
      advocateId: string | null;
    },
  ) => patchJson<LegalCaseDetail>(caseUrl(id), officials),
  addTeamMember: (id: string, userId: string) =>
    postJson<{ ok: true }>(`${caseUrl(id)}/team`, { userId }),
  organisations: () => getJson<{ organisations: Organisation[] }>('/api/organisations'),
};

export const LEGAL_CASES_QUERY_KEY = ['legal-cases'] as const;
