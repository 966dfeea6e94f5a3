import { careCaseOpeningSchema } from '@dawn/core';
import {
  Button,
  Divider,
  Group,
  Modal,
  Select,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
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
import { isApiError } from '../../app/api.ts';
import { useSession } from '../auth/useSession.ts';
import {
  EMPTY_IDENTITY,
  IdentityFields,
  identityOf,
  isBlank,
  SimilarPersons,
  type IdentityDraft,
} from '../persons/IdentityFields.tsx';
import { PERSON_FORM_NAMESPACE } from '../persons/person-form.i18n.ts';
import { personsApi } from '../persons/persons.api.ts';
import { careCaseKeys, careCasesApi, type AgeBand, type Sex } from './care-cases.api.ts';

const AGE_BANDS: AgeBand[] = ['0-11', '12-14', '15-17', '18-24', '25-34', '35+', 'unknown'];
const SEXES: Sex[] = ['female', 'male', 'transgender', 'other', 'unknown'];

/**
 * Opens a care case for a person already recorded (picked by pseudonym) or for a new one, created
 * in the same step with her non-identifying facts and, when known and the user may write it, her
 * identity (sealed in the vault by the server). While her name or phone is typed, persons already
 * in Dawn who resemble her are offered by pseudonym, to open the case for her instead of recording
 * her twice.
 */
export function OpenCaseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { t: personT } = useTranslation(PERSON_FORM_NAMESPACE);
  const { can } = useSession();
  const canWriteIdentity = can('identity:write');
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
  const [identity, setIdentity] = useState<IdentityDraft>(EMPTY_IDENTITY);
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
            ...(canWriteIdentity && !isBlank(identity) ? { identity: identityOf(identity) } : {}),
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
                {t(
                  canWriteIdentity
                    ? 'careCases.open.newPersonHint'
                    : 'careCases.open.newPersonHintFactsOnly',
                )}
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
              {canWriteIdentity && (
                <>
                  <Divider />
                  <Title order={4}>{personT('identity')}</Title>
                  <Text size="sm" c="dimmed">
                    {personT('identityOptional')}
                  </Text>
                  <IdentityFields
                    draft={identity}
                    onChange={setIdentity}
                    error={isApiError(open.error) ? open.error : undefined}
                    prefix="person.identity"
                  />
                  <SimilarPersons
                    draft={identity}
                    onPick={(match) => {
                      // Her, already recorded: the case opens for her, and what was typed of her
                      // identity is not sent (it is on her record already, or to be checked there).
                      setWho('existing');
                      setSearch(match.pseudonym);
                      setPersonId(match.personId);
                    }}
                  />
                </>
              )}
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
