import {
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { ALERTS_QUERY_KEY, deadlinesApi, type EmailAlerts } from './deadlines.api.ts';
import { DEADLINES_NAMESPACE } from './deadlines.i18n.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { ruleTitle } from './rule-labels.ts';

const PREFERENCE_QUERY_KEY = ['alerts', 'preference'] as const;

/** The user's inbox of deadline alerts, and how they want them e-mailed. */
export function AlertsPage() {
  const { t, i18n } = useTranslation(DEADLINES_NAMESPACE);
  const language = intlLocale(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const alerts = useQuery({ queryKey: ALERTS_QUERY_KEY, queryFn: deadlinesApi.alerts });
  const preference = useQuery({ queryKey: PREFERENCE_QUERY_KEY, queryFn: deadlinesApi.preference });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ALERTS_QUERY_KEY });
  const markRead = useMutation({ mutationFn: deadlinesApi.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: deadlinesApi.markAllRead, onSuccess: refresh });
  const setPreference = useMutation({
    mutationFn: deadlinesApi.setPreference,
    onSuccess: (data) => queryClient.setQueryData(PREFERENCE_QUERY_KEY, data),
  });

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <div>
          <Title order={2}>{t('alerts.title')}</Title>
          <Text c="dimmed">{t('alerts.intro')}</Text>
        </div>
        <NativeSelect
          label={t('alerts.emailLabel')}
          value={preference.data?.emailAlerts ?? 'immediate'}
          disabled={!preference.data || setPreference.isPending}
          onChange={(event) => setPreference.mutate(event.currentTarget.value as EmailAlerts)}
          data={[
            { value: 'immediate', label: t('alerts.emailImmediate') },
            { value: 'daily_digest', label: t('alerts.emailDigest') },
            { value: 'off', label: t('alerts.emailOff') },
          ]}
        />
      </Group>
      {setPreference.isSuccess ? (
        <Text size="sm" c="green.8" role="status">
          {t('alerts.saved')}
        </Text>
      ) : null}
      {[alerts.error, preference.error, markRead.error, markAll.error, setPreference.error].map(
        (error, index) => (error ? <ErrorAlert key={index} error={error} /> : null),
      )}
      {alerts.isLoading ? <Loader aria-label="…" /> : null}
      {alerts.data && alerts.data.unread > 0 ? (
        <Group>
          <Button variant="light" onClick={() => markAll.mutate()} loading={markAll.isPending}>
            {t('alerts.markAllRead')}
          </Button>
        </Group>
      ) : null}
      {alerts.data && alerts.data.alerts.length === 0 ? (
        <Text c="dimmed">{t('alerts.empty')}</Text>
      ) : null}
      {alerts.data?.alerts.map((alert) => (
        <Card key={alert.id} withBorder padding="sm" opacity={alert.readAt ? 0.7 : 1}>
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Badge
                  color={alert.kind === 'deadline_overdue' ? 'red' : 'orange'}
                  variant={alert.kind === 'deadline_overdue' ? 'filled' : 'light'}
                >
                  {alert.kind === 'deadline_overdue' ? t('alerts.overdue') : t('alerts.dueSoon')}
                </Badge>
                {alert.readAt ? null : (
                  <Badge variant="dot" color="indigo">
                    {t('alerts.unread')}
                  </Badge>
                )}
                <Text fw={600}>{alert.caseCode}</Text>
              </Group>
              <Text size="sm">
                {ruleTitle(t, alert.rule, alert.title)}
                {alert.subject ? ` (${alert.subject})` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {t('alerts.dueAt', { date: formatDateTime(alert.dueAt, language) })}
              </Text>
            </Stack>
            {alert.readAt ? null : (
              <Button size="xs" variant="subtle" onClick={() => markRead.mutate(alert.id)}>
                {t('alerts.markRead')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
