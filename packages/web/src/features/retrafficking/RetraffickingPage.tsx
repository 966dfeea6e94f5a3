import {
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useSession } from '../auth/useSession.ts';
import { CompareIdentitiesDialog } from './CompareIdentitiesDialog.tsx';
import {
  RETRAFFICKING_QUERY_KEY,
  retraffickingApi,
  type MatchCase,
  type MatchStatus,
  type RetraffickingMatch,
} from './retrafficking.api.ts';

type Filter = MatchStatus | 'all';
type Decision = Exclude<MatchStatus, 'suggested'>;

/**
 * Possible re-trafficking: a person recorded in a new case who resembles a survivor of another of
 * the organisation's cases. Pseudonyms and the score only; a decision asks first.
 */
export function RetraffickingPage() {
  const { t, i18n } = useTranslation();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>('suggested');
  const [comparing, setComparing] = useState<string | undefined>();
  const [deciding, setDeciding] = useState<{ match: RetraffickingMatch; decision: Decision }>();
  const list = useQuery({
    queryKey: [...RETRAFFICKING_QUERY_KEY, 'list', filter],
    queryFn: () => retraffickingApi.list(filter === 'all' ? undefined : filter),
  });
  const decide = useMutation({
    mutationFn: (given: { id: string; decision: Decision }) =>
      retraffickingApi.decide(given.id, given.decision),
    onSuccess: async () => {
      setDeciding(undefined);
      await queryClient.invalidateQueries({ queryKey: RETRAFFICKING_QUERY_KEY });
    },
  });
  const matches = list.data?.matches ?? [];

  const caseLabel = (matchCase: MatchCase) =>
    matchCase.type === 'care_case'
      ? t('retrafficking.careCase', {
          code: matchCase.code ?? '',
          phase: t(`careCases.phases.${matchCase.phase ?? 'intake'}`),
        })
      : t('retrafficking.rescue', {
          district: matchCase.district ?? '',
          date: matchCase.rescuedAt ? formatDate(matchCase.rescuedAt, language) : '',
        });
  const caseLink = (matchCase: MatchCase) =>
    matchCase.type === 'care_case'
      ? `/care-cases/${matchCase.id}`
      : `/rescue-operations/${matchCase.id}`;

  return (
    <Stack gap="lg">
      <Title order={2}>{t('retrafficking.title')}</Title>
      <Text>{t('retrafficking.intro')}</Text>
      {can('care_plan:approve') && <ThresholdForm />}
      <SegmentedControl
        aria-label={t('retrafficking.filterLabel')}
        value={filter}
        onChange={(value) => setFilter(value)}
        data={(['suggested', 'same_person', 'different_people', 'all'] as const).map((value) => ({
          value,
          label: t(`retrafficking.filter.${value}`),
        }))}
        fullWidth
        style={{ flexWrap: 'wrap' }}
      />
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : matches.length === 0 ? (
        <Text c="dimmed">{t('retrafficking.empty')}</Text>
      ) : (
        <Stack>
          {matches.map((match) => (
            <Card key={match.id} withBorder data-testid="retrafficking-match">
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap">
                  <Text fw={600}>
                    {t('retrafficking.resembles', {
                      person: match.person.pseudonym,
                      earlier: match.earlierPerson.pseudonym,
                    })}
                  </Text>
                  <Group gap="xs">
                    <Badge variant="light" size="lg">
                      {t('retrafficking.score', {
                        score: new Intl.NumberFormat(language, { style: 'percent' }).format(
                          match.score,
                        ),
                      })}
                    </Badge>
                    <Badge color={match.status === 'suggested' ? 'orange' : 'gray'}>
                      {t(`retrafficking.status.${match.status}`)}
                    </Badge>
                  </Group>
                </Group>
                <Text size="sm">
                  {t('retrafficking.newCase')}{' '}
                  <Link to={caseLink(match.case)}>{caseLabel(match.case)}</Link>
                </Text>
                <Text size="sm">
                  {t('retrafficking.earlierCase')}{' '}
                  <Link to={caseLink(match.earlierCase)}>{caseLabel(match.earlierCase)}</Link>
                </Text>
                <Group gap="xs" wrap="wrap">
                  {can('identity:reveal') && (
                    <Button variant="light" onClick={() => setComparing(match.id)}>
                      {t('retrafficking.compare.open')}
                    </Button>
                  )}
                  {match.status === 'suggested' && can('care_case:write') && (
                    <>
                      <Button onClick={() => setDeciding({ match, decision: 'same_person' })}>
                        {t('retrafficking.decide.same_person')}
                      </Button>
                      <Button
                        variant="outline"
                        color="red"
                        onClick={() => setDeciding({ match, decision: 'different_people' })}
                      >
                        {t('retrafficking.decide.different_people')}
                      </Button>
                    </>
                  )}
                </Group>
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {comparing && (
        <CompareIdentitiesDialog matchId={comparing} onClose={() => setComparing(undefined)} />
      )}
      {deciding && (
        <Modal
          opened
          onClose={() => setDeciding(undefined)}
          title={t(`retrafficking.confirm.${deciding.decision}.title`)}
        >
          <Stack>
            <Text>
              {t(`retrafficking.confirm.${deciding.decision}.body`, {
                person: deciding.match.person.pseudonym,
                earlier: deciding.match.earlierPerson.pseudonym,
              })}
            </Text>
            <ErrorAlert error={decide.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeciding(undefined)}>
                {t('common.cancel')}
              </Button>
              <Button
                color={deciding.decision === 'different_people' ? 'red' : undefined}
                loading={decide.isPending}
                onClick={() =>
                  decide.mutate({ id: deciding.match.id, decision: deciding.decision })
                }
              >
                {t(`retrafficking.confirm.${deciding.decision}.submit`)}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function ThresholdForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: [...RETRAFFICKING_QUERY_KEY, 'threshold'],
    queryFn: retraffickingApi.threshold,
  });
  const [value, setValue] = useState<number | undefined>();
  const save = useMutation({
    mutationFn: (threshold: number) => retraffickingApi.setThreshold(threshold),
    onSuccess: async () => {
      setValue(undefined);
      await queryClient.invalidateQueries({ queryKey: RETRAFFICKING_QUERY_KEY });
    },
  });
  const shown = value ?? (current.data ? Math.round(current.data.threshold * 100) : undefined);
  const invalid = shown !== undefined && (shown < 50 || shown > 100);
  const serverIssue = isApiError(save.error) ? save.error.issueFor('threshold') : undefined;
  return (
    <Group align="flex-end" wrap="wrap">
      <NumberInput
        label={t('retrafficking.threshold.label')}
        description={t('retrafficking.threshold.hint')}
        value={shown ?? ''}
        onChange={(next) => setValue(typeof next === 'number' ? next : undefined)}
        min={50}
        max={100}
        suffix="%"
        error={invalid || serverIssue ? t('retrafficking.threshold.invalid') : undefined}
        w={260}
      />
      <Button
        variant="light"
        disabled={shown === undefined || invalid}
        loading={save.isPending}
        onClick={() => shown !== undefined && save.mutate(shown / 100)}
      >
        {t('retrafficking.threshold.save')}
      </Button>
    </Group>
  );
}
