import {
  LEGAL_EVENT_DATA,
  LEGAL_EVENT_TYPES,
  pastInstantSchema,
  type LegalEventType,
} from '@dawn/core';
import { Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { formatDateTime } from '../../app/format.ts';
import { fromKolkataInput, isKolkataLocal, kolkataInputValue } from '../../app/kolkata-time.ts';
import {
  fieldsFor,
  initialValues,
  missingFields,
  toEventData,
  type FieldValues,
} from './event-fields.ts';
import { EventFieldInput } from './EventFieldInput.tsx';
import { eventTypeKey, useLegalCasesT } from './legal-case-labels.ts';
import {
  LEGAL_CASES_QUERY_KEY,
  legalCasesApi,
  type EventView,
  type PartyView,
} from './legal-cases.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * Records one event on the timeline. A refusal (409: an impossible sequence; 400: a field) is
 * shown beside the form and everything typed stays, so the user corrects rather than retypes.
 */
export function RecordEventForm({
  caseId,
  parties,
  events,
}: {
  caseId: string;
  parties: PartyView[];
  events: EventView[];
}) {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const [type, setType] = useState<LegalEventType | null>(null);
  const [occurredAt, setOccurredAt] = useState(() => kolkataInputValue());
  const [supersedes, setSupersedes] = useState<string | null>(null);
  const [values, setValues] = useState<FieldValues>({});
  const [submitted, setSubmitted] = useState(false);
  const record = useMutation({
    mutationFn: () => {
      if (!type) throw new Error('no event type');
      return legalCasesApi.recordEvent(caseId, {
        type,
        occurredAt: fromKolkataInput(occurredAt),
        ...(supersedes ? { supersedes } : {}),
        data: toEventData(type, values),
      });
    },
    onSuccess: async () => {
      setValues(type ? initialValues(type) : {});
      setSupersedes(null);
      setSubmitted(false);
      await queryClient.invalidateQueries({ queryKey: LEGAL_CASES_QUERY_KEY });
      await queryClient.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
  const missing = type && submitted ? missingFields(type, values) : [];
  const fields = useFieldErrors(record.error);
  const serverIssue = (path: string) => fields.errorFor(path);
  const fieldError = (name: string) =>
    missing.includes(name) ? t('create.required') : serverIssue(`data.${name}`);
  const occurredAtError =
    submitted && !isKolkataLocal(occurredAt) ? t('create.required') : serverIssue('occurredAt');
  const correctable = events.filter(
    (event) =>
      event.supersededBy === null &&
      event.type !== 'event.voided' &&
      (type === 'event.voided' || event.type === type),
  );

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!type) return;
    // The same schemas the server applies, so a wrong value or a time still to come (a hearing
    // recorded before it is held) is named beside its field first, with every missing field.
    const checked = fields.checkAll([
      ...(isKolkataLocal(occurredAt)
        ? [[pastInstantSchema, fromKolkataInput(occurredAt), 'occurredAt'] as const]
        : []),
      [LEGAL_EVENT_DATA[type], toEventData(type, values), 'data'],
    ]);
    if (!checked || !isKolkataLocal(occurredAt) || missingFields(type, values).length > 0) return;
    if (type === 'event.voided' && !supersedes) return;
    record.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('record.title')}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('record.type')}
            required
            searchable
            data={LEGAL_EVENT_TYPES.map((eventType) => ({
              value: eventType,
              label: t(eventTypeKey(eventType)),
            }))}
            value={type}
            onChange={(chosen) => {
              const next = chosen;
              setType(next);
              setValues(next ? initialValues(next) : {});
              setSupersedes(null);
              record.reset();
            }}
            error={submitted && !type ? t('create.required') : serverIssue('type')}
          />
          <KolkataDateTimeInput
            label={t('record.occurredAt')}
            required
            value={occurredAt}
            onChange={setOccurredAt}
            error={occurredAtError}
          />
        </SimpleGrid>
        {type && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {fieldsFor(type).map((spec) => (
                <EventFieldInput
                  key={spec.name}
                  spec={spec}
                  value={values[spec.name]}
                  onChange={(value) =>
                    setValues((previous) => ({ ...previous, [spec.name]: value }))
                  }
                  parties={parties}
                  error={fieldError(spec.name)}
                />
              ))}
            </SimpleGrid>
            <Select
              label={type === 'event.voided' ? t('record.voids') : t('record.corrects')}
              description={type === 'event.voided' ? undefined : t('record.correctsHint')}
              required={type === 'event.voided'}
              clearable
              data={correctable.map((event) => ({
                value: event.id,
                label: `${t(eventTypeKey(event.type))}, ${formatDateTime(event.occurredAt, language)}`,
              }))}
              value={supersedes}
              onChange={setSupersedes}
              error={
                submitted && type === 'event.voided' && !supersedes
                  ? t('create.required')
                  : serverIssue('supersedes')
              }
            />
          </>
        )}
        <ErrorAlert error={record.error} title={t('record.refused')} />
        {record.isSuccess && (
          <Text c="green.8" role="status">
            {t('record.recorded')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            {t('record.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
