import {
  CARE_CASE_EVENT_SCHEMAS,
  CARE_CASE_EVENT_TYPES,
  SYSTEM_EVENT_TYPES,
  type CareCaseEventType,
} from '@dawn/core';
import { Alert, Button, Group, Paper, Select, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { useSession } from '../auth/useSession.ts';
import { careCaseKeys, careCasesApi, type EventView } from './care-cases.api.ts';
import { EVENT_FIELDS, eventData } from './event-fields.ts';
import { EventFieldInput } from './EventFieldInput.tsx';

interface Props {
  caseId: string;
  /** The event being corrected: the form starts from its values and the new one supersedes it. */
  correcting?: EventView | undefined;
  onDone?: () => void;
}

/**
 * Records an event on the timeline. What was typed survives a refusal: values are kept per event
 * type (switching type and back loses nothing) until the server has an event; then all are cleared.
 */
export function EventForm({ caseId, correcting, onDone }: Props) {
  const { t } = useTranslation();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const recordable = CARE_CASE_EVENT_TYPES.filter(
    (type) =>
      !SYSTEM_EVENT_TYPES.includes(type) &&
      (type !== 'note.counselling' || can('counselling_note:write')),
  );
  const [type, setType] = useState<CareCaseEventType | null>(correcting?.type ?? null);
  const [occurredAt, setOccurredAt] = useState(kolkataInputValue(correcting?.occurredAt));
  const [values, setValues] = useState<Partial<Record<CareCaseEventType, Record<string, unknown>>>>(
    correcting ? { [correcting.type]: correcting.data } : {},
  );
  const record = useMutation({
    mutationFn: (chosen: CareCaseEventType) =>
      careCasesApi.recordEvent(caseId, {
        type: chosen,
        occurredAt: fromKolkataInput(occurredAt),
        data: eventData(chosen, values[chosen] ?? {}),
        ...(correcting ? { supersedes: correcting.id } : {}),
      }),
    onSuccess: async () => {
      // Once an event is saved, drafts of other types (a refused closure, say) are stale: the
      // next event starts from an empty form rather than from values typed for an earlier one.
      setValues({});
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.myWork });
      onDone?.();
    },
  });
  const fields = useFieldErrors(record.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!type) return;
    // The same schema the server applies, so a gap is named beside its field before saving.
    if (!fields.check(CARE_CASE_EVENT_SCHEMAS[type], eventData(type, values[type] ?? {}), 'data'))
      return;
    record.mutate(type);
  };
  const typeValues = type ? (values[type] ?? {}) : {};

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="event-form-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={4} id="event-form-title">
            {correcting ? t('careCases.event.correctTitle') : t('careCases.event.recordTitle')}
          </Title>
          {correcting && (
            <Alert color="yellow">
              {t('careCases.event.correcting', {
                type: t(`careCases.eventTypes.${correcting.type}`),
              })}
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select
              label={t('careCases.event.type')}
              required
              data={recordable.map((value) => ({
                value,
                label: t(`careCases.eventTypes.${value}`),
              }))}
              value={type}
              onChange={(next) => setType(next)}
              disabled={Boolean(correcting)}
              searchable
            />
            <KolkataDateTimeInput
              label={t('careCases.event.occurredAt')}
              required
              value={occurredAt}
              onChange={setOccurredAt}
              error={fields.errorFor('occurredAt')}
            />
          </Group>
          {type &&
            EVENT_FIELDS[type].map((field) => (
              <EventFieldInput
                key={`${type}.${field.name}`}
                caseId={caseId}
                field={field}
                value={typeValues[field.name]}
                onChange={(value) =>
                  setValues((previous) => ({
                    ...previous,
                    [type]: { ...(previous[type] ?? {}), [field.name]: value },
                  }))
                }
                errorFor={(path) => fields.errorFor(`data.${path}`)}
              />
            ))}
          <ErrorAlert error={record.error} title={t('careCases.event.refused')} />
          <Group>
            <Button type="submit" loading={record.isPending} disabled={!type}>
              {correcting ? t('careCases.event.saveCorrection') : t('careCases.event.record')}
            </Button>
            {correcting && onDone && (
              <Button variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
