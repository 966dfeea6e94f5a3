import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { getJson, isApiError, postJson } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import { ImportFlow } from '../imports/ImportFlow.tsx';
import { FollowUpTable } from './FollowUpTable.tsx';
import { useTrainingsT, type Participant, type SessionDetail } from './trainings.api.ts';

type Draft = Record<
  string,
  {
    preScore: number | null;
    postScore: number | null;
    feedbackRating: number | null;
    attendedDays: string[];
  }
>;

const draftOf = (participants: Participant[]): Draft =>
  Object.fromEntries(
    participants.map((participant) => [
      participant.id,
      {
        preScore: participant.preScore,
        postScore: participant.postScore,
        feedbackRating: participant.feedbackRating,
        attendedDays: participant.attendedDays,
      },
    ]),
  );

const asScore = (value: string | number): number | null =>
  value === '' ? null : typeof value === 'number' ? value : Number(value);

/** A session: its participants, their scores and attendance, the participant import and certificates. */
export function SessionPage() {
  const { t, i18n } = useTrainingsT();
  const language = intlLocale(i18n.resolvedLanguage);
  const count = new Intl.NumberFormat(language);
  const { sessionId = '' } = useParams();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const key = ['trainings', 'session', sessionId];
  const session = useQuery({
    queryKey: key,
    queryFn: () => getJson<SessionDetail>(`/api/trainings/sessions/${sessionId}`),
  });
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const refresh = async (detail?: SessionDetail) => {
    if (detail) queryClient.setQueryData(key, detail);
    await queryClient.invalidateQueries({ queryKey: ['trainings'] });
    setDraft(undefined);
  };
  const save = useMutation({
    mutationFn: (results: Draft) =>
      postJson<SessionDetail>(`/api/trainings/sessions/${sessionId}/results`, {
        results: Object.entries(results).map(([participantId, result]) => ({
          participantId,
          ...result,
          feedbackComment:
            session.data?.participantList.find((item) => item.id === participantId)
              ?.feedbackComment ?? null,
        })),
      }),
    onSuccess: refresh,
  });
  const certificates = useMutation({
    mutationFn: () => postJson<SessionDetail>(`/api/trainings/sessions/${sessionId}/certificates`),
    onSuccess: refresh,
  });
  if (session.isPending) return <Loader />;
  if (session.error) return <ErrorAlert error={session.error} />;
  const data = session.data;
  const editing = draft ?? draftOf(data.participantList);
  const canWrite = can('training:write');
  const update = (id: string, change: Partial<Draft[string]>) => {
    const current = editing[id];
    if (current) setDraft({ ...editing, [id]: { ...current, ...change } });
  };
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/trainings/programmes/${data.programmeId}`}>
        {data.programmeTitle}
      </Anchor>
      <Title order={2}>
        {t('sessionTitle', {
          from: formatDate(`${data.startsOn}T12:00:00+05:30`, language),
          to: formatDate(`${data.endsOn}T12:00:00+05:30`, language),
        })}
      </Title>
      <Text>
        {data.venue}, {data.district} · {t(`partners.${data.partnerInstitution}`)}
        {data.trainers.length > 0 && ` · ${t('session.trainers')}: ${data.trainers.join(', ')}`}
      </Text>
      <Group>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('session.participants')}
          </Text>
          <Text size="xl" fw={700} data-testid="participant-count">
            {count.format(data.participants)}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t('session.meanGain')}
          </Text>
          <Text size="xl" fw={700} data-testid="mean-gain">
            {data.meanKnowledgeGain === null
              ? '—'
              : t('gainOf', { gain: data.meanKnowledgeGain, n: data.tested })}
          </Text>
        </Card>
      </Group>
      {canWrite && can('import:run') && (
        <ImportParticipants sessionId={sessionId} onImported={() => void refresh()} />
      )}
      <Title order={3}>{t('participantsTitle')}</Title>
      {data.participantList.length === 0 ? (
        <Text>{t('noParticipants')}</Text>
      ) : (
        <ListTable
          rows={data.participantList}
          rowKey={(participant) => participant.id}
          label={t('participantsTitle')}
          minWidth={900}
          columns={[
            {
              key: 'official',
              header: t('participant.official'),
              onCard: 'title',
              cell: (participant) => (
                <>
                  <Text size="sm" fw={500}>
                    {participant.official.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[participant.rank, participant.posting].filter(Boolean).join(', ')}
                  </Text>
                </>
              ),
            },
            {
              key: 'cadre',
              header: t('participant.cadre'),
              onCard: 'badge',
              cell: (participant) => (
                <Badge variant="light">{t(`cadres.${participant.cadre}`)}</Badge>
              ),
            },
            {
              key: 'preScore',
              header: t('participant.preScore'),
              cell: (participant) => {
                const row = editing[participant.id];
                return (
                  <NumberInput
                    aria-label={t('participant.preScoreOf', {
                      name: participant.official.name,
                    })}
                    w={80}
                    min={0}
                    max={100}
                    disabled={!canWrite}
                    value={row?.preScore ?? ''}
                    onChange={(value) => update(participant.id, { preScore: asScore(value) })}
                  />
                );
              },
            },
            {
              key: 'postScore',
              header: t('participant.postScore'),
              cell: (participant) => {
                const row = editing[participant.id];
                return (
                  <NumberInput
                    aria-label={t('participant.postScoreOf', {
                      name: participant.official.name,
                    })}
                    w={80}
                    min={0}
                    max={100}
                    disabled={!canWrite}
                    value={row?.postScore ?? ''}
                    onChange={(value) => update(participant.id, { postScore: asScore(value) })}
                  />
                );
              },
            },
            {
              key: 'gain',
              header: t('participant.gain'),
              cell: (participant) =>
                participant.knowledgeGain === null ? '—' : count.format(participant.knowledgeGain),
            },
            {
              key: 'attendance',
              header: t('participant.attendance'),
              cell: (participant) => {
                const row = editing[participant.id];
                return (
                  <Group gap={4}>
                    {data.days.map((day) => (
                      <Checkbox
                        key={day}
                        aria-label={t('participant.attendedOn', {
                          name: participant.official.name,
                          day,
                        })}
                        title={day}
                        disabled={!canWrite}
                        checked={row?.attendedDays.includes(day) ?? false}
                        onChange={(event) =>
                          update(participant.id, {
                            attendedDays: event.currentTarget.checked
                              ? [...(row?.attendedDays ?? []), day]
                              : (row?.attendedDays ?? []).filter((item) => item !== day),
                          })
                        }
                      />
                    ))}
                  </Group>
                );
              },
            },
            {
              key: 'rating',
              header: t('participant.rating'),
              cell: (participant) => {
                const row = editing[participant.id];
                return (
                  <NumberInput
                    aria-label={t('participant.ratingOf', { name: participant.official.name })}
                    w={70}
                    min={1}
                    max={5}
                    disabled={!canWrite}
                    value={row?.feedbackRating ?? ''}
                    onChange={(value) => update(participant.id, { feedbackRating: asScore(value) })}
                  />
                );
              },
            },
            {
              key: 'certificate',
              header: t('participant.certificate'),
              cell: (participant) =>
                participant.certificateCode ? (
                  <Stack gap={2}>
                    <Text size="xs" ff="monospace">
                      {participant.certificateCode}
                    </Text>
                    <Group gap={6}>
                      {(['en', 'bn', 'hi'] as const).map((language) => (
                        <Anchor
                          key={language}
                          size="xs"
                          href={`/api/trainings/participants/${participant.id}/certificate.pdf?language=${language}`}
                        >
                          {t(`languages.${language}`)}
                        </Anchor>
                      ))}
                    </Group>
                  </Stack>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
      {save.error && (
        <Alert color="red">{isApiError(save.error) ? t('saveFailed') : t('unexpected')}</Alert>
      )}
      {canWrite && data.participantList.length > 0 && (
        <Group>
          <Button onClick={() => save.mutate(editing)} loading={save.isPending} disabled={!draft}>
            {t('saveResults')}
          </Button>
          <Button
            variant="light"
            onClick={() => certificates.mutate()}
            loading={certificates.isPending}
          >
            {t('issueCertificates')}
          </Button>
          {certificates.error && <ErrorAlert error={certificates.error} />}
        </Group>
      )}
      <Text size="sm" c="dimmed">
        {t('certificatesHint')}
      </Text>
      <FollowUpTable sessionId={sessionId} />
    </Stack>
  );
}

/**
 * The session's participant list from a spreadsheet, through the generic import (kind
 * `training_participants`, the job naming this session): mapping, dry run, batches, summary.
 */
function ImportParticipants({
  sessionId,
  onImported,
}: {
  sessionId: string;
  onImported: () => void;
}) {
  const { t } = useTrainingsT();
  return (
    <Stack gap="sm" data-testid="participant-import">
      <Title order={3}>{t('import.title')}</Title>
      <Text size="sm">{t('import.hint')}</Text>
      <ImportFlow
        kind="training_participants"
        trainingSessionId={sessionId}
        onFinished={onImported}
      />
    </Stack>
  );
}
