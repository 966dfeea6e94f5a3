import {
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { fromKolkataInput, isKolkataLocal, kolkataInputValue } from '../../app/kolkata-time.ts';
import { useSession } from '../auth/useSession.ts';
import { legalCasesApi } from '../legal-cases/legal-cases.api.ts';
import { useLegalCaseTitle } from '../legal-cases/legal-case-title.ts';
import { PersonPicker } from '../legal-cases/PersonPicker.tsx';
import { OfficialsPicker } from '../organisations/OfficialPicker.tsx';
import { ColleaguesPicker } from '../teams/ColleaguePicker.tsx';
import {
  LEGAL_BASES,
  legalBasisKey,
  RESCUE_OPERATIONS_QUERY_KEY,
  rescueOperationsApi,
  type LegalBasis,
  type NewRescueOperation,
} from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';

interface Form {
  occurredAt: string;
  district: string;
  location: string;
  legalBasis: LegalBasis | null;
  policeUnitId: string | null;
  officialIds: string[];
  ngoStaffIds: string[];
  rescuedPersonIds: string[];
  arrestedPersonIds: string[];
  legalCaseId: string | null;
}

function emptyForm(): Form {
  return {
    occurredAt: kolkataInputValue(),
    district: '',
    location: '',
    legalBasis: null,
    policeUnitId: null,
    officialIds: [],
    ngoStaffIds: [],
    rescuedPersonIds: [],
    arrestedPersonIds: [],
    legalCaseId: null,
  };
}

type Problem = 'required';

/** What the browser can tell before asking the server; the server checks everything again. */
function localProblems(form: Form): Partial<Record<keyof Form, Problem>> {
  const problems: Partial<Record<keyof Form, Problem>> = {};
  if (!isKolkataLocal(form.occurredAt)) problems.occurredAt = 'required';
  if (!form.district.trim()) problems.district = 'required';
  if (!form.legalBasis) problems.legalBasis = 'required';
  return problems;
}

function toRequest(form: Form, legalBasis: LegalBasis): NewRescueOperation {
  return {
    occurredAt: fromKolkataInput(form.occurredAt),
    district: form.district.trim(),
    ...(form.location.trim() ? { location: form.location.trim() } : {}),
    legalBasis,
    ...(form.policeUnitId ? { policeUnitId: form.policeUnitId } : {}),
    officialIds: form.officialIds,
    ngoStaffIds: form.ngoStaffIds,
    rescuedPersonIds: form.rescuedPersonIds,
    arrestedPersonIds: form.arrestedPersonIds,
    ...(form.legalCaseId ? { legalCaseId: form.legalCaseId } : {}),
  };
}

/** Records a rescue operation; the location description is sealed in the vault on the server. */
export function NewRescueOperationPage() {
  const { t } = useRescueOperationsT();
  const caseTitle = useLegalCaseTitle();
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(emptyForm);
  const [submitted, setSubmitted] = useState(false);
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  const legalCases = useQuery({
    queryKey: ['legal-cases', 'list', {}, undefined, 'for-rescue'],
    queryFn: () => legalCasesApi.list({}),
    enabled: can('legal_case:read'),
  });
  const create = useMutation({
    mutationFn: rescueOperationsApi.create,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: RESCUE_OPERATIONS_QUERY_KEY });
      void navigate(`/rescue-operations/${created.id}`);
    },
  });
  const problems = localProblems(form);
  const shown = (field: keyof Form): string | undefined => {
    if (submitted && problems[field] === 'required') return t('create.required');
    return isApiError(create.error) ? create.error.issueFor(field) : undefined;
  };
  const set = <K extends keyof Form>(field: K, value: Form[K]) =>
    setForm((previous) => ({ ...previous, [field]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0 || !form.legalBasis) return;
    create.mutate(toRequest(form, form.legalBasis));
  };
  const policeUnits = (organisations.data?.organisations ?? [])
    .filter((organisation) => organisation.kind === 'police_station')
    .map((organisation) => ({ value: organisation.id, label: organisation.name }));

  return (
    <Stack gap="lg" maw={900}>
      <Title order={2}>{t('create.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Fieldset legend={t('create.when')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <KolkataDateTimeInput
                label={t('fields.occurredAt')}
                required
                value={form.occurredAt}
                onChange={(value) => set('occurredAt', value)}
                error={shown('occurredAt')}
              />
              <TextInput
                label={t('fields.district')}
                required
                maxLength={100}
                value={form.district}
                onChange={(event) => set('district', event.currentTarget.value)}
                error={shown('district')}
              />
              <Select
                label={t('fields.legalBasis')}
                required
                data={LEGAL_BASES.map((basis) => ({
                  value: basis,
                  label: t(legalBasisKey(basis)),
                }))}
                value={form.legalBasis}
                onChange={(value) =>
                  set('legalBasis', LEGAL_BASES.find((basis) => basis === value) ?? null)
                }
                error={shown('legalBasis')}
              />
            </SimpleGrid>
            <Textarea
              mt="sm"
              label={t('fields.location')}
              description={t('create.locationHint')}
              autosize
              minRows={2}
              maxLength={500}
              value={form.location}
              onChange={(event) => set('location', event.currentTarget.value)}
              error={shown('location')}
            />
          </Fieldset>
          <Fieldset legend={t('create.who')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('fields.policeUnit')}
                searchable
                clearable
                data={policeUnits}
                value={form.policeUnitId}
                onChange={(value) => set('policeUnitId', value)}
                error={shown('policeUnitId')}
              />
              <OfficialsPicker
                label={t('fields.officials')}
                description={t('create.officialsHint')}
                value={form.officialIds}
                onChange={(value) => set('officialIds', value)}
                error={shown('officialIds')}
              />
              <ColleaguesPicker
                label={t('fields.ngoStaff')}
                description={t('create.ngoStaffHint')}
                value={form.ngoStaffIds}
                onChange={(value) => set('ngoStaffIds', value)}
                error={shown('ngoStaffIds')}
              />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('create.persons')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <PersonPicker
                label={t('fields.rescued')}
                description={t('create.byPseudonym')}
                value={form.rescuedPersonIds}
                onChange={(value) => set('rescuedPersonIds', value)}
                error={shown('rescuedPersonIds')}
              />
              <PersonPicker
                label={t('fields.arrested')}
                description={t('create.byPseudonym')}
                value={form.arrestedPersonIds}
                onChange={(value) => set('arrestedPersonIds', value)}
                error={shown('arrestedPersonIds')}
              />
            </SimpleGrid>
          </Fieldset>
          {can('legal_case:read') && (
            <Select
              label={t('fields.legalCase')}
              searchable
              clearable
              data={(legalCases.data?.legalCases ?? []).map((legalCase) => ({
                value: legalCase.id,
                label: caseTitle(legalCase.titleFir, legalCase.id),
              }))}
              value={form.legalCaseId}
              onChange={(value) => set('legalCaseId', value)}
              error={shown('legalCaseId')}
            />
          )}
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/rescue-operations')}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
