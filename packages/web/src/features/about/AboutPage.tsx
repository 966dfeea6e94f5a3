import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../app/api.ts';
import { FactsTable } from '../../app/FactsTable.tsx';
import { dateTimeOptions } from '../../app/format.ts';
import type { About } from './about.types.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** "About this installation": what runs here and whether it is healthy. A real page, not a stub. */
export function AboutPage() {
  const { t, i18n } = useTranslation();
  const about = useQuery({
    queryKey: ['system', 'about'],
    queryFn: () => getJson<About>('/api/system/about'),
    refetchInterval: 30_000,
  });

  if (about.isPending) {
    return (
      <Group>
        <Loader size="sm" />
        <Text>{t('common.loading')}</Text>
      </Group>
    );
  }
  if (about.isError) {
    return (
      <Alert color="red" title={t('about.unreachableTitle')} role="alert">
        <Stack gap="xs">
          <Text>{t('about.unreachableBody')}</Text>
          <Button variant="light" w="fit-content" onClick={() => void about.refetch()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }

  const data = about.data;
  const ready = data.readiness.status === 'ready';
  const dateFormat = new Intl.DateTimeFormat(intlLocale(i18n.resolvedLanguage), {
    ...dateTimeOptions(i18n.resolvedLanguage ?? 'en', { date: 'long' }),
    timeZone: data.timeZone,
  });
  const number = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage));
  const details = data.details;
  const rows: [string, React.ReactNode][] = [
    ...(details
      ? ([
          [t('about.version'), details.version],
          [
            t('about.database'),
            `${details.database.kind === 'pglite' ? t('about.databasePglite') : t('about.databasePostgres')}${
              details.database.version ? ` ${details.database.version}` : ''
            }`,
          ],
          [
            t('about.migrations'),
            t('about.migrationsApplied', { count: data.readiness.migrations.applied }),
          ],
        ] as [string, React.ReactNode][])
      : []),
    [t('about.timeZone'), data.timeZone],
    ...(details
      ? ([
          [t('about.startedAt'), dateFormat.format(new Date(details.startedAt))],
          [t('about.node'), details.nodeVersion],
        ] as [string, React.ReactNode][])
      : []),
  ];

  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={2}>{t('about.title')}</Title>
        <Text c="dimmed">{t('about.intro')}</Text>
      </Stack>

      <Card withBorder padding="lg" aria-labelledby="health-heading">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4" id="health-heading">
            {t('about.health')}
          </Title>
          <Badge color={ready ? 'teal' : 'red'} size="lg" data-testid="health-badge">
            {ready ? t('about.ready') : t('about.notReady')}
          </Badge>
        </Group>
        {!ready && (
          <Alert color="red" mb="sm">
            {data.readiness.database === 'unreachable'
              ? t('about.databaseUnreachable')
              : t('about.migrationsPending', {
                  names: data.readiness.migrations.pending.join(', '),
                })}
          </Alert>
        )}
        <FactsTable rows={rows} labelWidth="40%" />
      </Card>

      {details ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {(
            [
              ['organisations', details.counts.organisations],
              ['officials', details.counts.officials],
              ['users', details.counts.users],
            ] as const
          ).map(([key, value]) => (
            <Card withBorder key={key} padding="md">
              <Text size="sm" c="dimmed">
                {t(`about.counts.${key}`)}
              </Text>
              <Text size="xl" fw={700}>
                {number.format(value)}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      ) : (
        <Text size="sm" c="dimmed">
          {t('about.detailsForAdmins')}
        </Text>
      )}

      {data.demoOrganisation && (
        <Alert color="yellow" title={t('about.demoTitle')}>
          {t('about.demoBody')}
        </Alert>
      )}
      <Alert color="blue" title={t('about.signInTitle')}>
        {t('about.signInBody')}
      </Alert>
    </Stack>
  );
}
