import { Badge, Group, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../app/format.ts';
import { fieldsFor } from './event-fields.ts';
import type { EventView } from './legal-cases.api.ts';
import { eventTypeKey, useLegalCasesT } from './legal-case-labels.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * A short line of an event's data in the reader's language: field names and chosen words
 * translated, dates and amounts in the reader's numbers; references and codes (A1, V1, BNSS:183)
 * as they are. Never a person's name: events hold references only.
 */
function summary(
  event: EventView,
  locale: string,
  t: TFunction<'translation', 'legalCases'>,
): string {
  const specs = new Map(fieldsFor(event.type).map((spec) => [spec.name, spec]));
  const word = (name: string, value: string): string => {
    const spec = specs.get(name);
    return spec?.kind === 'choice' && spec.translated ? t(`choices.${value}`) : value;
  };
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event.data)) {
    if (key === 'note' || value === undefined || value === null) continue;
    // Only what the form for this event asks is shown; ids linking records stay out of sight.
    if (!specs.has(key)) continue;
    const label = t(`fields.${key}`);
    if (key === 'verdicts' && Array.isArray(value)) {
      parts.push(
        (value as { accused: string; verdict: string }[])
          .map((verdict) => `${verdict.accused}: ${t(`choices.${verdict.verdict}`)}`)
          .join(', '),
      );
    } else if (typeof value === 'string' && specs.get(key)?.kind === 'dateTime') {
      parts.push(`${label}: ${formatDateTime(value, locale)}`);
    } else if (Array.isArray(value)) {
      parts.push(`${label}: ${value.map((each) => word(key, String(each))).join(', ')}`);
    } else if (typeof value === 'boolean') {
      parts.push(`${label}: ${value ? t('yes') : t('no')}`);
    } else if (typeof value === 'number') {
      parts.push(
        `${label}: ${new Intl.NumberFormat(locale, key === 'amountRupees' ? { style: 'currency', currency: 'INR', maximumFractionDigits: 0 } : {}).format(value)}`,
      );
    } else if (typeof value === 'string') {
      parts.push(`${label}: ${word(key, value)}`);
    }
  }
  return parts.join(' · ');
}

/** The case's events in the order they happened; corrected and withdrawn ones are marked. */
export function LegalCaseTimeline({ events }: { events: EventView[] }) {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
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
            {summary(event, language, t) && <Text size="sm">{summary(event, language, t)}</Text>}
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
