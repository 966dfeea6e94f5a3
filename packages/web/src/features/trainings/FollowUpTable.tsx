import { Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useWideScreen } from '../../app/useWideScreen.ts';
import { useTrainingsT, type FollowUp, type Tally } from './trainings.api.ts';

/** Milestones of each trained official a year before and after, with the number of cases. */
export function FollowUpTable({ sessionId }: { sessionId: string }) {
  const { t } = useTrainingsT();
  const wide = useWideScreen();
  const followUp = useQuery({
    queryKey: ['trainings', 'follow-up', sessionId],
    queryFn: () => getJson<FollowUp>(`/api/trainings/sessions/${sessionId}/follow-up`),
  });
  if (followUp.isPending) return <Loader />;
  if (followUp.error) return <ErrorAlert error={followUp.error} />;
  const tally = (value: Tally, deadline: boolean) =>
    value.milestones === 0
      ? '—'
      : deadline
        ? t('followUp.onTimeOf', { onTime: value.onTime, n: value.milestones, cases: value.cases })
        : t('followUp.of', { n: value.milestones, cases: value.cases });
  return (
    <Stack data-testid="follow-up">
      <Title order={3}>{t('followUp.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('followUp.intro', { days: followUp.data.windowDays })}
      </Text>
      {wide ? (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('participant.official')}</Table.Th>
                <Table.Th>{t('followUp.milestone')}</Table.Th>
                <Table.Th>{t('followUp.before')}</Table.Th>
                <Table.Th>{t('followUp.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {followUp.data.officials.flatMap((official) =>
                official.milestones.map((milestone, index) => (
                  <Table.Tr key={`${official.participantId}-${milestone.milestone}`}>
                    <Table.Td>{index === 0 ? official.name : ''}</Table.Td>
                    <Table.Td>{t(`followUp.milestones.${milestone.milestone}`)}</Table.Td>
                    <Table.Td>{tally(milestone.before, milestone.deadline)}</Table.Td>
                    <Table.Td>{tally(milestone.after, milestone.deadline)}</Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        // On a phone, a card an official: each milestone with its year before and after under
        // it, not four columns slid sideways.
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {followUp.data.officials.map((official) => (
            <Card key={official.participantId} component="li" withBorder padding="sm">
              <Text fw={600} size="sm" mb={4}>
                {official.name}
              </Text>
              {official.milestones.map((milestone) => (
                <Stack key={milestone.milestone} gap={0} mb={6}>
                  <Text size="sm" fw={500}>
                    {t(`followUp.milestones.${milestone.milestone}`)}
                  </Text>
                  {(['before', 'after'] as const).map((year) => (
                    <Text key={year} size="sm">
                      <Text span size="sm" c="dimmed">
                        {t(`followUp.${year}`)}:
                      </Text>{' '}
                      {tally(milestone[year], milestone.deadline)}
                    </Text>
                  ))}
                </Stack>
              ))}
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
