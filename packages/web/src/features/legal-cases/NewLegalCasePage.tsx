import { checkCnr, FORUMS, type Forum } from '@dawn/core';
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KolkataDateTimeInput } from '../../app/forms/KolkataDateTimeInput.tsx';
import { fromKolkataInput, isKolkataLocal } from '../../app/kolkata-time.ts';
import {
  LEGAL_CASES_QUERY_KEY,
  legalCasesApi,
  type NewLegalCase,
  type Organisation,
} from './legal-cases.api.ts';
import { useLegalCasesT } from './legal-case-labels.ts';
import { isOffenceCode, OffencePicker } from './OffencePicker.tsx';
import { PersonPicker } from './PersonPicker.tsx';

interface Form {
  policeStationId: string | null;
  firNumber: string;
  firYear: number | string;
  firDate: string;
  zeroFir: boolean;
  cnr: string;
  courtId: string | null;
  forum: string | null;
  offences: string[];
  victims: string[];
  accused: string[];
}

const EMPTY: Form = {
  policeStationId: null,
  firNumber: '',
  firYear: '',
  firDate: '',
  zeroFir: false,
  cnr: '',
  courtId: null,
  forum: null,
  offences: [],
  victims: [],
  accused: [],
};

function optionsOfKind(organisations: Organisation[] | undefined, kind: string) {
  return (organisations ?? [])
    .filter((organisation) => organisation.kind === kind)
    .map((organisation) => ({ value: organisation.id, label: organisation.name }));
}

/** What the browser can tell before asking the server; the server checks everything again. */
function localProblems(form: Form): Partial<Record<keyof Form, string>> {
  const problems: Partial<Record<keyof Form, string>> = {};
  const anyFir = form.policeStationId || form.firNumber || form.firYear || form.firDate;
  if (anyFir) {
    if (!form.policeStationId) problems.policeStationId = 'required';
    if (!/^[0-9A-Za-z/-]{1,20}$/.test(form.firNumber.trim())) problems.firNumber = 'firNumber';
    if (typeof form.firYear !== 'number') problems.firYear = 'required';
    if (!isKolkataLocal(form.firDate)) problems.firDate = 'required';
  }
  if (form.cnr.trim()) {
    const checked = checkCnr(form.cnr);
    if (!checked.ok) problems.cnr = checked.message;
  }
  if (form.offences.some((code) => !isOffenceCode(code))) problems.offences = 'offence';
  return problems;
}

function toRequest(form: Form): NewLegalCase {
  return {
    ...(form.policeStationId && typeof form.firYear === 'number'
      ? {
          fir: {
            policeStationId: form.policeStationId,
            number: form.firNumber.trim(),
            year: form.firYear,
            registeredAt: fromKolkataInput(form.firDate),
            zeroFir: form.zeroFir,
          },
        }
      : {}),
    ...(form.cnr.trim() ? { cnr: form.cnr.trim() } : {}),
    ...(form.courtId ? { courtId: form.courtId } : {}),
    ...(form.forum ? { forum: form.forum as Forum } : {}),
    offences: form.offences,
    victims: form.victims,
    accused: form.accused,
  };
}

/** Opens a legal case: FIR, CNR, court and forum, offences, and the victims and accused. */
export function NewLegalCasePage() {
  const { t } = useLegalCasesT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  const create = useMutation({
    mutationFn: legalCasesApi.create,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: LEGAL_CASES_QUERY_KEY });
      void navigate(`/legal-cases/${created.id}`);
    },
  });
  const problems = localProblems(form);
  const shown = (field: keyof Form): string | undefined => {
    const local = submitted ? problems[field] : undefined;
    if (local === 'required') return t('create.required');
    if (local === 'firNumber') return t('create.firNumberInvalid');
    if (local === 'offence') return undefined; // The picker names the bad codes itself.
    if (local) return cnrProblem(local);
    const serverPaths: Partial<Record<keyof Form, string>> = {
      policeStationId: 'policeStationId',
      firNumber: 'fir.number',
      firYear: 'year',
      firDate: 'registeredAt',
      cnr: 'cnr',
      courtId: 'courtId',
      offences: 'offences',
      victims: 'victims',
      accused: 'accused',
    };
    const path = serverPaths[field];
    return path && isApiError(create.error) ? create.error.issueFor(path) : undefined;
  };
  // Core says what is wrong with a CNR in English (for the API); the form says it in the
  // reader's language.
  const cnrProblem = (message: string): string => {
    const length = /has (\d+)\)/.exec(message)?.[1];
    if (length !== undefined) return t('create.cnrProblems.length', { count: Number(length) });
    const year = /and (\d+) is not plausible/.exec(message)?.[1];
    if (year !== undefined) return t('create.cnrProblems.year', { year });
    return t('create.cnrProblems.pattern');
  };
  const set = <K extends keyof Form>(field: K, value: Form[K]) =>
    setForm((previous) => ({ ...previous, [field]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    create.mutate(toRequest(form));
  };

  return (
    <Stack gap="lg" maw={900}>
      <Title order={2}>{t('create.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Fieldset legend={t('create.fir')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('create.policeStation')}
                searchable
                clearable
                data={optionsOfKind(organisations.data?.organisations, 'police_station')}
                value={form.policeStationId}
                onChange={(value) => set('policeStationId', value)}
                error={shown('policeStationId')}
              />
              <TextInput
                label={t('create.firNumber')}
                value={form.firNumber}
                onChange={(event) => set('firNumber', event.currentTarget.value)}
                error={shown('firNumber')}
              />
              <NumberInput
                label={t('create.firYear')}
                min={1950}
                max={2100}
                value={form.firYear}
                onChange={(value) => set('firYear', value)}
                error={shown('firYear')}
              />
              <KolkataDateTimeInput
                label={t('create.firDate')}
                value={form.firDate}
                onChange={(value) => set('firDate', value)}
                error={shown('firDate')}
              />
            </SimpleGrid>
            <Checkbox
              mt="sm"
              label={t('create.zeroFir')}
              checked={form.zeroFir}
              onChange={(event) => set('zeroFir', event.currentTarget.checked)}
            />
          </Fieldset>
          <Fieldset legend={t('create.court')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('create.cnr')}
                description={t('create.cnrHint')}
                value={form.cnr}
                maxLength={24}
                onChange={(event) => set('cnr', event.currentTarget.value)}
                error={shown('cnr')}
              />
              <Select
                label={t('create.courtName')}
                searchable
                clearable
                data={optionsOfKind(organisations.data?.organisations, 'court')}
                value={form.courtId}
                onChange={(value) => set('courtId', value)}
                error={shown('courtId')}
              />
              <Select
                label={t('create.forum')}
                clearable
                data={FORUMS.map((forum) => ({ value: forum, label: t(`forum.${forum}`) }))}
                value={form.forum}
                onChange={(value) => set('forum', value)}
              />
            </SimpleGrid>
          </Fieldset>
          <OffencePicker
            value={form.offences}
            onChange={(value) => set('offences', value)}
            error={shown('offences')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PersonPicker
              label={t('create.victims')}
              description={t('create.byPseudonym')}
              value={form.victims}
              onChange={(value) => set('victims', value)}
              error={shown('victims')}
            />
            <PersonPicker
              label={t('create.accused')}
              description={t('create.byPseudonym')}
              value={form.accused}
              onChange={(value) => set('accused', value)}
              error={shown('accused')}
            />
          </SimpleGrid>
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/legal-cases')}>
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
