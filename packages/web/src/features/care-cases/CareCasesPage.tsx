import { CARE_CASE_PHASES } from '@dawn/core';
import { Box, Button, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { PhoneFilters } from '../../app/lists/PhoneFilters.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { anId, oneOf, useUrlFilters } from '../../app/lists/useUrlFilters.ts';
import { useSession } from '../auth/useSession.ts';
import { USERS_QUERY_KEY, usersApi } from '../users/users.api.ts';
import {
  careCaseKeys,
  careCasesApi,
  CASES_PAGE_SIZE,
  type AgeBand,
  type CaseListFilters,
} from './care-cases.api.ts';
import { useCareCaseColumns } from './care-case-columns.tsx';
import { OpenCaseModal } from './OpenCaseModal.tsx';
import { useOrganisations } from './useCaseReferenceData.ts';

const AGE_BANDS: AgeBand[] = ['0-11', '12-14', '15-17', '18-24', '25-34', '35+', 'unknown'];
const SHELTER_KINDS = new Set(['shelter_home', 'children_home', 'fit_facility']);

/** The filters a URL may carry: closed choices and ids only (the search box stays out of it). */
type UrlFilters = Omit<CaseListFilters, 'search'>;

function parseFilters(params: URLSearchParams): UrlFilters {
  return {
    phase: oneOf(params.get('phase'), CARE_CASE_PHASES),
    shelterId: anId(params.get('shelterId')),
    teamMemberId: anId(params.get('teamMemberId')),
    overdue: oneOf(params.get('overdue'), ['true', 'false'] as const),
    ageBand: oneOf(params.get('ageBand'), AGE_BANDS),
  };
}

/** Care cases the user may see, filtered; searching by pseudonym or case code as one types. */
export function CareCasesPage() {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const { organisations } = useOrganisations();
  const { filters, setFilters } = useUrlFilters(parseFilters);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const [opening, setOpening] = useState(false);
  const users = useQuery({
    queryKey: USERS_QUERY_KEY,
    queryFn: usersApi.list,
    enabled: can('user:read'),
  });
  const query: CaseListFilters = { ...filters, search: debouncedSearch || undefined };
  const pages = useKeysetPages(JSON.stringify(query));
  const cases = useQuery({
    queryKey: careCaseKeys.list(query, pages.after),
    queryFn: () => careCasesApi.list(query, pages.after),
    placeholderData: keepPreviousData,
  });
  const setFilter = <Key extends keyof UrlFilters>(key: Key, value: UrlFilters[Key]) => {
    setFilters({ ...filters, [key]: value ?? undefined });
  };
  const me = session?.stage === 'active' ? session.user : undefined;
  const teamOptions = [
    ...(me ? [{ value: me.id, label: t('careCases.list.me') }] : []),
    ...(users.data?.users ?? [])
      .filter((user) => user.id !== me?.id)
      .map((user) => ({ value: user.id, label: user.displayName })),
  ];

  const columns = useCareCaseColumns(
    'pseudonym',
    'code',
    'ageBand',
    'phase',
    'placement',
    'nextDue',
    'opened',
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('careCases.list.title')}</Title>
        {can('care_case:write') && (
          <Button onClick={() => setOpening(true)}>{t('careCases.open.button')}</Button>
        )}
      </Group>
      <Box role="search" aria-label={t('careCases.list.filters')}>
        <PhoneFilters
          // A filter not in the URL is read as an undefined value.
          chosen={
            Object.values(filters as Record<string, string | undefined>).filter(
              (value) => value !== undefined,
            ).length
          }
          lead={
            <TextInput
              label={t('careCases.list.search')}
              description={t('careCases.list.searchHint')}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              maxLength={50}
              type="search"
            />
          }
        >
          <Select
            label={t('careCases.list.phase')}
            clearable
            data={CARE_CASE_PHASES.map((phase) => ({
              value: phase,
              label: t(`careCases.phases.${phase}`),
            }))}
            value={filters.phase ?? null}
            onChange={(value) => setFilter('phase', value ?? undefined)}
            w={170}
          />
          <Select
            label={t('careCases.list.shelter')}
            clearable
            searchable
            data={organisations
              .filter((organisation) => SHELTER_KINDS.has(organisation.kind))
              .map((organisation) => ({ value: organisation.id, label: organisation.name }))}
            value={filters.shelterId ?? null}
            onChange={(value) => setFilter('shelterId', value ?? undefined)}
            w={220}
          />
          <Select
            label={t('careCases.list.teamMember')}
            clearable
            searchable
            data={teamOptions}
            value={filters.teamMemberId ?? null}
            onChange={(value) => setFilter('teamMemberId', value ?? undefined)}
            w={190}
          />
          <Select
            label={t('careCases.list.ageBand')}
            clearable
            data={AGE_BANDS.map((band) => ({ value: band, label: t(`persons.ageBands.${band}`) }))}
            value={filters.ageBand ?? null}
            onChange={(value) => setFilter('ageBand', value ?? undefined)}
            w={140}
          />
          <Select
            label={t('careCases.list.overdue')}
            clearable
            data={[
              { value: 'true', label: t('careCases.list.withOverdue') },
              { value: 'false', label: t('careCases.list.withoutOverdue') },
            ]}
            value={filters.overdue ?? null}
            onChange={(value) => setFilter('overdue', value ?? undefined)}
            w={190}
          />
        </PhoneFilters>
      </Box>
      {cases.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ErrorAlert error={cases.error} />
      {cases.data && (
        <>
          <ListTable
            rows={cases.data.cases}
            rowKey={(careCase) => careCase.id}
            label={t('careCases.list.title')}
            minWidth={800}
            busy={cases.isPlaceholderData}
            columns={columns}
          />
          {cases.data.cases.length === 0 && pages.pageIndex === 0 && (
            <Text>{t('careCases.list.empty')}</Text>
          )}
          <KeysetPager
            pages={pages}
            pageSize={CASES_PAGE_SIZE}
            rowCount={cases.data.cases.length}
            busy={cases.isPlaceholderData}
            nextCursor={cases.data.nextCursor}
            label={t('careCases.list.title')}
            count={{
              key: careCaseKeys.list(query, undefined),
              run: () => careCasesApi.count(query),
            }}
          />
        </>
      )}
      <OpenCaseModal opened={opening} onClose={() => setOpening(false)} />
    </Stack>
  );
}
