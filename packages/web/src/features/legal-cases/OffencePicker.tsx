import {
  OFFENCE_CATALOGUE,
  OFFENCE_CODE_PATTERN,
  bailClassOf,
  findOffence,
  parseOffenceCode,
  type OffenceEntry,
  type Punishment,
} from '@dawn/core';
import { Badge, Group, Stack, TagsInput, Text } from '@mantine/core';
import { useLegalCasesT } from './legal-case-labels.ts';
import { offenceTitle } from './offence-labels.ts';

/** The catalogue as options, searchable by code and by the title in the reader's language. */
export function useOffenceOptions(): { value: string; label: string }[] {
  const { i18n } = useLegalCasesT();
  return OFFENCE_CATALOGUE.map((offence) => ({
    value: offence.code,
    label: `${offence.code} ${offenceTitle(i18n.t, offence.code, offence.title)}`,
  }));
}

function usePunishmentText(): (punishment: Punishment) => string {
  const { t } = useLegalCasesT();
  return ({ minimumYears, maximum }) => {
    const top =
      maximum === 'life'
        ? t('offence.life')
        : maximum === 'death'
          ? t('offence.death')
          : t('offence.years', { count: maximum });
    return minimumYears > 0
      ? t('offence.range', { minimum: t('offence.years', { count: minimumYears }), maximum: top })
      : t('offence.upTo', { maximum: top });
  };
}

function findOffenceEntry(code: string): OffenceEntry | undefined {
  const parsed = parseOffenceCode(code);
  return parsed ? findOffence(parsed) : undefined;
}

/** One catalogue entry as the dropdown shows it: code, title, punishment and default-bail class. */
function OffenceOption({ code }: { code: string }) {
  const { t, i18n } = useLegalCasesT();
  const punishmentText = usePunishmentText();
  const entry = findOffenceEntry(code);
  if (!entry) return <Text size="sm">{code}</Text>;
  const bail = bailClassOf(entry.punishment);
  return (
    <Stack gap={0}>
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {entry.code}
        </Text>
        <Text size="sm">{offenceTitle(i18n.t, entry.code, entry.title)}</Text>
      </Group>
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {punishmentText(entry.punishment)}
        </Text>
        <Badge size="xs" variant="light" color={bail.days === 90 ? 'grape' : 'blue'}>
          {t('offence.bail', { days: bail.days })}
        </Badge>
        {bail.contested && (
          <Badge size="xs" variant="outline" color="yellow">
            {t('offence.contested')}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

export function isOffenceCode(code: string): boolean {
  return OFFENCE_CODE_PATTERN.test(code);
}

/**
 * Offences as statute codes (`BNS:143(4)`), searchable by code or title from core's catalogue.
 * A code outside the catalogue can still be typed: the server accepts it and assumes 60 days.
 */
export function OffencePicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useLegalCasesT();
  const options = useOffenceOptions();
  const invalid = value.filter((code) => !isOffenceCode(code));
  return (
    <TagsInput
      label={t('create.offences')}
      description={t('create.offencesHint')}
      data={options}
      value={value}
      onChange={(codes) => onChange(codes.map((code) => code.trim().toUpperCase()))}
      renderOption={({ option }) => <OffenceOption code={option.value} />}
      clearable
      maxDropdownHeight={320}
      error={invalid.length > 0 ? t('create.offenceInvalid', { codes: invalid.join(', ') }) : error}
    />
  );
}
