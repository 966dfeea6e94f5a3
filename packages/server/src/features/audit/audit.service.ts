import { AUDIT_ACTIONS, type Scope } from '@dawn/core';
import { sql } from 'kysely';
import { requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';

export interface AuditQuery {
  userId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  /** Cursor: entries with a smaller id than this (newest first). */
  before?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  outcome: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/**
 * Whose entries a page holds: one organisation's (an auditor's, or an operator's `--org`), the
 * installation's own (`null`: what no organisation's trail holds), or every entry.
 */
export type AuditTrailOf = { organisationId: string | null } | 'everything';

/** The trail an auditor with `scope` reads. */
export function trailOf(actor: Actor, scope: Scope): AuditTrailOf {
  return scope === 'all' ? 'everything' : { organisationId: actor.organisationId };
}

/**
 * A page of a trail, newest first, one row more than asked (there is a next page when it comes
 * back). Each filter reads an index that matches it and the order (migration 0037k).
 */
export function auditPage(db: Executor, trail: AuditTrailOf, query: AuditQuery) {
  let select = db
    .selectFrom('audit_event')
    .leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
    .select([
      'audit_event.id',
      'audit_event.occurred_at',
      'audit_event.actor_user_id',
      'audit_event.actor_organisation_id',
      'app_user.display_name',
      'audit_event.action',
      'audit_event.outcome',
      'audit_event.entity_type',
      'audit_event.entity_id',
      'audit_event.request_id',
      'audit_event.details',
    ])
    .limit(query.limit + 1);
  // Newest first, read in that order from the index of the one user asked for, or else of the
  // organisation. Each is named as a one-element `any` and put first in the order (which, for
  // one value, is the same order): written as `=`, the planner drops the constant from the order
  // and may walk the whole trail backwards by id instead, taking the organisation's entries for
  // spread evenly through it (an idle organisation's are not; measured, docs/performance-log.md).
  // The installation's own entries are the organisation index's nulls, first in its backward
  // order.
  const organisation = trail === 'everything' ? undefined : trail.organisationId;
  if (query.userId)
    select = select
      .where(sql<boolean>`audit_event.actor_user_id = any(array[${query.userId}]::uuid[])`)
      .orderBy('audit_event.actor_user_id', 'desc');
  else if (organisation)
    select = select
      .where(sql<boolean>`audit_event.actor_organisation_id = any(array[${organisation}]::uuid[])`)
      .orderBy('audit_event.actor_organisation_id', 'desc');
  else if (organisation === null)
    select = select
      .where('audit_event.actor_organisation_id', 'is', null)
      .orderBy('audit_event.actor_organisation_id', 'desc');
  select = select.orderBy('audit_event.id', 'desc');
  if (query.userId && organisation !== undefined)
    select = select.where(
      'audit_event.actor_organisation_id',
      organisation ? '=' : 'is',
      organisation,
    );
  if (query.action) {
    // A name, or the start of names (`auth.`, every sign-in and password action): the actions it
    // names of the server's closed list, each read in order on the organisation's actions' index
    // (a start read with `like` found no index and walked the trail). One it does not name (an
    // entry of an older version) is still found by its start; % and _ typed are literal.
    const { action } = query;
    const named = AUDIT_ACTIONS.filter((known) => known.startsWith(action));
    select =
      named.length === 1
        ? select.where('audit_event.action', '=', named[0] ?? action)
        : named.length > 1
          ? select.where(sql<boolean>`audit_event.action = any(${named}::text[])`)
          : select.where('audit_event.action', 'like', `${action.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (query.entityType) select = select.where('audit_event.entity_type', '=', query.entityType);
  if (query.entityId) select = select.where('audit_event.entity_id', '=', query.entityId);
  if (query.from) select = select.where('audit_event.occurred_at', '>=', new Date(query.from));
  if (query.to) select = select.where('audit_event.occurred_at', '<', new Date(query.to));
  if (query.before !== undefined) select = select.where('audit_event.id', '<', query.before);
  return select;
}

/** The auditor's view of the trail, newest first; searching it is itself audited. */
export async function searchAudit(
  deps: Deps,
  query: AuditQuery,
): Promise<{ entries: AuditRow[]; nextBefore: number | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'audit:read');
  const rows = await auditPage(deps.db, trailOf(actor, scope), query).execute();
  const page = rows.slice(0, query.limit);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'audit.searched',
      details: {
        filters: Object.entries(query)
          .filter(([key, value]) => value !== undefined && key !== 'limit')
          .map(([key]) => key),
      },
    }),
  );
  return {
    entries: page.map((row) => ({
      id: Number(row.id),
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorUserId: row.actor_user_id,
      actorName: row.display_name,
      action: row.action,
      outcome: row.outcome,
      entityType: row.entity_type,
      entityId: row.entity_id,
      requestId: row.request_id,
      details:
        typeof row.details === 'string'
          ? (JSON.parse(row.details) as Record<string, unknown>)
          : row.details,
    })),
    nextBefore: rows.length > query.limit ? Number(page.at(-1)?.id) : null,
  };
}
