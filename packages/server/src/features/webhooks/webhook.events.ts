import { z } from 'zod';

/** What an organisation can subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENT_TYPES = [
  'care_case.event_recorded',
  'obligation.overdue',
  'consent.withdrawn',
  'story.withdrawn',
  'import.finished',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const id = z.uuid();
const code = z.string().max(100);

/**
 * The `data` of each event type: ids, pseudonyms and codes only, never a name, phone, address,
 * birth date or free text. `publishWebhookEvent` parses the data with these schemas, which are
 * strict: a field that is not listed here cannot reach a receiver.
 */
export const WEBHOOK_EVENT_DATA = {
  'care_case.event_recorded': z
    .object({
      careCaseId: id,
      caseCode: code,
      eventId: id,
      eventType: code,
      occurredAt: z.string(),
    })
    .strict(),
  'obligation.overdue': z
    .object({
      obligationId: id,
      caseType: code,
      caseId: id,
      caseCode: code,
      rule: code,
      dueAt: z.string(),
    })
    .strict(),
  'consent.withdrawn': z
    .object({
      consentId: id,
      personId: id,
      pseudonym: code,
      purpose: code,
      withdrawnAt: z.string(),
    })
    .strict(),
  'story.withdrawn': z.object({ storyId: id, withdrawnAt: z.string() }).strict(),
  'import.finished': z
    .object({
      importId: z.string().max(100),
      created: z.number().int().min(0),
      updated: z.number().int().min(0),
      skipped: z.number().int().min(0),
      failed: z.number().int().min(0),
    })
    .strict(),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventData<Type extends WebhookEventType> = z.input<
  (typeof WEBHOOK_EVENT_DATA)[Type]
>;
