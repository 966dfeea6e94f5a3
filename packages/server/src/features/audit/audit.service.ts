import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';

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

/** The auditor's view of the trail, newest first; searching it is itself audited. */
export async function searchAudit(
  deps: Deps,
  query: AuditQuery,
): Promise<{ entries: AuditRow[]; nextBefore: number | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'audit:read');
  let select = deps.db
    .selectFrom('audit_event')
    .leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
    .select([
      'audit_event.id',
      'audit_event.occurred_at',
      'audit_event.actor_user_id',
      'app_user.display_name',
      'audit_event.action',
      'audit_event.outcome',
      'audit_event.entity_type',
      'audit_event.entity_id',
      'audit_event.request_id',
      'audit_event.details',
    ])
    .orderBy('audit_event.id', 'desc')
    .limit(query.limit + 1);
  if (scope !== 'all')
    select = select.where('audit_event.actor_organisation_id', '=', actor.organisationId);
  if (query.userId) select = select.where('audit_event.actor_user_id', '=', query.userId);
  if (query.action)
    // A prefix search; % and _ in what the user typed are literal characters, not wildcards.
    select = select.where(
      'audit_event.action',
      'like',
      `${query.action.replace(/[\\%_]/g, '\\$&')}%`,
    );
  if (query.entityType) select = select.where('audit_event.entity_type', '=', query.entityType);
  if (query.entityId) select = select.where('audit_event.entity_id', '=', query.entityId);
  if (query.from) select = select.where('audit_event.occurred_at', '>=', new Date(query.from));
  if (query.to) select = select.where('audit_event.occurred_at', '<', new Date(query.to));
  if (query.before !== undefined) select = select.where('audit_event.id', '<', query.before);
  const rows = await select.execute();
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
