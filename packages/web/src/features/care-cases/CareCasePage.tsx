import {
  Anchor,
  Badge,
  Grid,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { AssessmentsPanel } from '../assessments/AssessmentsPanel.tsx';
import { CaseStoriesPanel } from '../stories/CaseStoriesPanel.tsx';
import { CaseDocuments } from '../documents/CaseDocuments.tsx';
import { careCaseKeys, careCasesApi, type CareCaseView } from './care-cases.api.ts';
import { CarePlanPanel } from './CarePlanPanel.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ActiveConsentBadges, ConsentsPanel } from './ConsentsPanel.tsx';
import { TaskTitle } from './TaskTitle.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

/** One care case: who (by pseudonym), where she is in her journey, and everything recorded. */
export function CareCasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const careCase = useQuery({
    queryKey: careCaseKeys.detail(caseId),
    queryFn: () => careCasesApi.get(caseId),
  });

  if (careCase.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (careCase.isError) return <ErrorAlert error={careCase.error} />;
  const data = careCase.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/care-cases" size="sm">
        {t('careCases.backToList')}
      </Anchor>
      <CaseHeader careCase={data} />
      <AssessmentsPanel caseId={data.id} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <CaseTimeline caseId={data.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <ConsentsPanel caseId={data.id} />
            <CarePlanPanel caseId={data.id} />
            <TeamPanel careCase={data} />
            <CaseStoriesPanel caseId={data.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <CaseDocuments entityType="care_case" entityId={data.id} people={data.team} />
    </Stack>
  );
}

function CaseHeader({ careCase }: { careCase: CareCaseView }) {
  const { t, i18n } = useTranslation();
  const language = intlLocale(i18n.resolvedLanguage);
  return (
    <Paper withBorder p="md" component="header" data-testid="case-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2}>{careCase.person.pseudonym}</Title>
            <Text c="dimmed" size="sm">
              {t('careCases.header.code', { code: careCase.code })} ·{' '}
              {t('careCases.header.opened', { date: formatDate(careCase.openedAt, language) })}
            </Text>
          </Stack>
          <Badge size="lg" variant="filled" data-testid="case-phase">
            {t(`careCases.phases.${careCase.phase}`)}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
          <Fact label={t('careCases.header.ageBand')}>
            {t(`persons.ageBands.${careCase.person.ageBand}`)}
          </Fact>
          <Fact label={t('careCases.header.placement')}>
            {careCase.placement?.organisationName ?? t('careCases.header.notPlaced')}
          </Fact>
          <Fact label={t('careCases.header.rescued')}>
            {careCase.rescuedAt ? formatDate(careCase.rescuedAt, language) : '—'}
          </Fact>
          <Fact label={t('careCases.header.closed')}>
            {careCase.closedAt
              ? `${formatDate(careCase.closedAt, language)}${
                  careCase.closureReason
                    ? ` · ${t(`careCases.options.closureReason.${careCase.closureReason}`)}`
                    : ''
                }`
              : '—'}
          </Fact>
        </SimpleGrid>
        <Fact label={t('careCases.header.consents')}>
          <ActiveConsentBadges consents={careCase.activeConsents} />
        </Fact>
        <Fact label={t('careCases.header.nextTasks')}>
          {careCase.nextTasks.length === 0 ? (
            <Text size="sm">{t('careCases.tasks.none')}</Text>
          ) : (
            <List size="sm">
              {careCase.nextTasks.map((task) => (
                <List.Item key={task.id}>
                  <TaskTitle task={task} /> — {formatDate(task.dueAt, language)}
                  {task.overdue && (
                    <Badge color="red" size="xs" ml="xs">
                      {t('careCases.tasks.overdue')}
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Fact>
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}
