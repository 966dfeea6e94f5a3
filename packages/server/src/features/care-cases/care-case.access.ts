import type { Permission, Scope } from '@dawn/core';
import type { Kysely } from 'kysely';
import { deny, requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { findVisibleCareCase, type CareCaseRow } from './care-case.repository.ts';

/**
 * The first line of every use-case on one care case: the permission, then the case within the
 * permission's scope. A case the caller may not see is NOT_FOUND, audited as a denial.
 */
export async function requireCareCase(
  db: Kysely<DatabaseSchema>,
  permission: Permission,
  caseId: string,
): Promise<{ actor: Actor; scope: Scope; careCase: CareCaseRow }> {
  const { actor, scope } = await requirePermission(db, permission, {
    type: 'care_case',
    id: caseId,
  });
  const careCase = await findVisibleCareCase(db, actor, scope, caseId);
  if (!careCase) return deny(db, { permission, entityType: 'care_case', entityId: caseId });
  return { actor, scope, careCase };
}
