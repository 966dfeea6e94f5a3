import type { LegalEvent } from './legal-case-events.ts';

/**
 * Supersede semantics: events are append-only, so a correction is a new event that names the one
 * it replaces in `supersedes` (of the same type), and `event.voided` withdraws one without a
 * replacement. The effective timeline is what remains, in the order things happened (ties in
 * the order they were recorded).
 */
export function effectiveLegalTimeline(events: readonly LegalEvent[]): LegalEvent[] {
  const superseded = new Set<string>();
  for (const event of events) if (event.supersedes) superseded.add(event.supersedes);
  return events
    .filter((event) => !superseded.has(event.id) && event.type !== 'event.voided')
    .sort(legalEventOrder);
}

export function legalEventOrder(left: LegalEvent, right: LegalEvent): number {
  const byOccurrence = Date.parse(left.occurredAt) - Date.parse(right.occurredAt);
  if (byOccurrence !== 0) return byOccurrence;
  const byRecording = Date.parse(left.recordedAt) - Date.parse(right.recordedAt);
  if (byRecording !== 0) return byRecording;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
