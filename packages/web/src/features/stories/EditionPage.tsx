import { STORY_LANGUAGES, type StoryLanguage } from '@dawn/core';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { intlLocale } from '../../i18n/number-system.ts';
import {
  storiesApi,
  storyKeys,
  useStoriesT,
  type EditionMonth,
  type EditionView,
  type StorySummary,
} from './stories.api.ts';

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
const DRAG_TYPE = 'application/x-dawn-story';

function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, month - 1, 1)),
  );
}

/**
 * The edition planner: a cover and twelve months. An approved story with consent to print is
 * dragged onto a month, or chosen in the month's own list (the keyboard way), with the languages
 * that page prints.
 */
export function EditionPage() {
  const { t } = useStoriesT();
  const { editionId = '' } = useParams();
  const queryClient = useQueryClient();
  const edition = useQuery({
    queryKey: storyKeys.edition(editionId),
    queryFn: () => storiesApi.edition(editionId),
  });
  const approved = useQuery({
    queryKey: storyKeys.list({ status: 'approved' }),
    queryFn: () => storiesApi.list({ status: 'approved' }),
  });
  const assign = useMutation({
    mutationFn: (input: { month: number; storyId: string; languages: StoryLanguage[] }) =>
      storiesApi.assignMonth(editionId, input.month, input.storyId, input.languages),
    onSuccess: (saved) => queryClient.setQueryData(storyKeys.edition(editionId), saved),
  });
  const clear = useMutation({
    mutationFn: (month: number) => storiesApi.clearMonth(editionId, month),
    onSuccess: (saved) => queryClient.setQueryData(storyKeys.edition(editionId), saved),
  });

  if (edition.isPending) return <Loader size="sm" aria-label={t('loading')} />;
  if (edition.isError) return <ErrorAlert error={edition.error} />;
  const data = edition.data;
  const printable = (approved.data?.stories ?? []).filter((story) =>
    story.consentedChannels.includes('calendar_print'),
  );
  const place = (month: number, storyId: string, languages?: StoryLanguage[]) => {
    const story = printable.find((candidate) => candidate.id === storyId);
    if (!story) return;
    assign.mutate({ month, storyId, languages: languages ?? story.languages });
  };
  const editable = data.status === 'draft';

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/stories" size="sm">
        {t('backToStories')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>
            {data.year} · {data.title}
          </Title>
          {data.subtitle && <Text c="dimmed">{data.subtitle}</Text>}
          <Text size="sm" c="dimmed">
            {data.paper} · {t(`editions.orientations.${data.orientation}`)}
            {data.bleedMarks ? ` · ${t('editions.bleedMarks')}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          <Badge size="lg" variant="light">
            {t(`editions.statuses.${data.status}`)}
          </Badge>
          {data.doNotReprint && (
            <Badge size="lg" color="red">
              {t('editions.doNotReprint')}
            </Badge>
          )}
        </Group>
      </Group>
      <ErrorAlert error={approved.error ?? assign.error ?? clear.error} />
      {editable && (
        <Paper withBorder p="md" component="section" aria-labelledby="approved-title">
          <Stack gap="xs">
            <Title order={3} id="approved-title">
              {t('planner.approved')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('planner.dragHint')}
            </Text>
            {printable.length === 0 && <Text size="sm">{t('planner.noneApproved')}</Text>}
            <Group gap="xs" data-testid="approved-stories">
              {printable.map((story) => (
                <Badge
                  key={story.id}
                  size="lg"
                  variant="outline"
                  tt="none"
                  draggable
                  style={{ cursor: 'grab' }}
                  onDragStart={(event: DragEvent<HTMLDivElement>) => {
                    event.dataTransfer.setData(DRAG_TYPE, story.id);
                    event.dataTransfer.setData('text/plain', story.publicPseudonym);
                  }}
                >
                  {story.publicPseudonym}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Paper>
      )}
      {editable && <PrintSettings edition={data} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {MONTHS.map((month) => (
          <MonthCard
            key={month}
            month={month}
            entry={data.months.find((entry) => entry.month === month)}
            stories={printable}
            editable={editable}
            onPlace={(storyId, languages) => place(month, storyId, languages)}
            onClear={() => clear.mutate(month)}
          />
        ))}
      </SimpleGrid>
      <PreviewPanel edition={data} />
    </Stack>
  );
}

function MonthCard({
  month,
  entry,
  stories,
  editable,
  onPlace,
  onClear,
}: {
  month: number;
  entry: EditionMonth | undefined;
  stories: StorySummary[];
  editable: boolean;
  onPlace: (storyId: string, languages?: StoryLanguage[]) => void;
  onClear: () => void;
}) {
  const { t } = useStoriesT();
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.resolvedLanguage);
  const [over, setOver] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = monthName(month, locale);
  const story = stories.find((candidate) => candidate.id === entry?.storyId);
  const options = [
    { value: '', label: t('planner.empty') },
    ...(entry && !story ? [{ value: entry.storyId, label: entry.publicPseudonym }] : []),
    ...stories.map((candidate) => ({ value: candidate.id, label: candidate.publicPseudonym })),
  ];
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label={name}
      data-testid={`month-${month}`}
      bg={over ? 'indigo.0' : undefined}
      onDragOver={(event: DragEvent<HTMLElement>) => {
        if (!editable || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event: DragEvent<HTMLElement>) => {
        event.preventDefault();
        setOver(false);
        const storyId = event.dataTransfer.getData(DRAG_TYPE);
        if (storyId) onPlace(storyId);
      }}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{name}</Text>
          {entry && !entry.printable && (
            <Badge color="red" variant="light">
              {t('planner.notPrintable')}
            </Badge>
          )}
        </Group>
        <NativeSelect
          label={t('planner.storyFor', { month: name })}
          value={entry?.storyId ?? ''}
          disabled={!editable}
          data={options}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value) onPlace(value);
            else if (entry) setConfirming(true);
          }}
        />
        {entry && (
          <Checkbox.Group
            label={t('planner.languages')}
            value={entry.languages}
            onChange={(values) => {
              if (values.length > 0) onPlace(entry.storyId, values);
            }}
          >
            <Group gap="sm" mt={4}>
              {STORY_LANGUAGES.filter((code) => !story || story.languages.includes(code)).map(
                (code) => (
                  <Checkbox
                    key={code}
                    value={code}
                    label={t(`languages.${code}`)}
                    disabled={!editable}
                  />
                ),
              )}
            </Group>
          </Checkbox.Group>
        )}
        {entry && editable && !confirming && (
          <Group>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => setConfirming(true)}
            >
              {t('planner.clear')}
            </Button>
          </Group>
        )}
        {confirming && (
          <Group gap="xs" role="alertdialog" aria-label={t('planner.clearAsk', { month: name })}>
            <Text size="sm">{t('planner.clearAsk', { month: name })}</Text>
            <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
              {t('actions.cancel')}
            </Button>
            <Button
              size="compact-xs"
              color="red"
              onClick={() => {
                setConfirming(false);
                onClear();
              }}
            >
              {t('planner.clearConfirm')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Paper, orientation and crop marks of an edition still being planned; each change is saved. */
function PrintSettings({ edition }: { edition: EditionView }) {
  const { t } = useStoriesT();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (changes: Parameters<typeof storiesApi.updateEdition>[1]) =>
      storiesApi.updateEdition(edition.id, changes),
    onSuccess: (saved) => queryClient.setQueryData(storyKeys.edition(edition.id), saved),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="print-settings-title">
      <Stack gap="xs">
        <Title order={3} id="print-settings-title">
          {t('editions.printSettings')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={t('editions.paper')}
            value={edition.paper}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ paper: event.currentTarget.value as 'A4' | 'A3' })}
            data={['A4', 'A3']}
          />
          <NativeSelect
            label={t('editions.orientation')}
            value={edition.orientation}
            disabled={update.isPending}
            onChange={(event) =>
              update.mutate({
                orientation: event.currentTarget.value as 'portrait' | 'landscape',
              })
            }
            data={(['portrait', 'landscape'] as const).map((value) => ({
              value,
              label: t(`editions.orientations.${value}`),
            }))}
          />
          <Checkbox
            mt={{ base: 0, sm: 'lg' }}
            label={t('editions.bleedMarks')}
            checked={edition.bleedMarks}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ bleedMarks: event.currentTarget.checked })}
          />
        </SimpleGrid>
        <ErrorAlert error={update.error} />
      </Stack>
    </Paper>
  );
}

/** The same HTML the PDF prints, in a sandboxed frame (no scripts), and the PDF itself. */
function PreviewPanel({ edition }: { edition: EditionView }) {
  const { t } = useStoriesT();
  const [shown, setShown] = useState(false);
  const preview = useQuery({
    queryKey: [...storyKeys.edition(edition.id), 'preview', edition],
    enabled: shown,
    queryFn: async () => {
      const response = await fetch(storiesApi.previewUrl(edition.id), {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="preview-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} id="preview-title">
            {t('preview.title')}
          </Title>
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              onClick={() => (shown ? void preview.refetch() : setShown(true))}
            >
              {shown ? t('preview.refresh') : t('preview.show')}
            </Button>
            {!edition.doNotReprint && (
              <Button
                size="xs"
                component="a"
                href={storiesApi.pdfUrl(edition.id)}
                download={`calendar-${edition.year}.pdf`}
              >
                {t('preview.pdf')}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {t('preview.pdfHint')}
        </Text>
        {preview.isError && <ErrorAlert error={preview.error} />}
        {preview.data && (
          <iframe
            title={t('preview.frameTitle')}
            sandbox=""
            srcDoc={preview.data}
            data-testid="edition-preview"
            style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-gray-4)' }}
          />
        )}
      </Stack>
    </Paper>
  );
}
