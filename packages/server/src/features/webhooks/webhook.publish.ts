import type { Executor } from './webhook.repository.ts';
import {
  enqueueDeliveries,
  enqueueDeliveriesMany,
  enqueueDeliveriesOnce,
  publishedOnce,
} from './webhook.repository.ts';
import {
  WEBHOOK_EVENT_DATA,
  type WebhookEventData,
  type WebhookEventType,
} from './webhook.events.ts';

/**
 * Publishes an event to the organisation's webhook endpoints: the one function other features
 * (and the import, on `import.finished`) call. Pass the transaction that makes the change, so
 * the event is sent if and only if the change commits (the outbox pattern). The data is parsed
 * with the event's strict schema: ids, pseudonyms and codes only. Returns how many deliveries
 * were queued (0 when nobody subscribed). Sending happens later, from the outbox.
 *
 *   await publishWebhookEvent(trx, organisationId, 'import.finished', {
 *     importId, created: 120, updated: 3, skipped: 2, failed: 0,
 *   });
 */
export async function publishWebhookEvent<Type extends WebhookEventType>(
  db: Executor,
  organisationId: string,
  type: Type,
  data: WebhookEventData<Type>,
  occurredAt: Date = new Date(),
): Promise<number> {
  const parsed = WEBHOOK_EVENT_DATA[type].parse(data) as Record<string, unknown>;
  return enqueueDeliveries(db, {
    organisationId,
    type,
    payload: { type, timestamp: occurredAt.toISOString(), data: parsed },
  });
}

/**
 * `obligation.overdue`, once per obligation: the sweep passes every obligation it finds overdue,
 * each time it runs, in the transaction that raises their alerts; only those never published
 * before are queued: one statement finds the ones told already, one queues all the others. The key names the case and the obligation's rule key,
 * which a recomputation keeps. Returns how many were new.
 */
export async function publishObligationsOverdue(
  trx: Executor,
  obligations: readonly {
    organisationId: string;
    key: string;
    data: WebhookEventData<'obligation.overdue'>;
  }[],
  occurredAt: Date = new Date(),
  /**
   * The caller recorded their keys as published in this transaction (`recordOverdueToPublish`,
   * which answers only obligations never published before): only their deliveries are queued,
   * one statement per organisation.
   */
  options: { recorded?: boolean } = {},
): Promise<number> {
  const type = 'obligation.overdue';
  const schema = WEBHOOK_EVENT_DATA[type];
  const payloadOf = (data: WebhookEventData<'obligation.overdue'>) => ({
    type,
    timestamp: occurredAt.toISOString(),
    data: schema.parse(data),
  });
  if (options.recorded) {
    const byOrganisation = new Map<string, Record<string, unknown>[]>();
    for (const obligation of obligations) {
      const payloads = byOrganisation.get(obligation.organisationId) ?? [];
      payloads.push(payloadOf(obligation.data));
      byOrganisation.set(obligation.organisationId, payloads);
    }
    for (const [organisationId, payloads] of byOrganisation)
      await enqueueDeliveriesMany(trx, organisationId, type, payloads);
    return obligations.length;
  }
  const keyed = obligations.map((obligation) => ({
    ...obligation,
    key: `${type}:${obligation.key}`,
  }));
  // Every sweep passes every overdue obligation; most were told long ago. Leave those out before
  // building their payloads (the insert below still skips one another sweep told meanwhile).
  const told = await publishedOnce(
    trx,
    keyed.map((obligation) => obligation.key),
  );
  return enqueueDeliveriesOnce(
    trx,
    type,
    keyed
      .filter((obligation) => !told.has(obligation.key))
      .map((obligation) => ({
        key: obligation.key,
        organisationId: obligation.organisationId,
        payload: payloadOf(obligation.data),
      })),
  );
}

/** `care_case.event_recorded`, from the transaction that records the event. */
export async function publishCareCaseEventRecorded(
  trx: Executor,
  event: { caseId: string; eventId: string; type: string; occurredAt: string },
): Promise<void> {
  const careCase = await trx
    .selectFrom('care_case')
    .select(['organisation_id', 'code'])
    .where('id', '=', event.caseId)
    .executeTakeFirstOrThrow();
  await publishWebhookEvent(trx, careCase.organisation_id, 'care_case.event_recorded', {
    careCaseId: event.caseId,
    caseCode: careCase.code,
    eventId: event.eventId,
    eventType: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
  });
}

/**
 * `care_case.event_recorded` for many events of one organisation (an import batch's timelines),
 * from the transaction that writes them: the same payload as one event recorded on the form, each
 * event its own message, queued in one statement.
 */
export async function publishCareCaseEventsRecorded(
  trx: Executor,
  organisationId: string,
  events: readonly {
    caseId: string;
    caseCode: string;
    eventId: string;
    type: string;
    occurredAt: Date;
  }[],
  recordedAt: Date = new Date(),
): Promise<number> {
  const type = 'care_case.event_recorded';
  const schema = WEBHOOK_EVENT_DATA[type];
  return enqueueDeliveriesMany(
    trx,
    organisationId,
    type,
    events.map((event) => ({
      type,
      timestamp: recordedAt.toISOString(),
      data: schema.parse({
        careCaseId: event.caseId,
        caseCode: event.caseCode,
        eventId: event.eventId,
        eventType: event.type,
        occurredAt: event.occurredAt.toISOString(),
      }),
    })),
  );
}

/** `consent.withdrawn`, from the transaction that withdraws it: the person's pseudonym only. */
export async function publishConsentWithdrawn(
  trx: Executor,
  consent: { id: string; personId: string; purpose: string; withdrawnAt: Date },
  organisationId: string,
): Promise<void> {
  const person = await trx
    .selectFrom('person')
    .select('pseudonym')
    .where('id', '=', consent.personId)
    .executeTakeFirstOrThrow();
  await publishWebhookEvent(trx, organisationId, 'consent.withdrawn', {
    consentId: consent.id,
    personId: consent.personId,
    pseudonym: person.pseudonym,
    purpose: consent.purpose,
    withdrawnAt: consent.withdrawnAt.toISOString(),
  });
}
