import { Badge, Group, Text, Timeline } from '@mantine/core';
import { formatDateTime } from '../../app/format.ts';
import type { EventView } from './legal-cases.api.ts';
import { eventTypeKey, useLegalCasesT } from './legal-case-labels.ts';

/** A short line of an event's data: references, kinds and dates, never a person's name. */
function summary(event: EventView, language: string): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event.data)) {
    if (key === 'note' || value === undefined || value === null) continue;
    if (key === 'nextDate' && typeof value === 'string') {
      parts.push(`${key}: ${formatDateTime(value, language)}`);
    } else if (key === 'verdicts' && Array.isArray(value)) {
      parts.push(
        (value as { accused: string; verdict: string }[])
          .map((verdict) => `${verdict.accused} ${verdict.verdict}`)
          .join(', '),
      );
    } else if (Array.isArray(value)) {
      parts.push(`${key}: ${value.join(', ')}`);
    } else if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      parts.push(`${key}: ${String(value)}`);
    }
  }
  return parts.join(' · ');
}

/** The case's events in the order they happened; corrected and withdrawn ones are marked. */
export function LegalCaseTimeline({ events }: { events: EventView[] }) {
  const { t, i18n } = useLegalCasesT();
  const language = i18n.resolvedLanguage ?? 'en';
  if (events.length === 0) return <Text c="dimmed">{t('timeline.empty')}</Text>;
  const ordered = [...events].sort(
    (left, right) =>
      left.occurredAt.localeCompare(right.occurredAt) ||
      left.recordedAt.localeCompare(right.recordedAt),
  );
  return (
    <Timeline bulletSize={14} lineWidth={2} active={ordered.length}>
      {ordered.map((event) => {
        const replaced = event.supersededBy !== null;
        return (
          <Timeline.Item
            key={event.id}
            title={
              <Group gap="xs">
                <Text fw={600} td={replaced ? 'line-through' : undefined}>
                  {t(eventTypeKey(event.type))}
                </Text>
                <Text size="xs" c="dimmed">
                  {event.type}
                </Text>
                {replaced && (
                  <Badge size="xs" color="gray">
                    {t('timeline.superseded')}
                  </Badge>
                )}
                {event.supersedes && (
                  <Badge size="xs" color="yellow">
                    {t('timeline.correction')}
                  </Badge>
                )}
              </Group>
            }
          >
            <Text size="sm" c="dimmed">
              {formatDateTime(event.occurredAt, language)}
            </Text>
            {summary(event, language) && <Text size="sm">{summary(event, language)}</Text>}
            {typeof event.data.note === 'string' && (
              <Text size="sm" fs="italic">
                {event.data.note}
              </Text>
            )}
            {event.officials.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('timeline.credited')}:{' '}
                {event.officials.map((official) => official.name).join(', ')}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
