import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import {
  careCaseKeys,
  careCasesApi,
  MY_WORK_PAGE_SIZE,
  type TaskSummary,
} from './care-cases.api.ts';
import { useCareCaseColumns } from './care-case-columns.tsx';
import { TaskTitle, useTaskTitle } from './TaskTitle.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

/** My open cases and my tasks, soonest first; a task is marked done here. */
export function MyWorkPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const language = intlLocale(i18n.resolvedLanguage);
  const queryClient = useQueryClient();
  const taskPages = useKeysetPages('my-tasks');
  const casePages = useKeysetPages('my-cases');
  const tasks = useQuery({
    queryKey: [...careCaseKeys.myTasks, taskPages.after],
    queryFn: () => careCasesApi.myTasks(taskPages.after),
    placeholderData: keepPreviousData,
  });
  const cases = useQuery({
    queryKey: [...careCaseKeys.myCases, casePages.after],
    queryFn: () => careCasesApi.myCases(casePages.after),
    placeholderData: keepPreviousData,
  });
  const work =
    tasks.data && cases.data ? { tasks: tasks.data.tasks, cases: cases.data.cases } : undefined;
  const taskTitle = useTaskTitle();
  const caseColumns = useCareCaseColumns('pseudonym', 'code', 'phase', 'nextDue');
  // The task last marked done, said with an Undo: a tap on a phone is easily made.
  const [done, setDone] = useState<TaskSummary | undefined>();
  const complete = useMutation({
    mutationFn: careCasesApi.completeTask,
    onSuccess: (task) => {
      setDone(task);
      return queryClient.invalidateQueries({ queryKey: careCaseKeys.all });
    },
  });
  const reopen = useMutation({
    mutationFn: careCasesApi.reopenTask,
    onSuccess: () => {
      setDone(undefined);
      return queryClient.invalidateQueries({ queryKey: careCaseKeys.all });
    },
  });

  return (
    <Stack gap="lg">
      <Title order={2}>{t('careCases.myWork.title')}</Title>
      {(tasks.isPending || cases.isPending) && (
        <Loader size="sm" aria-label={t('common.loading')} />
      )}
      <ErrorAlert error={tasks.error ?? cases.error ?? complete.error ?? reopen.error} />
      {done && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setDone(undefined)}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm">
              {t('careCases.tasks.doneNotice')} <TaskTitle task={done} />
            </Text>
            <Button
              size="xs"
              variant="light"
              loading={reopen.isPending}
              onClick={() => reopen.mutate(done.id)}
              aria-label={t('careCases.tasks.undoNamed', { title: taskTitle(done) })}
            >
              {t('careCases.tasks.undo')}
            </Button>
          </Group>
        </Alert>
      )}
      {work && (
        <>
          <Stack gap="xs" component="section" aria-labelledby="my-tasks-title">
            <Title order={3} id="my-tasks-title">
              {t('careCases.myWork.tasks')}
            </Title>
            {work.tasks.length === 0 ? (
              <Text>{t('careCases.tasks.none')}</Text>
            ) : (
              <ListTable
                rows={work.tasks}
                rowKey={(task) => task.id}
                labelledBy="my-tasks-title"
                minWidth={0}
                busy={tasks.isPlaceholderData}
                columns={[
                  {
                    key: 'due',
                    header: t('careCases.tasks.due'),
                    cell: (task) => (
                      <>
                        {formatDate(task.dueAt, language)}
                        {task.overdue && (
                          <Badge color="red" size="xs" ml="xs">
                            {t('careCases.tasks.overdue')}
                          </Badge>
                        )}
                      </>
                    ),
                  },
                  {
                    key: 'task',
                    header: t('careCases.tasks.task'),
                    onCard: 'title',
                    cell: (task) => <TaskTitle task={task} />,
                  },
                  {
                    key: 'code',
                    header: t('careCases.list.code'),
                    cell: (task) => (
                      <Anchor component={Link} to={`/care-cases/${task.caseId}`}>
                        {task.caseCode}
                      </Anchor>
                    ),
                  },
                  {
                    key: 'done',
                    onCard: 'action',
                    cell: (task) =>
                      can('care_case:write') && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={complete.isPending && complete.variables === task.id}
                          onClick={() => complete.mutate(task.id)}
                        >
                          {t('careCases.tasks.markDone')}
                        </Button>
                      ),
                  },
                ]}
              />
            )}
            {(work.tasks.length > 0 || taskPages.pageIndex > 0) && (
              <KeysetPager
                pages={taskPages}
                pageSize={MY_WORK_PAGE_SIZE}
                rowCount={work.tasks.length}
                busy={tasks.isPlaceholderData}
                nextCursor={tasks.data?.nextCursor}
                label={t('careCases.myWork.tasks')}
              />
            )}
          </Stack>
          <Stack gap="xs" component="section" aria-labelledby="my-cases-title">
            <Title order={3} id="my-cases-title">
              {t('careCases.myWork.cases')}
            </Title>
            {work.cases.length === 0 ? (
              <Text>{t('careCases.list.empty')}</Text>
            ) : (
              <ListTable
                rows={work.cases}
                rowKey={(careCase) => careCase.id}
                labelledBy="my-cases-title"
                minWidth={0}
                busy={cases.isPlaceholderData}
                columns={caseColumns}
              />
            )}
            {(work.cases.length > 0 || casePages.pageIndex > 0) && (
              <KeysetPager
                pages={casePages}
                pageSize={MY_WORK_PAGE_SIZE}
                rowCount={work.cases.length}
                busy={cases.isPlaceholderData}
                nextCursor={cases.data?.nextCursor}
                label={t('careCases.myWork.cases')}
              />
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
