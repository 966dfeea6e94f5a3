import type { Permission } from '@dawn/core';
import { Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from './useSession.ts';

/**
 * Guards a page: unfinished or missing sign-in goes to the sign-in steps; a page the user's
 * roles do not reach is "not found", as on the server.
 */
export function RequireSignIn({
  permission,
  children,
}: {
  permission?: Permission;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { session, isLoading, can } = useSession();
  const location = useLocation();
  if (isLoading) {
    return (
      <Group>
        <Loader size="sm" />
        <Text>{t('common.loading')}</Text>
      </Group>
    );
  }
  if (session?.stage !== 'active') {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  if (permission && !can(permission)) return <NotFound />;
  return children;
}

/**
 * A page that is not there, or not for this user's roles (the server answers both alike): said
 * as a page, with the way back to where her work starts.
 */
export function NotFound() {
  const { t } = useTranslation();
  const { can } = useSession();
  const start = can('care_case:read') ? '/my-work' : '/';
  return (
    <Stack gap="sm" align="flex-start">
      <Title order={2}>{t('errors.pageNotFoundTitle')}</Title>
      <Text role="alert">{t('errors.pageNotFound')}</Text>
      <Anchor component={Link} to={start}>
        {t(start === '/my-work' ? 'errors.pageNotFoundToWork' : 'errors.pageNotFoundToStart')}
      </Anchor>
    </Stack>
  );
}
