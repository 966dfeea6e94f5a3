import { Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSession } from '../auth/useSession.ts';
import { USERS_QUERY_KEY, usersApi } from '../users/users.api.ts';
import { careCaseKeys, careCasesApi, type CareCaseView } from './care-cases.api.ts';

/**
 * The case's team. Adding someone needs the organisation's user list, which only those with
 * `user:read` (programme managers) may read; others see the team and may remove members.
 */
export function TeamPanel({ careCase }: { careCase: CareCaseView }) {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(null);
  const mayAdd = can('care_case:write') && can('user:read');
  const users = useQuery({ queryKey: USERS_QUERY_KEY, queryFn: usersApi.list, enabled: mayAdd });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(careCase.id) });
  const add = useMutation({
    mutationFn: (id: string) => careCasesApi.addTeamMember(careCase.id, id),
    onSuccess: async () => {
      setUserId(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => careCasesApi.removeTeamMember(careCase.id, id),
    onSuccess: refresh,
  });
  const members = new Set(careCase.team.map((member) => member.userId));
  const candidates = (users.data?.users ?? []).filter(
    (user) =>
      user.organisationId === careCase.organisationId &&
      user.status === 'active' &&
      !members.has(user.id),
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-title">
      <Stack gap="sm">
        <Title order={3} id="team-title">
          {t('careCases.team.title')}
        </Title>
        {careCase.team.length === 0 && <Text size="sm">{t('careCases.team.none')}</Text>}
        <Table>
          <Table.Tbody>
            {careCase.team.map((member) => (
              <Table.Tr key={member.userId}>
                <Table.Td>
                  {member.displayName}
                  {member.userId === session?.user.id ? ` (${t('careCases.team.you')})` : ''}
                </Table.Td>
                <Table.Td ta="right">
                  {can('care_case:write') && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate(member.userId)}
                      aria-label={t('careCases.team.removeMember', { name: member.displayName })}
                    >
                      {t('careCases.team.remove')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {mayAdd && (
          <Group align="flex-end">
            <Select
              label={t('careCases.team.add')}
              searchable
              data={candidates.map((user) => ({ value: user.id, label: user.displayName }))}
              value={userId}
              onChange={setUserId}
            />
            <Button
              disabled={!userId}
              loading={add.isPending}
              onClick={() => userId && add.mutate(userId)}
            >
              {t('careCases.team.addSubmit')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={add.error ?? remove.error} />
      </Stack>
    </Paper>
  );
}
