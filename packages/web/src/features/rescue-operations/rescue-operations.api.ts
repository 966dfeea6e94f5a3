import { getJson, postJson, queryString } from '../../app/api.ts';

/**
 * The rescue-operation API as the web app uses it. Shapes mirror the server's route schemas
 * (packages/server/src/features/rescue-operations/rescue-operation.routes.ts). The location is
 * sealed: a view says only whether there is one; revealing it asks for a reason.
 */
export const LEGAL_BASES = ['ITPA:15', 'ITPA:16', 'BNSS:search', 'other'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export interface PersonReference {
  personId: string;
  pseudonym: string;
}

export interface RescueOperation {
  id: string;
  organisationId: string;
  occurredAt: string;
  district: string;
  hasLocation: boolean;
  legalBasis: LegalBasis;
  policeUnitId: string | null;
  officialIds: string[];
  ngoStaffIds: string[];
  legalCaseId: string | null;
  rescued: (PersonReference & { careCaseId: string | null })[];
  arrested: PersonReference[];
  createdAt: string;
}

export interface NewRescueOperation {
  occurredAt: string;
  district: string;
  location?: string;
  legalBasis: LegalBasis;
  policeUnitId?: string;
  officialIds: string[];
  ngoStaffIds: string[];
  rescuedPersonIds: string[];
  arrestedPersonIds: string[];
  legalCaseId?: string;
}

export interface OpenedCareCase {
  personId: string;
  careCaseId: string;
  code: string;
  opened: boolean;
}

export const RESCUE_OPERATIONS_PAGE_SIZE = 25;
export const RESCUE_OPERATIONS_QUERY_KEY = ['rescue-operations'] as const;

const operationUrl = (id: string) => `/api/rescue-operations/${encodeURIComponent(id)}`;

export const rescueOperationsApi = {
  /** One page, keyset-paged from `after` (a nextCursor); this list never counts. */
  list: (after: string | undefined) =>
    getJson<{ rescueOperations: RescueOperation[]; nextCursor: string | null }>(
      `/api/rescue-operations${queryString({ limit: RESCUE_OPERATIONS_PAGE_SIZE, after })}`,
    ),
  get: (id: string) => getJson<RescueOperation>(operationUrl(id)),
  create: (input: NewRescueOperation) => postJson<RescueOperation>('/api/rescue-operations', input),
  /** The reason goes in the body, kept in the audit trail; the answer is never cached. */
  revealLocation: (id: string, reason: string) =>
    postJson<{ location: string | null }>(
      `${operationUrl(id)}/location/reveal`,
      { reason },
      'retry',
    ),
  /** Opens care cases for every person rescued (or those named); open ones are reused. */
  openCareCases: (id: string, personIds?: string[]) =>
    postJson<{ careCases: OpenedCareCase[] }>(
      `${operationUrl(id)}/care-cases`,
      personIds ? { personIds } : {},
    ),
};

/** i18next reads colons and dots as separators: `ITPA:15` is stored as `ITPA_15`. */
export function legalBasisKey(basis: LegalBasis): `legalBasis.${string}` {
  return `legalBasis.${basis.replace(':', '_')}`;
}
