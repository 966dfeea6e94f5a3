import { DomainError, type AuditEntityType, type Permission, type Scope } from '@dawn/core';
import type { Kysely } from 'kysely';
import { recordAuditAlone } from '../audit/audit.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { currentContext } from '../request-context.ts';
import type { Actor } from './actor.ts';

/**
 * The one module that answers "may this actor do this?". Deny by default; what the caller may not
 * see is NOT_FOUND (a 404), so a denial never confirms that a record exists. Denials are audited.
 */
export function scopeOf(actor: Actor | undefined, permission: Permission): Scope | undefined {
  return actor?.grants[permission];
}

export function can(actor: Actor | undefined, permission: Permission): boolean {
  return scopeOf(actor, permission) !== undefined;
}

/** The signed-in actor, or UNAUTHENTICATED. */
export function requireActor(): Actor {
  const actor = currentContext()?.actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
  return actor;
}

export interface Denial {
  permission: Permission;
  entityType?: AuditEntityType;
  entityId?: string;
}

/** Audits the denial, then throws NOT_FOUND. */
export async function deny(db: Kysely<DatabaseSchema>, denial: Denial): Promise<never> {
  await recordAuditAlone(db, {
    action: 'access.denied',
    outcome: 'denied',
    ...(denial.entityType ? { entityType: denial.entityType } : {}),
    ...(denial.entityId ? { entityId: denial.entityId } : {}),
    details: { permission: denial.permission },
  });
  throw new DomainError('NOT_FOUND', 'Not found.');
}

/**
 * The first line of every use-case: the actor must be signed in and hold the permission.
 * Returns the actor and the scope that the repository must apply.
 */
export async function requirePermission(
  db: Kysely<DatabaseSchema>,
  permission: Permission,
  entity?: { type: AuditEntityType; id: string },
): Promise<{ actor: Actor; scope: Scope }> {
  const actor = requireActor();
  const scope = scopeOf(actor, permission);
  if (scope === undefined) {
    return deny(db, {
      permission,
      ...(entity ? { entityType: entity.type, entityId: entity.id } : {}),
    });
  }
  return { actor, scope };
}
