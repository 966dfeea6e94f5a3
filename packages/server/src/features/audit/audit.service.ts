import { AUDIT_ACTIONS, type Scope } from '@dawn/core';
import { sql, type SelectQueryBuilder } from 'kysely';
import { requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
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

/** The actions of the server's closed list that a name, or the start of names, names. */
function actionsNamed(action: string): readonly string[] {
  return AUDIT_ACTIONS.filter((known) => known.startsWith(action));
}

/** The filters every form of the page narrows by the same way: a subject, dates, the cursor. */
function narrowed<QB extends SelectQueryBuilder<DatabaseSchema, 'audit_event', object>>(
  select: QB,
  query: AuditQuery,
): QB {
  let narrow = select as SelectQueryBuilder<DatabaseSchema, 'audit_event', object>;
  if (query.entityType) narrow = narrow.where('audit_event.entity_type', '=', query.entityType);
  if (query.entityId) narrow = narrow.where('audit_event.entity_id', '=', query.entityId);
  if (query.from) narrow = narrow.where('audit_event.occurred_at', '>=', new Date(query.from));
  if (query.to) narrow = narrow.where('audit_event.occurred_at', '<', new Date(query.to));
  if (query.before !== undefined) narrow = narrow.where('audit_event.id', '<', query.before);
  return narrow as QB;
}

/**
 * A page of a trail, newest first, one row more than asked (there is a next page when it comes
 * back). Each filter reads an index that matches it and the order (migration 0037k).
 */
export function auditPage(db: Executor, trail: AuditTrailOf, query: AuditQuery) {
  const named = query.action ? actionsNamed(query.action) : [];
  if (trail === 'everything' && !query.userId && named.length > 0)
    return everyOrganisationsActions(db, named, query);
  let select = db
    .selectFrom('audit_event')
    .leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
    .select(pageColumns)
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
    select =
      named.length === 1
        ? select.where('audit_event.action', '=', named[0] ?? action)
        : named.length > 1
          ? select.where(sql<boolean>`audit_event.action = any(${named}::text[])`)
          : select.where('audit_event.action', 'like', `${action.replace(/[\\%_]/g, '\\$&')}%`);
  }
  return narrowed(select, query);
}

const pageColumns = [
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
] as const;

/**
 * An action (or a kind of action) across every organisation's trail, an operator's `dawn audit
 * list --action` without `--org`: for each organisation, and for the installation's own entries,
 * each action's newest entries read in order on the organisation's actions' index (at most a page
 * of each), then the newest of those. There is no index on the action alone (every audited write
 * would maintain it for this one reader), and walking the trail by id for a rare action read all
 * of it. An installation has tens of organisations: a page reads at most a page an organisation
 * and action.
 */
function everyOrganisationsActions(db: Executor, named: readonly string[], query: AuditQuery) {
  const actions = db.selectFrom(
    sql<{ action: string }>`(select unnest(${named}::text[]) as action)`.as('a'),
  );
  const newest = (organisation: 'each' | 'none') =>
    actions
      .$if(organisation === 'each', (select) =>
        select.innerJoin('organisation as o', (join) => join.onTrue()),
      )
      .innerJoinLateral(
        (eb) =>
          narrowed(
            eb
              .selectFrom('audit_event')
              .selectAll('audit_event')
              .whereRef('audit_event.action', '=', 'a.action')
              .$call((select) =>
                organisation === 'each'
                  ? select.whereRef('audit_event.actor_organisation_id', '=', sql.ref('o.id'))
                  : select.where('audit_event.actor_organisation_id', 'is', null),
              ),
            query,
          )
            .orderBy('audit_event.id', 'desc')
            .limit(query.limit + 1)
            .as('e'),
        (join) => join.onTrue(),
      )
      .selectAll('e');
  return db
    .selectFrom(newest('each').unionAll(newest('none')).as('audit_event'))
    .leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
    .select(pageColumns)
    .orderBy('audit_event.id', 'desc')
    .limit(query.limit + 1);
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
