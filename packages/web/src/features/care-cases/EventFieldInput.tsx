import {
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type FieldSpec } from './event-fields.ts';
import { useCarePlans, useOrganisations } from './useCaseReferenceData.ts';

interface Props {
  caseId: string;
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The server's message for this field (or a part of it), if it refused it. */
  errorFor: (path: string) => string | undefined;
}

type Place = { district?: string; state?: string; country?: string };

/** One field of the event form, by kind; labels and options translated where we have them. */
export function EventFieldInput({ caseId, field, value, onChange, errorFor }: Props) {
  const { t } = useTranslation();
  const { organisations } = useOrganisations();
  const carePlans = useCarePlans(caseId);
  const label = t(`careCases.fields.${field.name}`);
  const error = errorFor(field.name);
  const common = { label, error, required: field.required ?? false };

  switch (field.kind) {
    case 'select':
    case 'multiselect': {
      const data = field.options.map((option) => ({
        value: option,
        label: t(`careCases.options.${field.optionsKey ?? field.name}.${option}`),
      }));
      return field.kind === 'select' ? (
        <Select
          {...common}
          data={data}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next ?? undefined)}
          clearable={!field.required}
          // Picking the option already chosen keeps it: a draft kept from an earlier attempt must
          // not be cleared by choosing the same reason again.
          allowDeselect={false}
          searchable
        />
      ) : (
        <MultiSelect
          {...common}
          data={data}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
          searchable
        />
      );
    }
    case 'organisation':
      return (
        <Select
          {...common}
          data={organisations.map((organisation) => ({
            value: organisation.id,
            label: organisation.name,
          }))}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next ?? undefined)}
          clearable={!field.required}
          // Picking the option already chosen keeps it: a draft kept from an earlier attempt must
          // not be cleared by choosing the same reason again.
          allowDeselect={false}
          searchable
        />
      );
    case 'carePlan':
      return (
        <Select
          {...common}
          data={(carePlans.data?.carePlans ?? []).map((plan) => ({
            value: plan.id,
            label: `${t(`careCases.carePlan.statuses.${plan.status}`)} — ${plan.summary.slice(0, 60)}`,
          }))}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next ?? undefined)}
        />
      );
    case 'text':
    case 'country':
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
          maxLength={field.kind === 'country' ? 2 : 100}
          description={field.kind === 'country' ? t('careCases.event.countryHint') : undefined}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          description={t('careCases.event.noNamesHint')}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={field.name === 'text' ? 8000 : 2000}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          min={field.min}
          max={field.max}
          allowDecimal={false}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          label={label}
          error={error}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'place': {
      const place = (value ?? {}) as Place;
      const part = (key: keyof Place) => ({
        label: t(`careCases.fields.${key}`),
        value: place[key] ?? '',
        error: errorFor(`${field.name}.${key}`),
        maxLength: key === 'country' ? 2 : 100,
        onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
          onChange({ ...place, [key]: event.currentTarget.value }),
      });
      return (
        <Fieldset legend={label} variant="unstyled">
          <Group grow align="flex-start">
            <TextInput {...part('district')} />
            <TextInput {...part('state')} />
            <TextInput {...part('country')} description={t('careCases.event.countryHint')} />
          </Group>
        </Fieldset>
      );
    }
  }
}
