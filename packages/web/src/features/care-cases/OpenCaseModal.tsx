import { careCaseOpeningSchema } from '@dawn/core';
import {
  Button,
  Group,
  Modal,
  Select,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { fromKolkataInput, kolkataInputValue } from '../../app/kolkata-time.ts';
import { personsApi } from '../persons/persons.api.ts';
import { careCaseKeys, careCasesApi, type AgeBand, type Sex } from './care-cases.api.ts';

const AGE_BANDS: AgeBand[] = ['0-11', '12-14', '15-17', '18-24', '25-34', '35+', 'unknown'];
const SEXES: Sex[] = ['female', 'male', 'transgender', 'other', 'unknown'];

/**
 * Opens a care case for a person already recorded (picked by pseudonym) or for a new one, created
 * in the same step with non-identifying facts only; her identity is added to the vault from the
 * person's page.
 */
export function OpenCaseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [who, setWho] = useState<'existing' | 'new'>('new');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const [personId, setPersonId] = useState<string | null>(null);
  const [sex, setSex] = useState<Sex>('female');
  const [ageBand, setAgeBand] = useState<AgeBand | null>(null);
  const [originState, setOriginState] = useState('');
  const [openedAt, setOpenedAt] = useState(kolkataInputValue());
  const persons = useQuery({
    queryKey: ['persons', 'list', debouncedSearch, 1],
    queryFn: () => personsApi.list(debouncedSearch),
    enabled: opened && who === 'existing',
  });
  const body = () =>
    who === 'existing'
      ? { personId: personId ?? '', openedAt: fromKolkataInput(openedAt) }
      : {
          person: {
            sex,
            ageBand: ageBand ?? ('' as AgeBand),
            ...(originState.trim() ? { originState: originState.trim() } : {}),
          },
          openedAt: fromKolkataInput(openedAt),
        };
  const open = useMutation({
    mutationFn: () => careCasesApi.open(body()),
    onSuccess: async (careCase) => {
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.all });
      onClose();
      void navigate(`/care-cases/${careCase.id}`);
    },
  });
  const fields = useFieldErrors(open.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's own schema (core): a missing choice or a future date is named beside its field.
    if (!fields.check(careCaseOpeningSchema, body())) return;
    open.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('careCases.open.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('careCases.open.who')}
            value={who}
            onChange={(value) => setWho(value)}
            data={[
              { value: 'new', label: t('careCases.open.newPerson') },
              { value: 'existing', label: t('careCases.open.existingPerson') },
            ]}
          />
          {who === 'existing' ? (
            <Select
              label={t('careCases.open.person')}
              description={t('careCases.open.personHint')}
              required
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options }) => options}
              nothingFoundMessage={t('careCases.open.noPersons')}
              data={(persons.data?.persons ?? []).map((person) => ({
                value: person.id,
                label: `${person.pseudonym} · ${t(`persons.ageBands.${person.ageBand}`)}`,
              }))}
              value={personId}
              onChange={setPersonId}
              error={fields.errorFor('personId')}
            />
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('careCases.open.newPersonHint')}
              </Text>
              <Group grow align="flex-start">
                <Select
                  label={t('careCases.open.ageBand')}
                  required
                  data={AGE_BANDS.map((band) => ({
                    value: band,
                    label: t(`persons.ageBands.${band}`),
                  }))}
                  value={ageBand}
                  onChange={(value) => setAgeBand(value)}
                  error={fields.errorFor('person.ageBand')}
                />
                <Select
                  label={t('careCases.open.sex')}
                  required
                  data={SEXES.map((value) => ({ value, label: t(`persons.sexes.${value}`) }))}
                  value={sex}
                  onChange={(value) => value && setSex(value)}
                />
                <TextInput
                  label={t('careCases.open.originState')}
                  value={originState}
                  onChange={(event) => setOriginState(event.currentTarget.value)}
                  maxLength={100}
                  error={fields.errorFor('person.originState')}
                />
              </Group>
            </>
          )}
          <KolkataDateTimeInput
            label={t('careCases.open.openedAt')}
            value={openedAt}
            onChange={setOpenedAt}
            error={fields.errorFor('openedAt')}
          />
          <ErrorAlert error={open.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={open.isPending}>
              {t('careCases.open.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
