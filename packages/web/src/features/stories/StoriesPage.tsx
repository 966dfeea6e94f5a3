import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { formatDate } from '../../app/format.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import {
  STORIES_PAGE_SIZE,
  storiesApi,
  storyKeys,
  useStoriesT,
  type NewEdition,
} from './stories.api.ts';

/** Stories the caller may see, and (for those who plan them) the calendar editions. */
export function StoriesPage() {
  const { t } = useStoriesT();
  const { can } = useSession();
  return (
    <Stack gap="lg">
      <Title order={2}>{t('title')}</Title>
      <StoryList />
      {can('edition:manage') && <EditionList />}
    </Stack>
  );
}

function StoryList() {
  const { t } = useStoriesT();
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.resolvedLanguage);
  const pages = useKeysetPages('all');
  const stories = useQuery({
    queryKey: [...storyKeys.list({}), pages.after],
    queryFn: () => storiesApi.list({}, { cursor: pages.after, limit: STORIES_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="stories-list-title">
      <Stack gap="sm">
        <Title order={3} id="stories-list-title">
          {t('list.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('list.explain')}
        </Text>
        <ErrorAlert error={stories.error} />
        {stories.data?.stories.length === 0 && pages.pageIndex === 0 && (
          <Text size="sm">{t('noStories')}</Text>
        )}
        {stories.data && stories.data.stories.length > 0 && (
          <Table.ScrollContainer minWidth={360}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('list.pseudonym')}</Table.Th>
                  <Table.Th>{t('list.status')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('list.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stories.data.stories.map((story) => (
                  <Table.Tr key={story.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/stories/${story.id}`}>
                        {story.publicPseudonym}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`statuses.${story.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{formatDate(story.updatedAt, locale)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {stories.data && (stories.data.stories.length > 0 || pages.pageIndex > 0) && (
          <KeysetPager
            pages={pages}
            pageSize={STORIES_PAGE_SIZE}
            rowCount={stories.data.stories.length}
            busy={stories.isPlaceholderData}
            nextCursor={stories.data.nextCursor}
            label={t('list.title')}
          />
        )}
      </Stack>
    </Paper>
  );
}

function EditionList() {
  const { t } = useStoriesT();
  const [creating, setCreating] = useState(false);
  const editions = useQuery({ queryKey: storyKeys.editions, queryFn: storiesApi.editions });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="editions-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="editions-title">
            {t('editions.title')}
          </Title>
          {!creating && (
            <Button size="xs" variant="light" onClick={() => setCreating(true)}>
              {t('editions.new')}
            </Button>
          )}
        </Group>
        {creating && <NewEditionForm onCancel={() => setCreating(false)} />}
        <ErrorAlert error={editions.error} />
        {editions.data?.editions.length === 0 && <Text size="sm">{t('editions.none')}</Text>}
        {editions.data?.editions.map((edition) => (
          <Group key={edition.id} justify="space-between" wrap="wrap">
            <Anchor component={Link} to={`/editions/${edition.id}`}>
              {edition.year} · {edition.title}
            </Anchor>
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {t('editions.monthsFilled', { count: edition.months.length })}
              </Text>
              <Badge variant="light" color={edition.status === 'printed' ? 'gray' : 'indigo'}>
                {t(`editions.statuses.${edition.status}`)}
              </Badge>
              {edition.doNotReprint && (
                <Badge color="red" variant="light">
                  {t('editions.doNotReprint')}
                </Badge>
              )}
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function NewEditionForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useStoriesT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [edition, setEdition] = useState<NewEdition>({
    year: new Date().getFullYear() + 1,
    title: '',
    subtitle: '',
    paper: 'A4',
    orientation: 'portrait',
    bleedMarks: false,
  });
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: () => storiesApi.createEdition({ ...edition, title: edition.title.trim() }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: storyKeys.editions });
      void navigate(`/editions/${created.id}`);
    },
  });
  const titleMissing = edition.title.trim() === '';
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!titleMissing) create.mutate();
  };
  const issue = (field: string) =>
    isApiError(create.error) ? create.error.issueFor(field) : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('editions.year')}
            value={edition.year}
            min={2000}
            max={2100}
            allowDecimal={false}
            onChange={(value) =>
              setEdition({ ...edition, year: typeof value === 'number' ? value : edition.year })
            }
            error={issue('year')}
          />
          <TextInput
            label={t('editions.coverTitle')}
            value={edition.title}
            onChange={(event) => setEdition({ ...edition, title: event.currentTarget.value })}
            error={(submitted && titleMissing ? t('editor.required') : undefined) ?? issue('title')}
          />
          <TextInput
            label={t('editions.subtitle')}
            value={edition.subtitle}
            onChange={(event) => setEdition({ ...edition, subtitle: event.currentTarget.value })}
          />
          <NativeSelect
            label={t('editions.paper')}
            value={edition.paper}
            onChange={(event) =>
              setEdition({ ...edition, paper: event.currentTarget.value as 'A4' | 'A3' })
            }
            data={['A4', 'A3']}
          />
          <NativeSelect
            label={t('editions.orientation')}
            value={edition.orientation}
            onChange={(event) =>
              setEdition({
                ...edition,
                orientation: event.currentTarget.value as 'portrait' | 'landscape',
              })
            }
            data={(['portrait', 'landscape'] as const).map((value) => ({
              value,
              label: t(`editions.orientations.${value}`),
            }))}
          />
          <Checkbox
            mt="lg"
            label={t('editions.bleedMarks')}
            checked={edition.bleedMarks}
            onChange={(event) =>
              setEdition({ ...edition, bleedMarks: event.currentTarget.checked })
            }
          />
        </SimpleGrid>
        <ErrorAlert error={create.error} />
        <Group>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('editions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
