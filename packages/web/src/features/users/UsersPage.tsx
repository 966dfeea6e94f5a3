import { Badge, Button, Group, Loader, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { OneTimePasswordModal } from './OneTimePasswordModal.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { USERS_QUERY_KEY, usersApi, type UserChange, type UserSummary } from './users.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** User administration: who may sign in, with which roles; admins create, change and reset. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { can, session } = useSession();
  const manage = can('user:manage');
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: USERS_QUERY_KEY, queryFn: usersApi.list });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserSummary | undefined>();
  // One-time passwords live only in component state while their dialog is open.
  const [handover, setHandover] = useState<{ email: string; password: string } | undefined>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: USERS_QUERY_KEY });

  const create = useMutation({
    mutationFn: usersApi.create,
    gcTime: 0,
    onSuccess: (created) => {
      setCreating(false);
      setHandover({ email: created.user.email, password: created.oneTimePassword });
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) => usersApi.update(id, change),
    onSuccess: () => {
      setEditing(undefined);
      void refresh();
    },
  });
  const resetPassword = useMutation({
    mutationFn: (user: UserSummary) => usersApi.resetPassword(user.id),
    gcTime: 0,
    onSuccess: (result, user) => {
      setHandover({ email: user.email, password: result.oneTimePassword });
      void refresh();
    },
  });
  const resetTwoFactor = useMutation({
    mutationFn: (user: UserSummary) => usersApi.resetTwoFactor(user.id),
    onSuccess: () => void refresh(),
  });

  const language = intlLocale(i18n.resolvedLanguage);
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        {manage && (
          <Button
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            {t('users.create.open')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={update.error ?? resetPassword.error ?? resetTwoFactor.error} />
      {users.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {users.isError && <ErrorAlert error={users.error} />}
      {users.data && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.fields.displayName')}</Table.Th>
                <Table.Th>{t('users.fields.email')}</Table.Th>
                <Table.Th>{t('users.fields.organisation')}</Table.Th>
                <Table.Th>{t('users.fields.roles')}</Table.Th>
                <Table.Th>{t('users.fields.status')}</Table.Th>
                <Table.Th>{t('users.fields.twoFactor')}</Table.Th>
                <Table.Th>{t('users.fields.created')}</Table.Th>
                {manage && <Table.Th>{t('users.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.users.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    {user.displayName}
                    {user.mustChangePassword && (
                      <Text size="xs" c="dimmed">
                        {t('users.mustChangePassword')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>{user.organisationName}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {user.roles.map((role) => (
                        <Badge key={role} variant="light" size="sm">
                          {t(`roles.${role}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={user.status === 'active' ? 'teal' : 'gray'}>
                      {t(`users.status.${user.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{user.twoFactorEnabled ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>{formatDate(user.createdAt, language)}</Table.Td>
                  {manage && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={t('users.actionsFor', { name: user.displayName })}
                          >
                            {t('users.actions')}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            onClick={() => {
                              update.reset();
                              setEditing(user);
                            }}
                          >
                            {t('users.edit.open')}
                          </Menu.Item>
                          {user.id !== session?.user.id && (
                            <Menu.Item
                              onClick={() =>
                                update.mutate({
                                  id: user.id,
                                  change: {
                                    status: user.status === 'active' ? 'disabled' : 'active',
                                  },
                                })
                              }
                            >
                              {user.status === 'active' ? t('users.disable') : t('users.enable')}
                            </Menu.Item>
                          )}
                          <Menu.Item onClick={() => resetPassword.mutate(user)}>
                            {t('users.resetPassword')}
                          </Menu.Item>
                          {user.twoFactorEnabled && (
                            <Menu.Item onClick={() => resetTwoFactor.mutate(user)}>
                              {t('users.resetTwoFactor')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && (
        <UserFormModal
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={(body) => create.mutate(body)}
          onClose={() => setCreating(false)}
        />
      )}
      {editing && (
        <UserFormModal
          mode="edit"
          user={editing}
          pending={update.isPending}
          error={update.error}
          onSubmit={(change) => update.mutate({ id: editing.id, change })}
          onClose={() => setEditing(undefined)}
        />
      )}
      <OneTimePasswordModal
        email={handover?.email ?? ''}
        password={handover?.password}
        onClose={() => setHandover(undefined)}
      />
    </Stack>
  );
}
