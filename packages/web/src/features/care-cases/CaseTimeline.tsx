import { CARE_CASE_EVENT_TYPES, SYSTEM_EVENT_TYPES } from '@dawn/core';
import {
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  Loader,
  MultiSelect,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime, regionName } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { careCaseKeys, careCasesApi, type EventView } from './care-cases.api.ts';
import { EVENT_FIELDS, type FieldSpec } from './event-fields.ts';
import { EventForm } from './EventForm.tsx';
import { formatMonth, kolkataMonthKey } from '../../app/kolkata-time.ts';
import { useOrganisations } from './useCaseReferenceData.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * The case's timeline, newest month first, filterable by event type. A correction is recorded as a
 * new event that supersedes the old one; superseded events stay readable below, struck through.
 * Counselling notes appear only when the server returns them (it does for counsellors and
 * programme managers).
 */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const language = intlLocale(i18n.resolvedLanguage);
  const [types, setTypes] = useState<string[]>([]);
  const [correcting, setCorrecting] = useState<EventView | undefined>();
  const [showSuperseded, { toggle }] = useDisclosure(false);
  const timeline = useQuery({
    queryKey: careCaseKeys.timeline(caseId, types),
    queryFn: () => careCasesApi.timeline(caseId, types),
    placeholderData: keepPreviousData,
  });
  const months = useMemo(() => {
    const byMonth = new Map<string, EventView[]>();
    const events = (timeline.data?.groups ?? []).flatMap((group) => group.events);
    for (const event of [...events].sort(
      (left, right) => Date.parse(right.occurredAt) - Date.parse(left.occurredAt),
    )) {
      const key = kolkataMonthKey(event.occurredAt);
      byMonth.set(key, [...(byMonth.get(key) ?? []), event]);
    }
    return [...byMonth.entries()];
  }, [timeline.data]);
  const canWrite = can('care_case:write');

  return (
    <Stack gap="md" component="section" aria-labelledby="timeline-title">
      <Group justify="space-between" align="flex-end">
        <Title order={3} id="timeline-title">
          {t('careCases.timeline.title')}
        </Title>
        <MultiSelect
          label={t('careCases.timeline.filter')}
          placeholder={types.length === 0 ? t('careCases.timeline.allTypes') : undefined}
          data={CARE_CASE_EVENT_TYPES.map((value) => ({
            value,
            label: t(`careCases.eventTypes.${value}`),
          }))}
          value={types}
          onChange={setTypes}
          clearable
          w={320}
        />
      </Group>
      {canWrite && (
        <EventForm
          key={correcting?.id ?? 'new'}
          caseId={caseId}
          correcting={correcting}
          onDone={correcting ? () => setCorrecting(undefined) : undefined}
        />
      )}
      {timeline.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ErrorAlert error={timeline.error} />
      {timeline.data && months.length === 0 && <Text>{t('careCases.timeline.empty')}</Text>}
      {months.map(([month, events]) => (
        <Stack key={month} gap="xs" component="section" aria-label={formatMonth(month, language)}>
          <Title order={4}>{formatMonth(month, language)}</Title>
          {events.map((event) => (
            <EventCard
              key={event.id}
              event={event}
              onCorrect={
                canWrite && !SYSTEM_EVENT_TYPES.includes(event.type)
                  ? () => {
                      setCorrecting(event);
                      document.getElementById('event-form-title')?.scrollIntoView();
                    }
                  : undefined
              }
            />
          ))}
        </Stack>
      ))}
      {(timeline.data?.superseded.length ?? 0) > 0 && (
        <Stack gap="xs">
          <Button variant="subtle" onClick={toggle} aria-expanded={showSuperseded}>
            {t('careCases.timeline.superseded', { count: timeline.data?.superseded.length ?? 0 })}
          </Button>
          <Collapse expanded={showSuperseded}>
            <Stack gap="xs">
              {timeline.data?.superseded.map((event) => (
                <EventCard key={event.id} event={event} superseded />
              ))}
            </Stack>
          </Collapse>
        </Stack>
      )}
    </Stack>
  );
}

function EventCard({
  event,
  onCorrect,
  superseded = false,
}: {
  event: EventView;
  onCorrect?: (() => void) | undefined;
  superseded?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { nameOf } = useOrganisations();
  const language = intlLocale(i18n.resolvedLanguage);
  const format = (field: FieldSpec, value: unknown): string => {
    if (Array.isArray(value)) return value.map((each) => format(field, each)).join(', ');
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'object' && value !== null) {
      const place = value as { district?: string; state?: string; country?: string };
      return [place.district, place.state, place.country && regionName(place.country, language)]
        .filter(Boolean)
        .join(', ');
    }
    const text = String(value);
    if (field.kind === 'country') return regionName(text, language);
    if (field.kind === 'organisation') return nameOf(text);
    if (field.kind === 'select' || field.kind === 'multiselect')
      return t(`careCases.options.${field.optionsKey ?? field.name}.${text}`);
    return text;
  };
  const details = EVENT_FIELDS[event.type].filter(
    (field) => event.data[field.name] !== undefined && field.kind !== 'carePlan',
  );
  return (
    <Card withBorder padding="sm" opacity={superseded ? 0.6 : 1}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600} td={superseded ? 'line-through' : undefined}>
              {t(`careCases.eventTypes.${event.type}`)}
            </Text>
            {event.phaseAfter && (
              <Badge variant="light" size="sm">
                {t(`careCases.phases.${event.phaseAfter}`)}
              </Badge>
            )}
            {event.supersedesId && (
              <Badge variant="outline" color="yellow" size="sm">
                {t('careCases.timeline.correction')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {formatDateTime(event.occurredAt, language)}
          </Text>
          {details.map((field) => (
            <Text size="sm" key={field.name} style={{ whiteSpace: 'pre-wrap' }}>
              <Text span c="dimmed">
                {t(`careCases.fields.${field.name}`)}:
              </Text>{' '}
              {format(field, event.data[field.name])}
            </Text>
          ))}
        </Stack>
        {onCorrect && (
          <Button size="xs" variant="default" onClick={onCorrect}>
            {t('careCases.timeline.correct')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
