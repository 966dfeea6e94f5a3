import {
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, isApiError, postJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { DISPLAY_TIME_ZONE, dateTimeOptions } from '../../app/format.ts';

const EVENT_TYPES = [
  'care_case.event_recorded',
  'obligation.overdue',
  'consent.withdrawn',
  'story.withdrawn',
  'import.finished',
] as const;

interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  createdAt: string;
}

interface Delivery {
  id: string;
  messageId: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

const STATUS_COLOURS = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;

const when = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language, {
    ...dateTimeOptions(language, { date: 'medium' }),
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(iso));

/** Webhook endpoints of the organisation and the delivery log (docs/webhooks.md). */
export function WebhooksPage() {
  const { t, i18n } = useTranslation(undefined, { keyPrefix: 'dataExchange.webhooks' });
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>(['care_case.event_recorded']);
  const [secret, setSecret] = useState<string | null>(null);
  // The delivery the admin pressed "Send again" on: sent only once she confirms.
  const [resending, setResending] = useState<Delivery | null>(null);
  const endpoints = useQuery({
    queryKey: ['webhooks', 'endpoints'],
    queryFn: () => getJson<{ endpoints: Endpoint[] }>('/api/webhooks/endpoints'),
  });
  const deliveries = useQuery({
    queryKey: ['webhooks', 'deliveries'],
    queryFn: () =>
      getJson<{ deliveries: Delivery[]; nextCursor: string | null }>('/api/webhooks/deliveries'),
    refetchInterval: 10_000,
  });
  const register = useMutation({
    mutationFn: () =>
      postJson<Endpoint & { secret: string }>('/api/webhooks/endpoints', {
        url,
        description,
        eventTypes,
      }),
    onSuccess: async (created) => {
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const redeliver = useMutation({
    mutationFn: (id: string) => postJson<Delivery>(`/api/webhooks/deliveries/${id}/redeliver`),
    onSuccess: async () => {
      setResending(null);
      await queryClient.invalidateQueries({ queryKey: ['webhooks', 'deliveries'] });
    },
  });
  const urlError =
    register.error && isApiError(register.error) && register.error.serverIssueFor('url')
      ? t('urlRefused')
      : undefined;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    register.mutate();
  };
  const deliveryStatus = (delivery: Delivery) => (
    <>
      <Badge color={STATUS_COLOURS[delivery.status]}>{t(`status.${delivery.status}`)}</Badge>
      {delivery.lastStatusCode !== null && delivery.status !== 'delivered' && (
        <Text size="xs">{t('answered', { code: delivery.lastStatusCode })}</Text>
      )}
    </>
  );
  const resendButton = (delivery: Delivery) => (
    <Button
      size="xs"
      variant="light"
      loading={redeliver.isPending && redeliver.variables === delivery.id}
      onClick={() => {
        redeliver.reset();
        setResending(delivery);
      }}
    >
      {t('redeliver')}
    </Button>
  );

  return (
    <Stack gap="lg">
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      <Card withBorder component="form" onSubmit={submit} maw={720}>
        <Stack>
          <Title order={4}>{t('register')}</Title>
          <TextInput
            label={t('url')}
            description={t('urlHint')}
            required
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            error={urlError}
          />
          <TextInput
            label={t('description')}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('events')}
            value={eventTypes}
            onChange={setEventTypes}
            error={eventTypes.length === 0 ? t('chooseEvent') : undefined}
          >
            <Stack gap={4} mt={4}>
              {EVENT_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={t(`event.${type.replace('.', '_')}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={register.isPending} disabled={eventTypes.length === 0}>
              {t('registerButton')}
            </Button>
          </Group>
          {register.error && !urlError && <ErrorAlert error={register.error} />}
          {secret && (
            <Stack gap={4} role="status">
              <Text fw={600}>{t('secretOnce')}</Text>
              <Code block>{secret}</Code>
            </Stack>
          )}
        </Stack>
      </Card>

      <Title order={3}>{t('endpoints')}</Title>
      {endpoints.isPending && <Loader />}
      {endpoints.error && <ErrorAlert error={endpoints.error} />}
      {endpoints.data?.endpoints.length === 0 && <Text>{t('noEndpoints')}</Text>}
      {endpoints.data && endpoints.data.endpoints.length > 0 && (
        // Three wrapping columns (the address breaks anywhere): they fit at 390 px without scrolling.
        <Table striped>
          <Table.Tbody>
            {endpoints.data.endpoints.map((endpoint) => (
              <Table.Tr key={endpoint.id}>
                <Table.Td style={{ wordBreak: 'break-all' }}>{endpoint.url}</Table.Td>
                <Table.Td>{endpoint.description}</Table.Td>
                <Table.Td>
                  {endpoint.eventTypes
                    .map((type) => t(`event.${type.replace('.', '_')}`))
                    .join(', ')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={3}>{t('log')}</Title>
      {deliveries.isPending && <Loader />}
      {deliveries.error && <ErrorAlert error={deliveries.error} />}
      {deliveries.data?.deliveries.length === 0 && <Text>{t('noDeliveries')}</Text>}
      {deliveries.data && deliveries.data.deliveries.length > 0 && (
        <>
          {/* From 768 px a table; below, one card per message, so the log never scrolls sideways. */}
          <Box visibleFrom="sm">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('when')}</Table.Th>
                  <Table.Th>{t('eventColumn')}</Table.Th>
                  <Table.Th>{t('statusColumn')}</Table.Th>
                  <Table.Th>{t('attempts')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.data.deliveries.map((delivery) => (
                  <Table.Tr key={delivery.id}>
                    <Table.Td>{when(delivery.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>{t(`event.${delivery.eventType.replace('.', '_')}`)}</Table.Td>
                    <Table.Td>{deliveryStatus(delivery)}</Table.Td>
                    <Table.Td>{delivery.attempts}</Table.Td>
                    <Table.Td>{resendButton(delivery)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          <Stack gap="xs" hiddenFrom="sm" data-testid="delivery-cards">
            {deliveries.data.deliveries.map((delivery) => (
              <Card key={delivery.id} withBorder padding="sm">
                <Stack gap={4}>
                  <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {t(`event.${delivery.eventType.replace('.', '_')}`)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {when(delivery.createdAt, i18n.language)}
                  </Text>
                  <Group gap="xs" wrap="wrap">
                    {deliveryStatus(delivery)}
                    <Text size="sm">
                      {t('attempts')}: {delivery.attempts}
                    </Text>
                  </Group>
                  <Group justify="flex-end">{resendButton(delivery)}</Group>
                </Stack>
              </Card>
            ))}
          </Stack>
        </>
      )}
      <Modal
        opened={resending !== null}
        onClose={() => setResending(null)}
        title={t('redeliverTitle')}
      >
        {resending && (
          <Stack gap="sm">
            <Text>
              {t('redeliverConfirm', {
                event: t(`event.${resending.eventType.replace('.', '_')}`),
                when: when(resending.createdAt, i18n.language),
              })}
            </Text>
            {redeliver.error && <ErrorAlert error={redeliver.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setResending(null)}>
                {t('cancel')}
              </Button>
              <Button loading={redeliver.isPending} onClick={() => redeliver.mutate(resending.id)}>
                {t('redeliverSubmit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
