import {
  Anchor,
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
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import {
  ALERTS_QUERY_KEY,
  deadlinesApi,
  type AlertView,
  type EmailAlerts,
  type NotificationPreference,
} from './deadlines.api.ts';
import { DEADLINES_NAMESPACE } from './deadlines.i18n.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { LANGUAGES } from '../../i18n/i18n.ts';
import { ruleTitle } from './rule-labels.ts';
import { useCaseCodeText } from '../legal-cases/legal-case-title.ts';

const PREFERENCE_QUERY_KEY = ['alerts', 'preference'] as const;

/** Where the case an alert is about opens, for the kinds of case the web shows. */
function casePath(alert: AlertView): string | undefined {
  if (alert.caseType === 'care_case') return `/care-cases/${alert.caseId}`;
  if (alert.caseType === 'legal_case') return `/legal-cases/${alert.caseId}`;
  return undefined;
}

/** The alert's state: met (or no longer owed) once resolved, else overdue or due soon. */
function AlertBadge({ alert }: { alert: AlertView }) {
  const { t } = useTranslation(DEADLINES_NAMESPACE);
  const { t: tCommon } = useTranslation();
  if (alert.resolution)
    return (
      <Badge color={alert.resolution === 'withdrawn' ? 'gray' : 'green'} variant="light">
        {tCommon(`fieldServer.alerts.resolved.${alert.resolution}`)}
      </Badge>
    );
  return (
    <Badge
      color={alert.kind === 'deadline_overdue' ? 'red' : 'orange'}
      variant={alert.kind === 'deadline_overdue' ? 'filled' : 'light'}
    >
      {alert.kind === 'deadline_overdue' ? t('alerts.overdue') : t('alerts.dueSoon')}
    </Badge>
  );
}

/** The case code, linked to the case when the web shows that kind of case. */
function AlertCase({ alert }: { alert: AlertView }) {
  const { t } = useTranslation();
  const code = useCaseCodeText()(alert.caseType, alert.caseCode);
  const path = casePath(alert);
  if (!path) return <Text fw={600}>{code}</Text>;
  return (
    <Anchor
      component={Link}
      to={path}
      fw={600}
      aria-label={t('fieldServer.alerts.openCase', { code })}
    >
      {code}
    </Anchor>
  );
}

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
        <Group align="end">
          <NativeSelect
            label={t('alerts.emailLabel')}
            value={preference.data?.emailAlerts ?? 'immediate'}
            disabled={!preference.data || setPreference.isPending}
            onChange={(event) =>
              setPreference.mutate({ emailAlerts: event.currentTarget.value as EmailAlerts })
            }
            data={[
              { value: 'immediate', label: t('alerts.emailImmediate') },
              { value: 'daily_digest', label: t('alerts.emailDigest') },
              { value: 'off', label: t('alerts.emailOff') },
            ]}
          />
          <NativeSelect
            label={t('alerts.emailLanguageLabel')}
            value={preference.data?.emailLanguage ?? 'en'}
            disabled={!preference.data || setPreference.isPending}
            onChange={(event) =>
              setPreference.mutate({
                emailLanguage: event.currentTarget.value as NotificationPreference['emailLanguage'],
              })
            }
            // Each language named in its own script, as the header's language menu names them.
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
          />
        </Group>
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
        <Card
          key={alert.id}
          withBorder
          padding="sm"
          opacity={alert.readAt || alert.resolvedAt ? 0.7 : 1}
        >
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <AlertBadge alert={alert} />
                {alert.readAt || alert.resolvedAt ? null : (
                  <Badge variant="dot" color="indigo">
                    {t('alerts.unread')}
                  </Badge>
                )}
                <AlertCase alert={alert} />
              </Group>
              <Text size="sm">
                {ruleTitle(t, alert.rule, alert.title)}
                {alert.subject ? ` (${alert.subject})` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {t('alerts.dueAt', { date: formatDateTime(alert.dueAt, language) })}
              </Text>
            </Stack>
            {alert.readAt || alert.resolvedAt ? null : (
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
