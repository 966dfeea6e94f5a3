import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import { checkEndpointUrl } from './webhook-url.ts';
import type { WebhookEventType } from './webhook.events.ts';
import {
  deactivateEndpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  requeueDelivery,
  type DeliveryRow,
  type EndpointRow,
} from './webhook.repository.ts';
import { secretBinding } from './webhook.sender.ts';

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const endpointView = (row: EndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.event_types,
  createdAt: new Date(row.created_at).toISOString(),
});

const deliveryView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  messageId: row.message_id,
  endpointId: row.endpoint_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  nextAttemptAt: row.status === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
  createdAt: new Date(row.created_at).toISOString(),
  deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
});

/** Registers an endpoint; the signing secret is shown in this answer only. */
export async function registerEndpoint(
  deps: Deps,
  input: { url: string; description: string; eventTypes: WebhookEventType[] },
): Promise<EndpointView & { secret: string }> {
  const { actor } = await requirePermission(deps.db, 'webhook:manage');
  const url = await checkEndpointUrl(input.url, deps.config.webhookAllowPrivateAddresses);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertEndpoint(trx, {
      organisationId: actor.organisationId,
      url: url.toString(),
      description: input.description,
      eventTypes: [...new Set(input.eventTypes)],
      secretSealed: deps.vault.sealSecret(secretBinding(id), secret),
      createdBy: actor.userId,
      id,
    });
    // The URL's host only: a path can carry a receiver's token.
    await recordAudit(trx, {
      action: 'webhook.endpoint_registered',
      entityType: 'webhook_endpoint',
      entityId: id,
      details: { host: url.host, eventTypes: inserted.event_types },
    });
    return inserted;
  });
  return { ...endpointView(row), secret };
}

export async function endpointsOfOrganisation(deps: Deps): Promise<EndpointView[]> {
  const { actor } = await requirePermission(deps.db, 'webhook:manage');
  return (await listEndpoints(deps.db, actor.organisationId)).map(endpointView);
}

export async function removeEndpoint(deps: Deps, id: string): Promise<void> {
  const { actor } = await requirePermission(deps.db, 'webhook:manage', {
    type: 'webhook_endpoint',
    id,
  });
  const endpoint = await findEndpoint(deps.db, actor.organisationId, id);
  if (!endpoint) throw new DomainError('NOT_FOUND', 'Not found.');
  await deps.db.transaction().execute(async (trx) => {
    await deactivateEndpoint(trx, id);
    await recordAudit(trx, {
      action: 'webhook.endpoint_removed',
      entityType: 'webhook_endpoint',
      entityId: id,
    });
  });
}

export async function deliveryLog(
  deps: Deps,
  query: { endpointId?: string | undefined; after?: string | undefined; limit: number },
): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  const { actor } = await requirePermission(deps.db, 'webhook:manage');
  const after = query.after ? decodeCursor(query.after, ['instant', 'uuid']) : undefined;
  const { page, nextCursor } = keysetPage(
    await listDeliveries(deps.db, actor.organisationId, {
      ...(query.endpointId ? { endpointId: query.endpointId } : {}),
      ...(after ? { after: [after[0] ?? '', after[1] ?? ''] as [string, string] } : {}),
      limit: query.limit + 1,
    }),
    query.limit,
    (row) => [row.created_at_key, row.id],
  );
  return { deliveries: page.map(deliveryView), nextCursor };
}

/** Sends a delivery again, with the same webhook-id so the receiver can tell it is a repeat. */
export async function redeliver(deps: Deps, id: string): Promise<DeliveryView> {
  const { actor } = await requirePermission(deps.db, 'webhook:manage', {
    type: 'webhook_delivery',
    id,
  });
  const delivery = await findDelivery(deps.db, actor.organisationId, id);
  if (!delivery) throw new DomainError('NOT_FOUND', 'Not found.');
  const endpoint = await findEndpoint(deps.db, actor.organisationId, delivery.endpoint_id);
  if (!endpoint) throw new DomainError('NOT_FOUND', 'Not found.');
  const queued = await deps.db.transaction().execute(async (trx) => {
    const row = await requeueDelivery(trx, delivery);
    await recordAudit(trx, {
      action: 'webhook.redelivery_requested',
      entityType: 'webhook_delivery',
      entityId: id,
      details: { messageId: delivery.message_id },
    });
    return row;
  });
  return deliveryView(queued);
}
