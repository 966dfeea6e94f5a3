import { teamMemberSchema } from '@dawn/core';
import { Button, Group, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { useSession } from '../auth/useSession.ts';
import { USERS_QUERY_KEY, usersApi } from '../users/users.api.ts';
import { careCaseKeys, careCasesApi, type CareCaseView } from './care-cases.api.ts';

/**
 * The case's team. Adding someone needs the organisation's user list, which only those with
 * `user:read` (programme managers) may read; others see the team and may remove members, after
 * confirming. The last member stays (a case with nobody cannot be reached again), and removing
 * yourself says first that the case leaves your reach.
 */
export function TeamPanel({ careCase }: { careCase: CareCaseView }) {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [userId, setUserId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ userId: string; displayName: string } | null>(null);
  const isMe = (id: string) => id === session?.user.id;
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
    onSuccess: async (_result, id) => {
      setRemoving(null);
      // Without a place on the team the case is no longer yours to see.
      if (isMe(id)) {
        queryClient.removeQueries({ queryKey: careCaseKeys.detail(careCase.id) });
        await queryClient.invalidateQueries({ queryKey: careCaseKeys.all });
        void navigate('/care-cases');
        return;
      }
      await refresh();
    },
  });
  const addFields = useFieldErrors(add.error);
  const submitAdd = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema (core): nobody chosen is said beside the picker.
    if (!addFields.check(teamMemberSchema, { userId: userId ?? '' }) || !userId) return;
    add.mutate(userId);
  };
  const lastMember = careCase.team.length <= 1;
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
                  {isMe(member.userId) ? ` (${t('careCases.team.you')})` : ''}
                </Table.Td>
                <Table.Td ta="right">
                  {can('care_case:write') && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={lastMember}
                      title={lastMember ? t('careCases.team.lastMember') : undefined}
                      onClick={() => {
                        remove.reset();
                        setRemoving(member);
                      }}
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
        {lastMember && can('care_case:write') && (
          <Text size="sm" c="dimmed">
            {t('careCases.team.lastMember')}
          </Text>
        )}
        {mayAdd && (
          <form onSubmit={submitAdd} noValidate aria-label={t('careCases.team.add')}>
            <Group align="flex-start">
              <Select
                label={t('careCases.team.add')}
                searchable
                data={candidates.map((user) => ({ value: user.id, label: user.displayName }))}
                value={userId}
                onChange={setUserId}
                error={addFields.errorFor('userId')}
              />
              <Button type="submit" loading={add.isPending} mt={25}>
                {t('careCases.team.addSubmit')}
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={add.error} />
      </Stack>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('careCases.team.confirmTitle')}
      >
        {removing && (
          <Stack gap="sm">
            <Text>
              {isMe(removing.userId)
                ? t('careCases.team.confirmSelf')
                : t('careCases.team.confirmOther', { name: removing.displayName })}
            </Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(removing.userId)}
              >
                {isMe(removing.userId)
                  ? t('careCases.team.confirmSelfSubmit')
                  : t('careCases.team.confirmSubmit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
