import { LEGAL_CASE_STAGES, OFFENCE_CODE_PATTERN } from '@dawn/core';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { PhoneFilters } from '../../app/lists/PhoneFilters.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { anId, oneOf, useUrlFilters } from '../../app/lists/useUrlFilters.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import {
  LEGAL_CASES_PAGE_SIZE,
  LEGAL_CASES_QUERY_KEY,
  legalCasesApi,
  type LegalCaseFilters,
} from './legal-cases.api.ts';
import { useLegalCasesT } from './legal-case-labels.ts';
import { useLegalCaseTitle } from './legal-case-title.ts';
import { useOffenceOptions } from './OffencePicker.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

interface Draft {
  stage: string | null;
  courtId: string | null;
  offence: string | null;
  inCustody: string | null;
  hearingWithinDays: number | string;
}

const EMPTY: Draft = {
  stage: null,
  courtId: null,
  offence: null,
  inCustody: null,
  hearingWithinDays: '',
};

/** The applied filters as the URL carries them: closed choices, ids, offence codes, a number. */
interface UrlFilters extends Record<string, string | undefined> {
  stage?: string | undefined;
  courtId?: string | undefined;
  offence?: string | undefined;
  inCustody?: string | undefined;
  hearingWithinDays?: string | undefined;
}

function parseFilters(params: URLSearchParams): UrlFilters {
  const offence = params.get('offence');
  const days = params.get('hearingWithinDays');
  return {
    stage: oneOf(params.get('stage'), LEGAL_CASE_STAGES),
    courtId: anId(params.get('courtId')),
    offence: offence !== null && OFFENCE_CODE_PATTERN.test(offence) ? offence : undefined,
    inCustody: oneOf(params.get('inCustody'), ['true', 'false'] as const),
    hearingWithinDays:
      days !== null && /^\d{1,3}$/.test(days) && Number(days) <= 366 ? days : undefined,
  };
}

function draftOf(filters: UrlFilters): Draft {
  return {
    stage: filters.stage ?? null,
    courtId: filters.courtId ?? null,
    offence: filters.offence ?? null,
    inCustody: filters.inCustody ?? null,
    hearingWithinDays:
      filters.hearingWithinDays === undefined ? '' : Number(filters.hearingWithinDays),
  };
}

function toUrlFilters(draft: Draft): UrlFilters {
  return {
    stage: draft.stage ?? undefined,
    courtId: draft.courtId ?? undefined,
    offence: draft.offence ?? undefined,
    inCustody: draft.inCustody ?? undefined,
    hearingWithinDays:
      typeof draft.hearingWithinDays === 'number' ? String(draft.hearingWithinDays) : undefined,
  };
}

function toFilters(filters: UrlFilters): LegalCaseFilters {
  return {
    stage: oneOf(filters.stage ?? null, LEGAL_CASE_STAGES),
    courtId: filters.courtId,
    offence: filters.offence,
    inCustody: oneOf(filters.inCustody ?? null, ['true', 'false'] as const),
    hearingWithinDays:
      filters.hearingWithinDays === undefined ? undefined : Number(filters.hearingWithinDays),
  };
}

/** Legal cases the user may see, next hearing first, with the filters the API offers. */
export function LegalCasesPage() {
  const { t, i18n } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const offenceOptions = useOffenceOptions();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const { filters: applied, setFilters } = useUrlFilters(parseFilters);
  const [draft, setDraft] = useState<Draft>(() => draftOf(applied));
  const filters = toFilters(applied);
  const pages = useKeysetPages(JSON.stringify(filters));
  const list = useQuery({
    queryKey: [...LEGAL_CASES_QUERY_KEY, 'list', filters, pages.after],
    queryFn: () => legalCasesApi.list(filters, pages.after),
    placeholderData: keepPreviousData,
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  const courts = (organisations.data?.organisations ?? [])
    .filter((organisation) => organisation.kind === 'court')
    .map((organisation) => ({ value: organisation.id, label: organisation.name }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilters(toUrlFilters(draft));
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('list.title')}</Title>
        {can('legal_case:write') && (
          <Button component={Link} to="/legal-cases/new">
            {t('list.new')}
          </Button>
        )}
      </Group>
      <Text c="dimmed">{t('list.intro')}</Text>
      <form onSubmit={submit} aria-label={t('list.filters')}>
        <PhoneFilters chosen={Object.values(applied).filter((value) => value !== undefined).length}>
          <Select
            label={t('list.stage')}
            clearable
            w={180}
            value={draft.stage}
            onChange={(stage) => setDraft({ ...draft, stage })}
            data={LEGAL_CASE_STAGES.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
          />
          <Select
            label={t('list.court')}
            clearable
            searchable
            w={240}
            value={draft.courtId}
            onChange={(courtId) => setDraft({ ...draft, courtId })}
            data={courts}
          />
          <Select
            label={t('list.offence')}
            clearable
            searchable
            w={240}
            value={draft.offence}
            onChange={(offence) => setDraft({ ...draft, offence })}
            data={offenceOptions}
          />
          <Select
            label={t('list.inCustody')}
            clearable
            w={180}
            value={draft.inCustody}
            onChange={(inCustody) => setDraft({ ...draft, inCustody })}
            data={[
              { value: 'true', label: t('list.inCustodyYes') },
              { value: 'false', label: t('list.inCustodyNo') },
            ]}
          />
          <NumberInput
            label={t('list.hearingWithin')}
            min={0}
            max={366}
            w={160}
            value={draft.hearingWithinDays}
            onChange={(hearingWithinDays) => setDraft({ ...draft, hearingWithinDays })}
          />
          <Button type="submit">{t('list.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilters({});
            }}
          >
            {t('list.clear')}
          </Button>
        </PhoneFilters>
      </form>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loader aria-label={t('loading')} />
      ) : list.data && list.data.legalCases.length === 0 && pages.pageIndex === 0 ? (
        <Text c="dimmed">{t('list.empty')}</Text>
      ) : (
        <ListTable
          rows={list.data?.legalCases ?? []}
          rowKey={(legalCase) => legalCase.id}
          label={t('list.title')}
          minWidth={800}
          busy={list.isPlaceholderData}
          columns={[
            {
              key: 'case',
              header: t('list.case'),
              onCard: 'title',
              cell: (legalCase) => (
                <>
                  <Anchor component={Link} to={`/legal-cases/${legalCase.id}`}>
                    {caseTitle(legalCase.titleFir, legalCase.id)}
                  </Anchor>
                  {legalCase.cnr && (
                    <Text size="xs" c="dimmed" fw={400}>
                      {legalCase.cnr}
                    </Text>
                  )}
                </>
              ),
            },
            {
              key: 'court',
              header: t('list.court'),
              cell: (legalCase) => legalCase.court?.name ?? '—',
            },
            {
              key: 'offences',
              header: t('list.offences'),
              onCard: 'badge',
              cell: (legalCase) => (
                <Group gap={4}>
                  {legalCase.offences.map((offence) => (
                    <Badge key={offence.code} variant="light" size="sm">
                      {offence.code}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            {
              key: 'stage',
              header: t('list.stage'),
              cell: (legalCase) => t(`stage.${legalCase.stage}`),
            },
            {
              key: 'custody',
              header: t('list.custodyCount'),
              cell: (legalCase) =>
                new Intl.NumberFormat(language).format(legalCase.accusedInCustody),
            },
            {
              key: 'nextHearing',
              header: t('list.nextHearing'),
              cell: (legalCase) =>
                legalCase.nextHearing ? formatDateTime(legalCase.nextHearing.at, language) : '—',
            },
          ]}
        />
      )}
      {list.data && (
        <KeysetPager
          pages={pages}
          pageSize={LEGAL_CASES_PAGE_SIZE}
          rowCount={list.data.legalCases.length}
          busy={list.isPlaceholderData}
          nextCursor={list.data.nextCursor}
          label={t('list.title')}
          count={{
            key: [...LEGAL_CASES_QUERY_KEY, 'list', filters],
            run: () => legalCasesApi.count(filters),
          }}
        />
      )}
    </Stack>
  );
}
