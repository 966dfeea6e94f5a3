import { VERDICTS } from '@dawn/core';
import {
  Checkbox,
  Fieldset,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import type { PartyView } from './legal-cases.api.ts';
import type { FieldSpec, FieldValue } from './event-fields.ts';
import { useLegalCasesT } from './legal-case-labels.ts';
import { OffencePicker } from './OffencePicker.tsx';

/** One input of the record-event form; parties are offered by reference and pseudonym only. */
export function EventFieldInput({
  spec,
  value,
  onChange,
  parties,
  error,
}: {
  spec: FieldSpec;
  value: FieldValue | undefined;
  onChange: (value: FieldValue | undefined) => void;
  parties: PartyView[];
  error: string | undefined;
}) {
  const { t } = useLegalCasesT();
  const label = t(`fields.${spec.name}`);
  const partyOptions = (role: PartyView['role']) =>
    parties
      .filter((party) => party.role === role)
      .map((party) => ({ value: party.ref, label: `${party.ref} · ${party.pseudonym}` }));
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];

  switch (spec.kind) {
    case 'accused':
    case 'victim':
      return (
        <Select
          label={label}
          required={spec.required}
          clearable={!spec.required}
          data={partyOptions(spec.kind)}
          value={text || null}
          onChange={(chosen) => onChange(chosen ?? undefined)}
          error={error}
        />
      );
    case 'accusedList':
    case 'victimList':
      return (
        <MultiSelect
          label={label}
          description={spec.kind === 'accusedList' ? t('fields.accusedAllHint') : undefined}
          data={partyOptions(spec.kind === 'accusedList' ? 'accused' : 'victim')}
          value={list}
          onChange={onChange}
          error={error}
        />
      );
    case 'choice':
      return (
        <Select
          label={label}
          required={spec.required}
          clearable={!spec.required}
          data={spec.options.map((option) => ({
            value: option,
            label: spec.translated ? t(`choices.${option}`) : option,
          }))}
          value={text || null}
          onChange={(chosen) => onChange(chosen ?? undefined)}
          error={error}
        />
      );
    case 'offences':
      return <OffencePicker value={list} onChange={onChange} error={error} />;
    case 'dateTime':
      return (
        <KolkataDateTimeInput
          label={label}
          value={text}
          onChange={(next) => onChange(next || undefined)}
          error={error}
        />
      );
    case 'number':
      return (
        <NumberInput
          label={label}
          required={spec.required}
          min={spec.min}
          max={spec.max}
          value={typeof value === 'number' ? value : ''}
          onChange={(number) => onChange(typeof number === 'number' ? number : undefined)}
          error={error}
        />
      );
    case 'text':
      return spec.name === 'note' || spec.name === 'reason' ? (
        <Textarea
          label={label}
          description={spec.name === 'note' ? t('fields.noteHint') : undefined}
          required={spec.required}
          autosize
          minRows={2}
          maxLength={spec.maxLength}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
        />
      ) : (
        <TextInput
          label={label}
          required={spec.required}
          maxLength={spec.maxLength}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
        />
      );
    case 'flag':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'verdicts': {
      const verdicts = typeof value === 'object' && !Array.isArray(value) ? value : {};
      return (
        <Fieldset legend={label}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {partyOptions('accused').map((accused) => (
              <Select
                key={accused.value}
                label={accused.label}
                clearable
                data={VERDICTS.map((verdict) => ({
                  value: verdict,
                  label: t(`choices.${verdict}`),
                }))}
                value={verdicts[accused.value] ?? null}
                onChange={(verdict) => {
                  const next = Object.fromEntries(
                    Object.entries(verdicts).filter(([accusedRef]) => accusedRef !== accused.value),
                  );
                  if (verdict) next[accused.value] = verdict;
                  onChange(next);
                }}
              />
            ))}
          </SimpleGrid>
          {error && (
            <Text c="red" size="sm" mt="xs">
              {error}
            </Text>
          )}
        </Fieldset>
      );
    }
  }
}
