import type { Grants, Role } from '@dawn/core';

/** Who is acting: a signed-in user, or a script with one of that user's API tokens. */
export interface Actor {
  userId: string;
  organisationId: string;
  roles: Role[];
  /** Permissions with their scopes; a token's are narrowed to what it was given. */
  grants: Grants;
  via: 'session' | 'token';
  /** Present when via = 'session': the hash of the session id. */
  sessionIdHash?: string;
}
