import { networkToGraphMl, type NetworkEdge } from '@dawn/core';
import { Badge, Button, Group, Loader, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Core } from 'cytoscape';
import { useCallback, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import { networkNodeLabel } from '../legal-cases/legal-case-title.ts';
import { NetworkGraph } from './NetworkGraph.tsx';
import { NETWORK_QUERY_KEY, networksApi, type NetworkFilter } from './networks.api.ts';

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The network of the accused across the user's visible legal cases: accused — case — place —
 * victim, pseudonyms only. Suggested same-person links stay dashed until someone confirms them.
 */
export function NetworkPage() {
  const { t, i18n } = useTranslation();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<NetworkFilter>({});
  const [filter, setFilter] = useState<NetworkFilter>({});
  const [confirming, setConfirming] = useState<NetworkEdge | undefined>();
  const cy = useRef<Core | undefined>(undefined);
  const onReady = useCallback((instance: Core | undefined) => {
    cy.current = instance;
  }, []);
  const network = useQuery({
    queryKey: [...NETWORK_QUERY_KEY, filter],
    queryFn: () => networksApi.get(filter),
  });
  const confirm = useMutation({
    mutationFn: (edge: NetworkEdge) =>
      networksApi.confirm(
        edge.source.replace(/^accused:/, ''),
        edge.target.replace(/^accused:/, ''),
      ),
    onSuccess: async () => {
      setConfirming(undefined);
      await queryClient.invalidateQueries({ queryKey: NETWORK_QUERY_KEY });
    },
  });
  const nodes = useMemo(
    () =>
      (network.data?.nodes ?? []).map((node) => ({ ...node, label: networkNodeLabel(t, node) })),
    [network.data, t],
  );
  const edges = network.data?.edges ?? [];
  const labelOf = new Map(nodes.map((node) => [node.id, node.label]));
  const count = (kind: string) => nodes.filter((node) => node.kind === kind).length;
  const suggestions = edges.filter((edge) => edge.kind === 'same_person');
  const percent = (score: number | undefined) =>
    new Intl.NumberFormat(language, { style: 'percent' }).format(score ?? 0);
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilter({
      ...(draft.from ? { from: draft.from } : {}),
      ...(draft.to ? { to: draft.to } : {}),
      ...(draft.district?.trim() ? { district: draft.district.trim() } : {}),
    });
  };

  return (
    <Stack gap="lg">
      <Title order={2}>{t('networks.title')}</Title>
      <Text>{t('networks.intro')}</Text>
      <form onSubmit={apply}>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('networks.filter.from')}
            value={draft.from ?? ''}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('networks.filter.to')}
            value={draft.to ?? ''}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
          <TextInput
            label={t('networks.filter.district')}
            value={draft.district ?? ''}
            onChange={(event) => setDraft({ ...draft, district: event.currentTarget.value })}
          />
          <Button type="submit" variant="light">
            {t('networks.filter.apply')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={network.error} />
      {network.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : nodes.length === 0 ? (
        <Text c="dimmed">{t('networks.empty')}</Text>
      ) : (
        <>
          <Group justify="space-between" wrap="wrap">
            <Text data-testid="network-summary">
              {t('networks.summary', {
                cases: count('case'),
                accused: count('accused'),
                victims: count('victim'),
                places: count('place'),
              })}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  const blob = cy.current?.png({ full: true, output: 'blob', bg: '#ffffff' });
                  if (blob) download('dawn-network.png', blob);
                }}
              >
                {t('networks.export.png')}
              </Button>
              <Button
                variant="default"
                onClick={() =>
                  download(
                    'dawn-network.graphml',
                    new Blob([networkToGraphMl({ nodes, edges })], { type: 'application/xml' }),
                  )
                }
              >
                {t('networks.export.graphml')}
              </Button>
            </Group>
          </Group>
          {network.data?.truncated && <Text c="orange">{t('networks.truncated')}</Text>}
          <NetworkGraph
            nodes={nodes}
            edges={edges}
            label={t('networks.graphLabel')}
            onReady={onReady}
          />
          <Text size="sm" c="dimmed">
            {t('networks.legend')}
          </Text>
          <Title order={3}>{t('networks.links.title')}</Title>
          {suggestions.length === 0 ? (
            <Text c="dimmed">{t('networks.links.none')}</Text>
          ) : (
            <Stack gap="xs">
              {suggestions.map((edge) => (
                <Group key={edge.id} justify="space-between" wrap="wrap" data-testid="accused-link">
                  <Text>
                    {t('networks.links.maybe', {
                      person: labelOf.get(edge.source) ?? '',
                      other: labelOf.get(edge.target) ?? '',
                      score: percent(edge.score),
                    })}
                  </Text>
                  {edge.status === 'confirmed' ? (
                    <Badge color="red">{t('networks.links.confirmed')}</Badge>
                  ) : (
                    <Group gap="xs">
                      <Badge variant="outline">{t('networks.links.suggested')}</Badge>
                      {can('legal_case:write') && (
                        <Button size="xs" onClick={() => setConfirming(edge)}>
                          {t('networks.links.confirm')}
                        </Button>
                      )}
                    </Group>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </>
      )}
      {confirming && (
        <Modal opened onClose={() => setConfirming(undefined)} title={t('networks.confirm.title')}>
          <Stack>
            <Text>
              {t('networks.confirm.body', {
                person: labelOf.get(confirming.source) ?? '',
                other: labelOf.get(confirming.target) ?? '',
              })}
            </Text>
            <ErrorAlert error={confirm.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(undefined)}>
                {t('common.cancel')}
              </Button>
              <Button loading={confirm.isPending} onClick={() => confirm.mutate(confirming)}>
                {t('networks.confirm.submit')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
