/**
 * The roles of Dawn's access model (docs/security.md). Roles are additive: one person in a small NGO may hold
 * several. What each role may do (its permissions and scopes) is defined with the access module.
 */
export const ROLES = [
  'social_worker',
  'counsellor',
  'shelter_staff',
  'legal_officer',
  'program_manager',
  'partner_official',
  'analyst',
  'auditor',
  'admin',
  // Stories and the calendar (issue 13): pseudonymised stories only, never case data or identities.
  'communications',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
