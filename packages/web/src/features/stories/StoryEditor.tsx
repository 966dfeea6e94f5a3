import { STORY_LANGUAGES, type StoryLanguage } from '@dawn/core';
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import {
  STORY_FIELDS,
  storiesApi,
  storyKeys,
  useStoriesT,
  type StoryText,
  type StoryView,
} from './stories.api.ts';

type Drafts = Record<StoryLanguage, StoryText & { included: boolean }>;

function emptyDrafts(story?: StoryView): Drafts {
  const drafts = {} as Drafts;
  for (const language of STORY_LANGUAGES) {
    const saved = story?.texts.find((text) => text.language === language);
    drafts[language] = {
      language,
      title: saved?.title ?? '',
      body: saved?.body ?? '',
      aspirations: saved?.aspirations ?? '',
      interests: saved?.interests ?? '',
      included: saved !== undefined,
    };
  }
  return drafts;
}

/**
 * The story in every language side by side: the language she told it in first, then the
 * translations. Every save that changes a language writes a new version of it on the server.
 */
export function StoryEditor({ caseId, story }: { caseId: string; story?: StoryView }) {
  const { t } = useStoriesT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pseudonym, setPseudonym] = useState(story?.publicPseudonym ?? '');
  const [originalLanguage, setOriginalLanguage] = useState<StoryLanguage>(
    story?.originalLanguage ?? 'bn',
  );
  const [rescueYear, setRescueYear] = useState<number | ''>(story?.rescueYear ?? '');
  const [drafts, setDrafts] = useState<Drafts>(() => {
    const initial = emptyDrafts(story);
    if (!story) initial[originalLanguage].included = true;
    return initial;
  });
  const [missing, setMissing] = useState<string[]>([]);
  const readOnly = story?.status === 'published';

  const save = useMutation({
    mutationFn: () => {
      const texts = STORY_LANGUAGES.filter(
        (language) => drafts[language].included || language === originalLanguage,
      ).map((language) => {
        const draft = drafts[language];
        return {
          language,
          title: draft.title,
          body: draft.body,
          aspirations: draft.aspirations,
          interests: draft.interests,
        };
      });
      const year = rescueYear === '' ? undefined : rescueYear;
      return story
        ? storiesApi.save(story.id, {
            publicPseudonym: pseudonym.trim(),
            rescueYear: year ?? null,
            texts,
          })
        : storiesApi.create(caseId, {
            publicPseudonym: pseudonym.trim(),
            originalLanguage,
            ...(year !== undefined ? { rescueYear: year } : {}),
            texts,
          });
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(storyKeys.detail(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: storyKeys.all });
      if (!story) void navigate(`/stories/${saved.id}`);
    },
  });

  const update = (language: StoryLanguage, patch: Partial<Drafts[StoryLanguage]>) =>
    setDrafts((current) => ({ ...current, [language]: { ...current[language], ...patch } }));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    if (pseudonym.trim().length < 2) problems.push('pseudonym');
    for (const language of STORY_LANGUAGES) {
      const draft = drafts[language];
      if (!draft.included && language !== originalLanguage) continue;
      if (!draft.title.trim()) problems.push(`${language}.title`);
      if (!draft.body.trim()) problems.push(`${language}.body`);
    }
    setMissing(problems);
    if (problems.length === 0) save.mutate();
  };
  const serverIssue = (field: string) => {
    if (!isApiError(save.error)) return undefined;
    // The server's own words name the reason; the reader gets it in her language.
    if (
      field === 'publicPseudonym' &&
      /too close to a name/.test(save.error.serverIssueFor(field) ?? '')
    )
      return t('editor.pseudonymTooClose');
    return save.error.issueFor(field);
  };
  const required = (key: string) => (missing.includes(key) ? t('editor.required') : undefined);
  const order = [originalLanguage, ...STORY_LANGUAGES.filter((code) => code !== originalLanguage)];

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="editor-title">
      <Stack gap="md">
        <Title order={3} id="editor-title">
          {t('editor.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('editor.pseudonym')}
            description={t('editor.pseudonymHint')}
            value={pseudonym}
            readOnly={readOnly}
            onChange={(event) => setPseudonym(event.currentTarget.value)}
            error={required('pseudonym') ?? serverIssue('publicPseudonym')}
          />
          <NativeSelect
            label={t('editor.originalLanguage')}
            value={originalLanguage}
            disabled={story !== undefined}
            data={STORY_LANGUAGES.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
            onChange={(event) => {
              const code = event.currentTarget.value as StoryLanguage;
              setOriginalLanguage(code);
              update(code, { included: true });
            }}
          />
          <NumberInput
            label={t('editor.rescueYear')}
            description={t('editor.rescueYearHint')}
            value={rescueYear}
            readOnly={readOnly}
            min={1950}
            max={new Date().getFullYear()}
            allowDecimal={false}
            onChange={(value) => setRescueYear(typeof value === 'number' ? value : '')}
            error={serverIssue('rescueYear')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          {order.map((language) => {
            const draft = drafts[language];
            const original = language === originalLanguage;
            const included = original || draft.included;
            return (
              <Paper
                key={language}
                withBorder
                p="sm"
                component="fieldset"
                lang={language}
                data-testid={`story-text-${language}`}
              >
                <Stack gap="xs">
                  <Group justify="space-between" wrap="wrap">
                    <Text fw={600} component="legend">
                      {t(`languages.${language}`)}
                    </Text>
                    {original ? (
                      <Text size="xs" c="dimmed">
                        {t('editor.toldIn')}
                      </Text>
                    ) : (
                      <Checkbox
                        size="xs"
                        label={t('editor.includeTranslation')}
                        checked={draft.included}
                        disabled={readOnly}
                        onChange={(event) =>
                          update(language, { included: event.currentTarget.checked })
                        }
                      />
                    )}
                  </Group>
                  {included &&
                    STORY_FIELDS.map((field) => {
                      const props = {
                        label: t(`fields.${field}`),
                        value: draft[field],
                        readOnly,
                        onChange: (
                          event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>,
                        ) => update(language, { [field]: event.currentTarget.value }),
                        error: required(`${language}.${field}`),
                      };
                      return field === 'title' ? (
                        <TextInput key={field} {...props} />
                      ) : (
                        <Textarea
                          key={field}
                          {...props}
                          autosize
                          minRows={field === 'body' ? 6 : 2}
                          maxRows={20}
                        />
                      );
                    })}
                </Stack>
              </Paper>
            );
          })}
        </SimpleGrid>
        <ErrorAlert error={save.error} />
        {save.isSuccess && (
          <Text size="sm" c="teal" role="status">
            {t('editor.saved')}
          </Text>
        )}
        {!readOnly && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {story ? t('editor.save') : t('editor.create')}
            </Button>
            {story && story.status !== 'draft' && (
              <Text size="sm" c="dimmed">
                {t('editor.backToDraft')}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
