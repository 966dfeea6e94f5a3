import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { legalCasesApi } from '../legal-cases/legal-cases.api.ts';
import { officialsApi } from '../organisations/officials.api.ts';
import { teamsApi } from '../teams/teams.api.ts';
import {
  legalBasisKey,
  RESCUE_OPERATIONS_QUERY_KEY,
  rescueOperationsApi,
  type RescueOperation,
} from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';
import { RevealLocationDialog } from './RevealLocationDialog.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Location({ operation }: { operation: RescueOperation }) {
  const { t } = useRescueOperationsT();
  const { can } = useSession();
  const [revealing, setRevealing] = useState(false);
  if (!operation.hasLocation) return <>{t('page.noLocation')}</>;
  return (
    <Group gap="xs">
      <Badge variant="light" color="gray">
        {t('page.sealed')}
      </Badge>
      {can('rescue_operation:write') && (
        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevealing(true)}>
          {t('reveal.open')}
        </Button>
      )}
      {revealing && (
        <RevealLocationDialog operationId={operation.id} onClose={() => setRevealing(false)} />
      )}
    </Group>
  );
}

/** Officials and NGO staff are stored by id; their names come from the officials and colleagues lists. */
function People({ operation }: { operation: RescueOperation }) {
  const { t } = useRescueOperationsT();
  const { can } = useSession();
  const officials = useQuery({
    queryKey: ['officials', 'ids', operation.officialIds],
    queryFn: () => officialsApi.search({ ids: operation.officialIds }),
    enabled: operation.officialIds.length > 0,
  });
  const mayListColleagues = can('care_case:write') || can('legal_case:write');
  const staff = useQuery({
    queryKey: ['colleagues', 'ids', operation.ngoStaffIds],
    queryFn: () => teamsApi.colleagues({ ids: operation.ngoStaffIds }),
    enabled: mayListColleagues && operation.ngoStaffIds.length > 0,
  });
  return (
    <>
      <Fact label={t('fields.officials')}>
        {operation.officialIds.length === 0 ? (
          '—'
        ) : (
          <List size="sm">
            {(officials.data?.officials ?? []).map((official) => (
              <List.Item key={official.id}>
                {official.name} · {official.designation}, {official.organisation.name}
              </List.Item>
            ))}
          </List>
        )}
      </Fact>
      <Fact label={t('fields.ngoStaff')}>
        {operation.ngoStaffIds.length === 0
          ? '—'
          : staff.data
            ? staff.data.colleagues.map((colleague) => colleague.displayName).join(', ') ||
              t('page.staffCount', { count: operation.ngoStaffIds.length })
            : t('page.staffCount', { count: operation.ngoStaffIds.length })}
      </Fact>
    </>
  );
}

function RescuedPersons({ operation }: { operation: RescueOperation }) {
  const { t } = useRescueOperationsT();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: () => rescueOperationsApi.openCareCases(operation.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RESCUE_OPERATIONS_QUERY_KEY });
    },
  });
  const withoutCase = operation.rescued.filter((person) => person.careCaseId === null);
  const pseudonymOf = new Map(
    operation.rescued.map((person) => [person.personId, person.pseudonym]),
  );
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t('fields.rescued')}</Title>
          {can('care_case:write') && withoutCase.length > 0 && (
            <Button variant="light" loading={open.isPending} onClick={() => open.mutate()}>
              {t('page.openCareCases', { count: withoutCase.length })}
            </Button>
          )}
        </Group>
        <ErrorAlert error={open.error} />
        {open.data && (
          <Alert color="green" role="status" title={t('page.careCasesReady')}>
            <List size="sm">
              {open.data.careCases.map((opened) => (
                <List.Item key={opened.careCaseId}>
                  <Anchor component={Link} to={`/care-cases/${opened.careCaseId}`}>
                    {opened.code}
                  </Anchor>{' '}
                  · {pseudonymOf.get(opened.personId) ?? ''} ·{' '}
                  {opened.opened ? t('page.opened') : t('page.reused')}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {operation.rescued.length === 0 ? (
          <Text c="dimmed">{t('page.noneRescued')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('page.pseudonym')}</Table.Th>
                <Table.Th>{t('page.careCase')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {operation.rescued.map((person) => (
                <Table.Tr key={person.personId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/persons/${person.personId}`}>
                      {person.pseudonym}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {person.careCaseId ? (
                      <Anchor component={Link} to={`/care-cases/${person.careCaseId}`}>
                        {t('page.openCareCase')}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('page.noCareCase')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

/** One rescue operation: when, where (sealed), on what basis, who led it, who was rescued. */
export function RescueOperationPage() {
  const { operationId = '' } = useParams();
  const { t, i18n } = useRescueOperationsT();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const operation = useQuery({
    queryKey: [...RESCUE_OPERATIONS_QUERY_KEY, 'detail', operationId],
    queryFn: () => rescueOperationsApi.get(operationId),
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  if (operation.isPending) return <Loader aria-label={t('loading')} />;
  if (operation.error) return <ErrorAlert error={operation.error} />;
  const data = operation.data;
  const policeUnit = (organisations.data?.organisations ?? []).find(
    (organisation) => organisation.id === data.policeUnitId,
  );

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/rescue-operations" size="sm">
        {t('page.back')}
      </Anchor>
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2}>
              {t('page.title', {
                district: data.district,
                date: formatDateTime(data.occurredAt, language),
              })}
            </Title>
            <Badge size="lg" variant="light">
              {t(legalBasisKey(data.legalBasis))}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Fact label={t('fields.occurredAt')}>{formatDateTime(data.occurredAt, language)}</Fact>
            <Fact label={t('fields.district')}>{data.district}</Fact>
            <Fact label={t('fields.location')}>
              <Location operation={data} />
            </Fact>
            <Fact label={t('fields.policeUnit')}>{policeUnit?.name ?? '—'}</Fact>
            <People operation={data} />
            <Fact label={t('fields.legalCase')}>
              {data.legalCaseId && can('legal_case:read') ? (
                <Anchor component={Link} to={`/legal-cases/${data.legalCaseId}`}>
                  {t('page.openLegalCase')}
                </Anchor>
              ) : data.legalCaseId ? (
                t('page.linked')
              ) : (
                '—'
              )}
            </Fact>
            <Fact label={t('fields.arrested')}>
              {data.arrested.length === 0
                ? '—'
                : data.arrested.map((person) => person.pseudonym).join(', ')}
            </Fact>
          </SimpleGrid>
        </Stack>
      </Card>
      <RescuedPersons operation={data} />
    </Stack>
  );
}
