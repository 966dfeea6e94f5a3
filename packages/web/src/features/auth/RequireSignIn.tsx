import type { Permission } from '@dawn/core';
import { Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
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

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Text role="alert" size="lg">
      {t('errors.pageNotFound')}
    </Text>
  );
}
