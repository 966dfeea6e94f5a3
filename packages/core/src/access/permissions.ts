import type { Role } from '../roles.ts';

/**
 * Dawn's permissions (docs/security.md, Access). A permission says what; a scope says over which
 * records. Deny by default: a role has only what is listed here.
 */
export const PERMISSIONS = [
  'person:read',
  'person:write',
  'person:search_similar',
  'identity:write',
  'identity:reveal',
  'organisation:read',
  'user:read',
  'user:manage',
  'audit:read',
  'token:manage_own',
  'care_case:read',
  'care_case:write',
  'care_plan:approve',
  'counselling_note:read',
  'counselling_note:write',
  'assessment:write',
  'consent:write',
  'document:read',
  'document:write',
  'legal_case:read',
  'legal_case:write',
  'rescue_operation:read',
  'rescue_operation:write',
  'report:read',
  // Stories and the calendar (issue 13)
  'story:read',
  'story:write',
  'story:review',
  'edition:manage',
  'holiday:manage',
  // Trainings of justice officials and the justice-system dashboard (issue 14)
  'training:read',
  'training:write',
  'dashboard:read',
  // Data in and out (issue 16)
  'data_export:run',
  'webhook:manage',
  // Spreadsheet imports of persons, cases and participants (issue 16)
  'import:run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/**
 * Which records a grant reaches:
 * - `team`: records whose team the user is on (membership is what gives a social worker a case);
 * - `shelter`: persons placed in the user's shelter (placements arrive with care cases);
 * - `shared`: records referred or shared to the user's organisation;
 * - `organisation`: every record the user's organisation owns;
 * - `all`: no record limit (installation-wide lists such as organisations).
 */
export type Scope = 'team' | 'shelter' | 'shared' | 'organisation' | 'all';

/** Wider scopes include narrower ones when grants of several roles meet. */
const SCOPE_RANK: Record<Scope, number> = {
  shelter: 0,
  shared: 0,
  team: 1,
  organisation: 2,
  all: 3,
};

export type Grants = Partial<Record<Permission, Scope>>;

export const ROLE_GRANTS: Record<Role, Grants> = {
  social_worker: {
    'person:read': 'team',
    'person:write': 'team',
    'person:search_similar': 'organisation',
    'identity:write': 'team',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'care_case:read': 'team',
    'care_case:write': 'team',
    'assessment:write': 'team',
    'consent:write': 'team',
    'document:read': 'team',
    'document:write': 'team',
    // Case staff open care cases from their organisation's rescues, whoever recorded them.
    'rescue_operation:read': 'organisation',
    'rescue_operation:write': 'team',
    'story:read': 'team',
    'story:write': 'team',
  },
  counsellor: {
    'person:read': 'team',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'care_case:read': 'team',
    'care_case:write': 'team',
    'counselling_note:read': 'team',
    'counselling_note:write': 'team',
    'assessment:write': 'team',
    'document:read': 'team',
  },
  shelter_staff: {
    'person:read': 'shelter',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'care_case:read': 'shelter',
    'care_case:write': 'shelter',
  },
  legal_officer: {
    'person:read': 'team',
    'person:write': 'team',
    'person:search_similar': 'organisation',
    'identity:write': 'team',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'legal_case:read': 'team',
    'legal_case:write': 'team',
    'rescue_operation:read': 'team',
    'rescue_operation:write': 'team',
    'consent:write': 'team',
    'document:read': 'team',
    'document:write': 'team',
    'training:read': 'organisation',
  },
  program_manager: {
    'person:read': 'organisation',
    'person:write': 'organisation',
    'person:search_similar': 'organisation',
    'identity:write': 'organisation',
    'identity:reveal': 'organisation',
    'organisation:read': 'all',
    'user:read': 'organisation',
    'token:manage_own': 'all',
    'care_case:read': 'organisation',
    'care_case:write': 'organisation',
    'care_plan:approve': 'organisation',
    'counselling_note:read': 'organisation',
    'counselling_note:write': 'organisation',
    'assessment:write': 'organisation',
    'consent:write': 'organisation',
    'document:read': 'organisation',
    'document:write': 'organisation',
    'legal_case:read': 'organisation',
    'legal_case:write': 'organisation',
    'rescue_operation:read': 'organisation',
    'rescue_operation:write': 'organisation',
    'report:read': 'organisation',
    'story:read': 'organisation',
    'story:write': 'organisation',
    'story:review': 'organisation',
    'edition:manage': 'organisation',
    'training:read': 'organisation',
    'training:write': 'organisation',
    'dashboard:read': 'organisation',
    'data_export:run': 'organisation',
    'import:run': 'organisation',
  },
  partner_official: {
    'person:read': 'shared',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'care_case:read': 'shared',
    'legal_case:read': 'shared',
    'rescue_operation:read': 'shared',
    // Aggregates of the legal cases and rescues shared with their organisation, small numbers
    // suppressed (docs/dashboard.md).
    'dashboard:read': 'shared',
  },
  analyst: {
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'report:read': 'organisation',
    'dashboard:read': 'organisation',
    'data_export:run': 'organisation',
  },
  auditor: {
    'audit:read': 'organisation',
    'user:read': 'organisation',
    'organisation:read': 'all',
    'token:manage_own': 'all',
  },
  admin: {
    'user:read': 'all',
    'user:manage': 'all',
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'holiday:manage': 'all',
    'webhook:manage': 'organisation',
  },
  // Edits and publishes stories of the organisation; sees no case, no identity, no consent form.
  communications: {
    'organisation:read': 'all',
    'token:manage_own': 'all',
    'story:read': 'organisation',
    'story:write': 'organisation',
    'edition:manage': 'organisation',
  },
};

/** The grants of several roles together: each permission at the widest scope any role gives. */
export function grantsOf(roles: readonly Role[]): Grants {
  const grants: Grants = {};
  for (const role of roles) {
    for (const [permission, scope] of Object.entries(ROLE_GRANTS[role]) as [Permission, Scope][]) {
      const current = grants[permission];
      if (current === undefined || SCOPE_RANK[scope] > SCOPE_RANK[current])
        grants[permission] = scope;
    }
  }
  return grants;
}

/** Narrows grants to a token's permissions (a token never gets more than its user has). */
export function restrictGrants(grants: Grants, allowed: readonly Permission[]): Grants {
  return Object.fromEntries(
    Object.entries(grants).filter(([permission]) =>
      (allowed as readonly string[]).includes(permission),
    ),
  );
}
