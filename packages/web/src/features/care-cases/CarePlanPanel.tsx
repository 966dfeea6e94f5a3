import { OUTCOME_DOMAINS, type OutcomeDomain } from '@dawn/core';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import {
  careCaseKeys,
  careCasesApi,
  GOAL_STATUSES,
  type CarePlanView,
  type GoalInput,
  type GoalStatus,
} from './care-cases.api.ts';
import { useCarePlans } from './useCaseReferenceData.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * The care plan: goals per outcome domain with target dates and status. A draft becomes the plan
 * once a programme manager approves it; only they see the button.
 */
export function CarePlanPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [formOpen, { toggle }] = useDisclosure(false);
  const plans = useCarePlans(caseId);
  const current = (plans.data?.carePlans ?? []).filter((plan) => plan.status !== 'superseded');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="care-plan-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="care-plan-title">
            {t('careCases.carePlan.title')}
          </Title>
          {can('care_case:write') && (
            <Button size="xs" variant="light" onClick={toggle} aria-expanded={formOpen}>
              {t('careCases.carePlan.new')}
            </Button>
          )}
        </Group>
        {formOpen && <CarePlanForm caseId={caseId} onDone={toggle} />}
        <ErrorAlert error={plans.error} />
        {plans.data && current.length === 0 && (
          <Text size="sm">{t('careCases.carePlan.none')}</Text>
        )}
        {current.map((plan) => (
          <PlanCard key={plan.id} caseId={caseId} plan={plan} />
        ))}
      </Stack>
    </Paper>
  );
}

function PlanCard({ caseId, plan }: { caseId: string; plan: CarePlanView }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [editing, { toggle: toggleEditing }] = useDisclosure(false);
  const language = intlLocale(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
  // Approving cannot be undone (the plan is then only replaced by a new one): asked first.
  const [approving, setApproving] = useState(false);
  const approve = useMutation({
    mutationFn: () => careCasesApi.approveCarePlan(caseId, plan.id),
    onSuccess: async () => {
      await refresh();
      setApproving(false);
    },
  });
  const goalStatus = useMutation({
    mutationFn: ({ goalId, status }: { goalId: string; status: GoalStatus }) =>
      careCasesApi.setGoalStatus(caseId, plan.id, goalId, status),
    onSuccess: refresh,
  });
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Badge color={plan.status === 'approved' ? 'teal' : 'yellow'} variant="light">
              {t(`careCases.carePlan.statuses.${plan.status}`)}
            </Badge>
            {plan.approvedAt && (
              <Text size="sm" c="dimmed">
                {t('careCases.carePlan.approvedOn', {
                  date: formatDate(plan.approvedAt, language),
                })}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            {plan.status === 'draft' && can('care_case:write') && (
              <Button
                size="xs"
                variant="light"
                onClick={toggleEditing}
                aria-expanded={editing}
                disabled={approve.isPending}
              >
                {t('careCases.carePlan.edit')}
              </Button>
            )}
            {plan.status === 'draft' && can('care_plan:approve') && (
              <Button
                size="xs"
                onClick={() => {
                  approve.reset();
                  setApproving(true);
                }}
                disabled={editing}
              >
                {t('careCases.carePlan.approve')}
              </Button>
            )}
            {approving && (
              <Modal
                opened
                onClose={() => setApproving(false)}
                title={t('careCases.carePlan.approveTitle')}
              >
                <Stack>
                  <Text size="sm">{t('careCases.carePlan.approveAsk')}</Text>
                  <ErrorAlert error={approve.error} />
                  <Group justify="flex-end">
                    <Button variant="default" onClick={() => setApproving(false)}>
                      {t('common.cancel')}
                    </Button>
                    <Button loading={approve.isPending} onClick={() => approve.mutate()}>
                      {t('careCases.carePlan.approve')}
                    </Button>
                  </Group>
                </Stack>
              </Modal>
            )}
          </Group>
        </Group>
        {editing && <CarePlanForm caseId={caseId} plan={plan} onDone={toggleEditing} />}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {plan.summary}
        </Text>
        <ErrorAlert error={approving ? goalStatus.error : (approve.error ?? goalStatus.error)} />
        {/* The status column keeps room for its longest word; narrow screens scroll the table. */}
        <ListTable
          rows={plan.goals}
          rowKey={(goal) => goal.id}
          label={t('careCases.carePlan.title')}
          minWidth={600}
          columns={[
            {
              key: 'domain',
              header: t('careCases.carePlan.domain'),
              onCard: 'badge',
              cell: (goal) => t(`careCases.options.domain.${goal.domain}`),
            },
            {
              key: 'goal',
              header: t('careCases.carePlan.goal'),
              onCard: 'title',
              cell: (goal) => goal.description,
            },
            {
              key: 'targetDate',
              header: t('careCases.carePlan.targetDate'),
              cell: (goal) =>
                goal.targetDate ? formatDate(`${goal.targetDate}T12:00:00+05:30`, language) : '—',
            },
            {
              key: 'status',
              header: t('careCases.carePlan.goalStatus'),
              cell: (goal) =>
                can('care_case:write') && plan.status !== 'superseded' ? (
                  <NativeSelect
                    aria-label={t('careCases.carePlan.goalStatusOf', {
                      goal: goal.description.slice(0, 40),
                    })}
                    size="xs"
                    miw={160}
                    value={goal.status}
                    data={GOAL_STATUSES.map((status) => ({
                      value: status,
                      label: t(`careCases.carePlan.goalStatuses.${status}`),
                    }))}
                    onChange={(event) =>
                      goalStatus.mutate({
                        goalId: goal.id,
                        status: event.currentTarget.value as GoalStatus,
                      })
                    }
                  />
                ) : (
                  t(`careCases.carePlan.goalStatuses.${goal.status}`)
                ),
            },
          ]}
        />
      </Stack>
    </Card>
  );
}

type GoalDraft = {
  domain: OutcomeDomain;
  description: string;
  targetDate: string;
  /** A goal of the draft being edited keeps what the form does not show. */
  kept?: Pick<GoalInput, 'services' | 'status'>;
};

/** A new draft, or (`plan`) the draft being edited, made from the version it was opened at. */
function CarePlanForm({
  caseId,
  plan,
  onDone,
}: {
  caseId: string;
  plan?: CarePlanView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [summary, setSummary] = useState(plan?.summary ?? '');
  const [goals, setGoals] = useState<GoalDraft[]>(
    plan
      ? plan.goals.map((goal) => ({
          domain: goal.domain,
          description: goal.description,
          targetDate: goal.targetDate ?? '',
          kept: { services: goal.services, status: goal.status },
        }))
      : [{ domain: 'safety', description: '', targetDate: '' }],
  );
  const create = useMutation({
    mutationFn: () => {
      const input = {
        summary,
        ...(plan?.reviewDueAt ? { reviewDueAt: plan.reviewDueAt } : {}),
        goals: goals.map((goal): GoalInput => ({
          domain: goal.domain,
          description: goal.description,
          services: goal.kept?.services ?? [],
          status: goal.kept?.status ?? 'not_started',
          ...(goal.targetDate ? { targetDate: goal.targetDate } : {}),
        })),
      };
      return plan
        ? careCasesApi.updateCarePlan(caseId, plan.id, plan.version, input)
        : careCasesApi.createCarePlan(caseId, input);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careCaseKeys.detail(caseId) });
      onDone();
    },
  });
  const apiError = isApiError(create.error) ? create.error : undefined;
  const update = (index: number, change: Partial<GoalDraft>) =>
    setGoals((previous) =>
      previous.map((goal, at) => (at === index ? { ...goal, ...change } : goal)),
    );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={plan ? t('careCases.carePlan.editTitle') : t('careCases.carePlan.new')}
    >
      <Stack gap="xs">
        <Textarea
          label={t('careCases.carePlan.summary')}
          description={t('careCases.event.noNamesHint')}
          required
          autosize
          minRows={2}
          maxLength={4000}
          value={summary}
          onChange={(event) => setSummary(event.currentTarget.value)}
          error={apiError?.issueFor('summary')}
        />
        {goals.map((goal, index) => (
          // One goal a row on a wide screen; on a phone its fields wrap instead of widening the page.
          <Group key={index} align="flex-end" wrap="wrap" gap="xs">
            <Select
              label={t('careCases.carePlan.domain')}
              required
              data={OUTCOME_DOMAINS.map((domain) => ({
                value: domain,
                label: t(`careCases.options.domain.${domain}`),
              }))}
              value={goal.domain}
              onChange={(next) => next && update(index, { domain: next })}
              style={{ flex: '1 1 12rem' }}
            />
            <TextInput
              label={t('careCases.carePlan.goal')}
              required
              style={{ flex: '3 1 14rem' }}
              maxLength={1000}
              value={goal.description}
              onChange={(event) => update(index, { description: event.currentTarget.value })}
              error={apiError?.issueFor(`goals.${index}.description`)}
            />
            <TextInput
              type="date"
              label={t('careCases.carePlan.targetDate')}
              style={{ flex: '1 1 10rem' }}
              value={goal.targetDate}
              onChange={(event) => update(index, { targetDate: event.currentTarget.value })}
              error={apiError?.issueFor(`goals.${index}.targetDate`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              disabled={goals.length === 1}
              aria-label={t('careCases.carePlan.removeGoal', { number: index + 1 })}
              onClick={() => setGoals((previous) => previous.filter((_, at) => at !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            onClick={() =>
              setGoals((previous) => [
                ...previous,
                { domain: 'safety', description: '', targetDate: '' },
              ])
            }
          >
            {t('careCases.carePlan.addGoal')}
          </Button>
        </Group>
        <ErrorAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {plan ? t('careCases.carePlan.saveChanges') : t('careCases.carePlan.saveDraft')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
