import {
  Button,
  Group,
  Image,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSession } from '../auth/useSession.ts';
import { documentKeys, documentsApi } from '../documents/documents.api.ts';
import {
  STORY_IMAGE_KINDS,
  storiesApi,
  storyKeys,
  useStoriesT,
  type StoryImageKind,
  type StoryView,
} from './stories.api.ts';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * An optional image for the story, chosen from her care case's documents. The uploader says what
 * it is; Dawn keeps a copy re-encoded without EXIF, GPS or other metadata, and only that copy is
 * shown, printed and published.
 */
export function StoryImagePanel({ story }: { story: StoryView }) {
  const { t } = useStoriesT();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const canEdit = can('story:write') && can('document:read') && story.status !== 'published';
  const [documentId, setDocumentId] = useState('');
  const [kind, setKind] = useState<StoryImageKind | ''>('');
  const [submitted, setSubmitted] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const documents = useQuery({
    queryKey: documentKeys.list('care_case', story.careCaseId),
    queryFn: () => documentsApi.list('care_case', story.careCaseId),
    enabled: canEdit,
  });
  const images = (documents.data?.documents ?? []).filter((document) =>
    IMAGE_TYPES.has(document.mimeType),
  );
  const onSaved = async (saved: StoryView) => {
    queryClient.setQueryData(storyKeys.detail(story.id), saved);
    await queryClient.invalidateQueries({ queryKey: storyKeys.all });
  };
  const attach = useMutation({
    mutationFn: () => storiesApi.attachImage(story.id, documentId, kind as StoryImageKind),
    onSuccess: onSaved,
  });
  const remove = useMutation({
    mutationFn: () => storiesApi.removeImage(story.id),
    onSuccess: async (saved) => {
      setConfirmingRemove(false);
      await onSaved(saved);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (documentId && kind) attach.mutate();
  };
  const serverIssue = isApiError(attach.error) ? attach.error.issueFor('documentId') : undefined;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="story-image-title">
      <Stack gap="sm">
        <Title order={3} id="story-image-title">
          {t('image.title')}
        </Title>
        {story.image ? (
          <Stack gap="xs">
            <Image
              src={storiesApi.imageUrl(story.id, story.image.sha256)}
              alt={t(`image.kinds.${story.image.kind}`)}
              mah={240}
              fit="contain"
              data-testid="story-image"
            />
            <Text size="xs" c="dimmed">
              {t(`image.kinds.${story.image.kind}`)} · {t('image.cleaned')}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('image.none')}
          </Text>
        )}
        {story.image && canEdit && !confirmingRemove && (
          <Group>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => setConfirmingRemove(true)}
            >
              {t('image.remove')}
            </Button>
          </Group>
        )}
        {confirmingRemove && (
          <Group gap="xs" role="alertdialog" aria-label={t('image.removeAsk')}>
            <Text size="sm">{t('image.removeAsk')}</Text>
            <Button size="compact-xs" variant="default" onClick={() => setConfirmingRemove(false)}>
              {t('actions.cancel')}
            </Button>
            <Button
              size="compact-xs"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t('image.removeConfirm')}
            </Button>
          </Group>
        )}
        <ErrorAlert error={remove.error} />
        {canEdit && (
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <Text size="sm">{t('image.explain')}</Text>
              <NativeSelect
                label={t('image.document')}
                value={documentId}
                onChange={(event) => setDocumentId(event.currentTarget.value)}
                data={[
                  { value: '', label: images.length ? t('image.choose') : t('image.noDocuments') },
                  ...images.map((document) => ({ value: document.id, label: document.title })),
                ]}
                error={
                  (submitted && !documentId ? t('image.documentMissing') : undefined) ??
                  (serverIssue ? t('image.documentRefused') : undefined)
                }
              />
              <Radio.Group
                label={t('image.kind')}
                value={kind}
                onChange={(value) => setKind(value)}
                error={submitted && !kind ? t('image.kindMissing') : undefined}
              >
                <Stack gap={4} mt={4}>
                  {STORY_IMAGE_KINDS.map((value) => (
                    <Radio key={value} value={value} label={t(`image.kinds.${value}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              {!serverIssue && <ErrorAlert error={attach.error ?? documents.error} />}
              <Group>
                <Button type="submit" size="xs" loading={attach.isPending}>
                  {story.image ? t('image.replace') : t('image.attach')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
