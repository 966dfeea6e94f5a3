import { getJson, queryString } from '../../app/api.ts';

/** Mirrors the server's audit entry (features/audit/audit.routes.ts). */
export interface AuditEntry {
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

export interface AuditFilters {
  userId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** ISO date-times with offset */
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

export function searchAudit(
  filters: AuditFilters,
  before: number | undefined,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  return getJson(`/api/audit${queryString({ ...filters, before, limit: AUDIT_PAGE_SIZE })}`);
}
