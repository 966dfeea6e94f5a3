import type { Scope } from '@dawn/core';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { DocumentEntityType } from '../../platform/db/schema-documents.ts';

/**
 * "May this caller see the thing a document is attached to?" Each entity type answers for itself,
 * with the scope of the caller's document permission. Until a type is registered, its documents
 * are NOT_FOUND to everyone. A feature registers its type with one call, at module level in its
 * repository (see README.md):
 *
 *   documentEntityVisibility.register('care_case', (db, actor, scope, id) => isCareCaseVisible(…));
 *
 * This module imports no feature: the repositories that register import it, and person
 * visibility is built from theirs, so an import back from here would be a cycle in which
 * `register` could run before the registry exists.
 */
export type EntityVisibilityCheck = (
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  entityId: string,
) => Promise<boolean>;

const checks = new Map<DocumentEntityType, EntityVisibilityCheck>();

export const documentEntityVisibility = {
  register(entityType: DocumentEntityType, check: EntityVisibilityCheck): void {
    const existing = checks.get(entityType);
    if (existing !== undefined && existing !== check)
      throw new Error(`document visibility for ${entityType} is already registered`);
    checks.set(entityType, check);
  },

  /** false for an entity that does not exist, is out of scope, or whose type is not registered. */
  async isVisible(
    db: Kysely<DatabaseSchema>,
    actor: Actor,
    scope: Scope,
    entityType: DocumentEntityType,
    entityId: string,
  ): Promise<boolean> {
    const check = checks.get(entityType);
    return check ? check(db, actor, scope, entityId) : false;
  },
};
