import {
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '@dawn/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { startOfKolkataDay, startOfNextKolkataDay } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { USERS_QUERY_KEY, usersApi } from '../users/users.api.ts';
import { searchAudit, type AuditFilters } from './audit.api.ts';
import { actionFamilies, actionLabel, entityLabel, familyLabel } from './audit-text.ts';
import { AuditEntries } from './AuditEntries.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

interface FilterForm {
  userId: string;
  action: string;
  entityType: string;
  entityId: string;
  fromDay: string;
  toDay: string;
}

const EMPTY_FORM: FilterForm = {
  userId: '',
  action: '',
  entityType: '',
  entityId: '',
  fromDay: '',
  toDay: '',
};

/** Days are Kolkata days: "to" includes the whole of its day. */
function filtersOf(form: FilterForm): AuditFilters {
  return {
    ...(form.userId ? { userId: form.userId } : {}),
    ...(form.action.trim() ? { action: form.action.trim() } : {}),
    ...(form.entityType.trim() ? { entityType: form.entityType.trim() } : {}),
    ...(form.entityId.trim() ? { entityId: form.entityId.trim() } : {}),
    ...(form.fromDay ? { from: startOfKolkataDay(form.fromDay) } : {}),
    ...(form.toDay ? { to: startOfNextKolkataDay(form.toDay) } : {}),
  };
}

/** The audit trail for auditors: newest first, filtered, a page at a time. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [filters, setFilters] = useState<AuditFilters>({});
  // Cursors of the pages before this one, so "newer" can go back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const entries = useQuery({
    queryKey: ['audit', filters, before],
    queryFn: () => searchAudit(filters, before),
    placeholderData: keepPreviousData,
  });
  const users = useQuery({
    queryKey: USERS_QUERY_KEY,
    queryFn: usersApi.list,
    enabled: can('user:read'),
  });
  const language = intlLocale(i18n.resolvedLanguage);
  // Every action and kind of entry by its name, in the reader's order of letters; first the
  // kinds of action, to read all of one at once (every sign-in and password action).
  const actionOptions = useMemo(() => {
    const byName = (left: { label: string }, right: { label: string }) =>
      left.label.localeCompare(right.label, language);
    return [
      {
        group: t('auditLabels.familyGroup'),
        items: actionFamilies(AUDIT_ACTIONS)
          .map((family) => ({ value: family, label: familyLabel(t, family) }))
          .sort(byName),
      },
      {
        group: t('auditLabels.singleGroup'),
        items: AUDIT_ACTIONS.map((action) => ({
          value: action,
          label: actionLabel(t, action),
        })).sort(byName),
      },
    ];
  }, [t, language]);
  const entityOptions = useMemo(
    () =>
      AUDIT_ENTITY_TYPES.map((type) => ({ value: type, label: entityLabel(t, type) })).sort(
        (left, right) => left.label.localeCompare(right.label, language),
      ),
    [t, language],
  );

  const field = (name: keyof FilterForm) => ({
    value: form[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [name]: value }));
    },
  });
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilters(filtersOf(form));
    setCursors([undefined]);
  };

  return (
    <Stack gap="lg">
      <Title order={2}>{t('audit.title')}</Title>
      <Card withBorder padding="md">
        <form onSubmit={apply} aria-label={t('audit.filters')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <NativeSelect
              label={t('audit.user')}
              {...field('userId')}
              data={[
                { value: '', label: t('audit.anyUser') },
                ...(users.data?.users ?? []).map((user) => ({
                  value: user.id,
                  label: `${user.displayName} (${user.email})`,
                })),
              ]}
            />
            <Select
              label={t('audit.action')}
              placeholder={t('audit.anyAction')}
              data={actionOptions}
              value={form.action || null}
              onChange={(value) => setForm((current) => ({ ...current, action: value ?? '' }))}
              searchable
              clearable
              nothingFoundMessage={t('audit.noSuchAction')}
            />
            <Select
              label={t('audit.entityType')}
              placeholder={t('audit.anyEntityType')}
              data={entityOptions}
              value={form.entityType || null}
              onChange={(value) => setForm((current) => ({ ...current, entityType: value ?? '' }))}
              searchable
              clearable
              nothingFoundMessage={t('audit.noSuchEntityType')}
            />
            <TextInput label={t('audit.entityId')} {...field('entityId')} />
            <TextInput type="date" label={t('audit.from')} {...field('fromDay')} />
            <TextInput type="date" label={t('audit.to')} {...field('toDay')} />
          </SimpleGrid>
          <Group mt="md">
            <Button type="submit">{t('audit.apply')}</Button>
            <Button
              variant="default"
              onClick={() => {
                setForm(EMPTY_FORM);
                setFilters({});
                setCursors([undefined]);
              }}
            >
              {t('audit.clear')}
            </Button>
          </Group>
        </form>
      </Card>
      <Text size="sm" c="dimmed">
        {t('audit.timeZoneNote')}
      </Text>
      {entries.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <ErrorAlert error={entries.error} />
      {entries.data && (
        <>
          <AuditEntries
            entries={entries.data.entries}
            busy={entries.isPlaceholderData}
            language={language}
          />
          {entries.data.entries.length === 0 && <Text>{t('audit.empty')}</Text>}
          <Group>
            <Button
              variant="default"
              disabled={cursors.length <= 1}
              onClick={() => setCursors((current) => current.slice(0, -1))}
            >
              {t('audit.newer')}
            </Button>
            <Button
              variant="default"
              disabled={entries.data.nextBefore === null}
              onClick={() => {
                const next = entries.data.nextBefore;
                if (next !== null) setCursors((current) => [...current, next]);
              }}
            >
              {t('audit.older')}
            </Button>
            <Text size="sm" c="dimmed">
              {t('audit.page', { page: cursors.length })}
            </Text>
          </Group>
        </>
      )}
    </Stack>
  );
}
