import { personFactsSchema } from '@dawn/core';
import {
  Button,
  Divider,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { isApiError } from '../../app/api.ts';
import { useSession } from '../auth/useSession.ts';
import {
  EMPTY_IDENTITY,
  IdentityFields,
  identityOf,
  isBlank,
  SimilarPersons,
  type IdentityDraft,
} from './IdentityFields.tsx';
import { personsApi, type NewPerson, type Person } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';

const SEXES: Person['sex'][] = ['female', 'male', 'transgender', 'other', 'unknown'];
const AGE_BANDS: Person['ageBand'][] = [
  '0-11',
  '12-14',
  '15-17',
  '18-24',
  '25-34',
  '35+',
  'unknown',
];

interface FactsDraft {
  sex: Person['sex'];
  ageBand: Person['ageBand'];
  birthYearEstimate: number | '';
  originState: string;
  originCountry: string;
  languages: string[];
}

/**
 * Records a person: non-identifying facts, and the identity when known (encrypted by the server).
 * While a name or phone is typed, similar persons already in Dawn are offered by pseudonym.
 */
export function NewPersonModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(PERSON_FORM_NAMESPACE);
  const { t: common } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [facts, setFacts] = useState<FactsDraft>({
    sex: 'female',
    ageBand: 'unknown',
    birthYearEstimate: '',
    originState: '',
    originCountry: '',
    languages: [],
  });
  const [identity, setIdentity] = useState<IdentityDraft>(EMPTY_IDENTITY);
  const create = useMutation({
    mutationFn: (input: NewPerson) => personsApi.create(input),
    onSuccess: async (person) => {
      await queryClient.invalidateQueries({ queryKey: ['persons'] });
      onClose();
      void navigate(`/persons/${person.id}`);
    },
  });
  const error = isApiError(create.error) ? create.error : undefined;
  const canWriteIdentity = can('identity:write');

  const fields = useFieldErrors(create.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = {
      ...(facts.birthYearEstimate !== '' ? { birthYearEstimate: facts.birthYearEstimate } : {}),
      ...(facts.originState.trim() ? { originState: facts.originState.trim() } : {}),
      ...(facts.originCountry.trim()
        ? { originCountry: facts.originCountry.trim().toUpperCase() }
        : {}),
      languages: facts.languages,
    };
    // The server's own checks of these facts, so a mistake is named beside its field first.
    if (!fields.check(personFactsSchema, checked)) return;
    create.mutate({
      sex: facts.sex,
      ageBand: facts.ageBand,
      ...checked,
      ...(canWriteIdentity && !isBlank(identity) ? { identity: identityOf(identity) } : {}),
    });
  };

  return (
    <Modal opened onClose={onClose} size="xl" title={t('newPersonTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={4}>{t('facts')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('sex')}
              value={facts.sex}
              onChange={(event) =>
                setFacts({ ...facts, sex: event.currentTarget.value as Person['sex'] })
              }
              data={SEXES.map((sex) => ({ value: sex, label: common(`persons.sexes.${sex}`) }))}
              data-autofocus
            />
            <NativeSelect
              label={t('ageBand')}
              value={facts.ageBand}
              onChange={(event) =>
                setFacts({ ...facts, ageBand: event.currentTarget.value as Person['ageBand'] })
              }
              data={AGE_BANDS.map((band) => ({
                value: band,
                label: common(`persons.ageBands.${band}`),
              }))}
            />
            <NumberInput
              label={t('birthYearEstimate')}
              value={facts.birthYearEstimate}
              min={1900}
              max={new Date().getFullYear()}
              onChange={(value) =>
                setFacts({ ...facts, birthYearEstimate: typeof value === 'number' ? value : '' })
              }
              error={fields.errorFor('birthYearEstimate')}
            />
            <TextInput
              label={t('originState')}
              value={facts.originState}
              onChange={(event) => setFacts({ ...facts, originState: event.currentTarget.value })}
              error={fields.errorFor('originState')}
            />
            <TextInput
              label={t('originCountry')}
              value={facts.originCountry}
              maxLength={2}
              onChange={(event) => setFacts({ ...facts, originCountry: event.currentTarget.value })}
              error={fields.errorFor('originCountry')}
            />
            <TagsInput
              label={t('languages')}
              description={t('languagesHint')}
              value={facts.languages}
              onChange={(languages) => setFacts({ ...facts, languages })}
              error={fields.errorFor('languages')}
            />
          </SimpleGrid>
          {canWriteIdentity ? (
            <>
              <Divider />
              <Title order={4}>{t('identity')}</Title>
              <Text size="sm" c="dimmed">
                {t('identityOptional')}
              </Text>
              <IdentityFields draft={identity} onChange={setIdentity} error={error} />
              <SimilarPersons draft={identity} />
            </>
          ) : null}
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
