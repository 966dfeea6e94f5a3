import { Badge, Button, Group, Loader, Menu, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
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
  // What an administrator has clicked that signs a user out, asked about before it is done.
  const [confirming, setConfirming] = useState<
    { act: 'disable' | 'resetPassword' | 'resetTwoFactor'; user: UserSummary } | undefined
  >();
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

  const ask = (act: NonNullable<typeof confirming>['act'], user: UserSummary) => {
    for (const mutation of [update, resetPassword, resetTwoFactor]) mutation.reset();
    setConfirming({ act, user });
  };
  const confirmed = { onSuccess: () => setConfirming(undefined) };
  const confirm = () => {
    if (!confirming) return;
    const { act, user } = confirming;
    if (act === 'disable')
      update.mutate({ id: user.id, change: { status: 'disabled' } }, confirmed);
    else if (act === 'resetPassword') resetPassword.mutate(user, confirmed);
    else resetTwoFactor.mutate(user, confirmed);
  };
  const confirmation =
    confirming?.act === 'disable'
      ? update
      : confirming?.act === 'resetPassword'
        ? resetPassword
        : resetTwoFactor;

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
      <ErrorAlert
        error={
          confirming ? undefined : (update.error ?? resetPassword.error ?? resetTwoFactor.error)
        }
      />
      {users.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {users.isError && <ErrorAlert error={users.error} />}
      {users.data && (
        <ListTable
          rows={users.data.users}
          rowKey={(user) => user.id}
          label={t('users.title')}
          minWidth={800}
          columns={[
            {
              key: 'displayName',
              header: t('users.fields.displayName'),
              onCard: 'title',
              cell: (user) => (
                <>
                  {user.displayName}
                  {user.mustChangePassword && (
                    <Text size="xs" c="dimmed" fw={400}>
                      {t('users.mustChangePassword')}
                    </Text>
                  )}
                </>
              ),
            },
            { key: 'email', header: t('users.fields.email'), cell: (user) => user.email },
            {
              key: 'organisation',
              header: t('users.fields.organisation'),
              cell: (user) => user.organisationName,
            },
            {
              key: 'roles',
              header: t('users.fields.roles'),
              cell: (user) => (
                <Group gap={4} component="span">
                  {user.roles.map((role) => (
                    <Badge key={role} variant="light" size="sm">
                      {t(`roles.${role}`)}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            {
              key: 'status',
              header: t('users.fields.status'),
              onCard: 'badge',
              cell: (user) => (
                <Badge color={user.status === 'active' ? 'teal' : 'gray'}>
                  {t(`users.status.${user.status}`)}
                </Badge>
              ),
            },
            {
              key: 'twoFactor',
              header: t('users.fields.twoFactor'),
              cell: (user) => (user.twoFactorEnabled ? t('common.yes') : t('common.no')),
            },
            {
              key: 'created',
              header: t('users.fields.created'),
              nowrap: true,
              cell: (user) => formatDate(user.createdAt, language),
            },
            ...(manage
              ? [
                  {
                    key: 'actions',
                    header: t('users.actions'),
                    onCard: 'action' as const,
                    cell: (user: UserSummary) => (
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
                                user.status === 'active'
                                  ? ask('disable', user)
                                  : update.mutate({ id: user.id, change: { status: 'active' } })
                              }
                            >
                              {user.status === 'active' ? t('users.disable') : t('users.enable')}
                            </Menu.Item>
                          )}
                          <Menu.Item onClick={() => ask('resetPassword', user)}>
                            {t('users.resetPassword')}
                          </Menu.Item>
                          {user.twoFactorEnabled && (
                            <Menu.Item onClick={() => ask('resetTwoFactor', user)}>
                              {t('users.resetTwoFactor')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    ),
                  },
                ]
              : []),
          ]}
        />
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
      {confirming && (
        <Modal
          opened
          onClose={() => setConfirming(undefined)}
          title={t(`users.confirm.${confirming.act}.title`, { name: confirming.user.displayName })}
        >
          <Stack>
            <Text>
              {t(`users.confirm.${confirming.act}.body`, { name: confirming.user.displayName })}
            </Text>
            <ErrorAlert error={confirmation.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(undefined)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={confirmation.isPending} onClick={confirm}>
                {t(`users.${confirming.act}`)}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      <OneTimePasswordModal
        email={handover?.email ?? ''}
        password={handover?.password}
        onClose={() => setHandover(undefined)}
      />
    </Stack>
  );
}
