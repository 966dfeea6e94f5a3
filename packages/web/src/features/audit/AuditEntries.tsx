import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format.ts';
import type { AuditEntry } from './audit.api.ts';
import { actionLabel, detailLabel, detailText, entityLabel } from './audit-text.ts';

const OUTCOME_COLOURS: Record<string, string> = { success: 'teal', denied: 'orange' };

function Outcome({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={OUTCOME_COLOURS[outcome] ?? 'red'}>
      {t(`auditLabels.outcomes.${outcome}`, { defaultValue: outcome })}
    </Badge>
  );
}

/** What an entry is about: its kind, and the start of its id (the whole id to copy or hover). */
function Subject({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (!entry.entityType) return '—';
  return (
    <Text size="sm">
      {entityLabel(t, entry.entityType)}
      {entry.entityId && (
        <Text span size="xs" c="dimmed" display="block" title={entry.entityId}>
          {t('auditLabels.idShort', { id: entry.entityId.slice(0, 8) })}
        </Text>
      )}
    </Text>
  );
}

function Details({ entry, language }: { entry: AuditEntry; language: string }) {
  const { t } = useTranslation();
  if (Object.keys(entry.details).length === 0) return '—';
  return (
    <Stack gap={2} maw={360}>
      {Object.entries(entry.details).map(([key, value]) => (
        <Text key={key} size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          <Text span size="xs" c="dimmed">
            {detailLabel(t, key)}:
          </Text>{' '}
          {detailText(t, language, entry, key, value)}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * A page of the trail: a table on a desk's screen; on a phone, where six columns would have to
 * be scrolled sideways for each entry, each entry as a card that reads from top to bottom.
 */
export function AuditEntries({
  entries,
  busy,
  language,
}: {
  entries: AuditEntry[];
  busy: boolean;
  language: string;
}) {
  const { t } = useTranslation();
  const who = (entry: AuditEntry) => entry.actorName ?? t('audit.noActor');
  return (
    <>
      <Table.ScrollContainer minWidth={900} visibleFrom="sm">
        <Table striped aria-label={t('audit.title')} aria-busy={busy} opacity={busy ? 0.5 : 1}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.user')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.outcome')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
              <Table.Th>{t('audit.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(entry.occurredAt, language)}
                </Table.Td>
                <Table.Td>{who(entry)}</Table.Td>
                <Table.Td>{actionLabel(t, entry.action)}</Table.Td>
                <Table.Td>
                  <Outcome outcome={entry.outcome} />
                </Table.Td>
                <Table.Td>
                  <Subject entry={entry} />
                </Table.Td>
                <Table.Td>
                  <Details entry={entry} language={language} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack
        component="ul"
        hiddenFrom="sm"
        gap="sm"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('audit.title')}
        aria-busy={busy}
        opacity={busy ? 0.5 : 1}
      >
        {entries.map((entry) => (
          <Card key={entry.id} component="li" withBorder padding="sm" data-testid="audit-entry">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm">
                {actionLabel(t, entry.action)}
              </Text>
              <Outcome outcome={entry.outcome} />
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.occurredAt, language)} · {who(entry)}
            </Text>
            {entry.entityType && <Subject entry={entry} />}
            {Object.keys(entry.details).length > 0 && <Details entry={entry} language={language} />}
          </Card>
        ))}
      </Stack>
    </>
  );
}
