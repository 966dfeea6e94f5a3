import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { legalCasesApi } from '../legal-cases/legal-cases.api.ts';
import {
  legalBasisKey,
  RESCUE_OPERATIONS_PAGE_SIZE,
  RESCUE_OPERATIONS_QUERY_KEY,
  rescueOperationsApi,
} from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** Rescue operations the user may see, newest first. */
export function RescueOperationsPage() {
  const { t, i18n } = useRescueOperationsT();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const pages = useKeysetPages('all');
  const list = useQuery({
    queryKey: [...RESCUE_OPERATIONS_QUERY_KEY, 'list', pages.after],
    queryFn: () => rescueOperationsApi.list(pages.after),
    placeholderData: keepPreviousData,
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  const organisationName = new Map(
    (organisations.data?.organisations ?? []).map((organisation) => [
      organisation.id,
      organisation.name,
    ]),
  );
  const operations = list.data?.rescueOperations ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('list.title')}</Title>
        {can('rescue_operation:write') && (
          <Button component={Link} to="/rescue-operations/new">
            {t('list.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('loading')} />
      ) : operations.length === 0 ? (
        pages.pageIndex === 0 && <Text c="dimmed">{t('list.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('list.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.occurredAt')}</Table.Th>
                <Table.Th>{t('fields.district')}</Table.Th>
                <Table.Th>{t('fields.legalBasis')}</Table.Th>
                <Table.Th>{t('fields.policeUnit')}</Table.Th>
                <Table.Th>{t('list.rescued')}</Table.Th>
                <Table.Th>{t('list.arrested')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {operations.map((operation) => (
                <Table.Tr key={operation.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/rescue-operations/${operation.id}`}>
                      {formatDateTime(operation.occurredAt, language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{operation.district}</Table.Td>
                  <Table.Td>{t(legalBasisKey(operation.legalBasis))}</Table.Td>
                  <Table.Td>
                    {operation.policeUnitId
                      ? (organisationName.get(operation.policeUnitId) ?? '—')
                      : '—'}
                  </Table.Td>
                  <Table.Td>{operation.rescued.length}</Table.Td>
                  <Table.Td>{operation.arrested.length}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && (operations.length > 0 || pages.pageIndex > 0) && (
        <KeysetPager
          pages={pages}
          pageSize={RESCUE_OPERATIONS_PAGE_SIZE}
          rowCount={operations.length}
          busy={list.isPlaceholderData}
          nextCursor={list.data.nextCursor}
          label={t('list.title')}
        />
      )}
    </Stack>
  );
}
