import type { Role } from '../roles.ts';

/**
 * Dawn's permissions (DESIGN.md, Access model). A permission says what; a scope says over which
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
  },
  counsellor: {
    'person:read': 'team',
    'organisation:read': 'all',
    'token:manage_own': 'all',
  },
  shelter_staff: {
    'person:read': 'shelter',
    'organisation:read': 'all',
    'token:manage_own': 'all',
  },
  legal_officer: {
    'person:read': 'team',
    'person:write': 'team',
    'person:search_similar': 'organisation',
    'identity:write': 'team',
    'organisation:read': 'all',
    'token:manage_own': 'all',
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
  },
  partner_official: {
    'person:read': 'shared',
    'organisation:read': 'all',
    'token:manage_own': 'all',
  },
  analyst: {
    'organisation:read': 'all',
    'token:manage_own': 'all',
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
