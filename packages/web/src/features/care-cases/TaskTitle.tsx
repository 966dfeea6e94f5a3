import { useTranslation } from 'react-i18next';
import type { TaskSummary } from './care-cases.api.ts';

const ASSESSMENT_TITLES: Record<string, string> = {
  'Intake outcome assessment': 'intake',
  'Six-month outcome assessment': 'six_month',
  'Annual outcome assessment': 'annual',
};

/**
 * A task's title in the reader's language. The server writes system tasks' titles in English and
 * has no key for them, so known titles are matched; a person's own task keeps their words.
 */
export function useTaskTitle(): (task: Pick<TaskSummary, 'kind' | 'title'>) => string {
  const { t } = useTranslation();
  return (task) => {
    if (task.kind === 'assessment_due') {
      const key = ASSESSMENT_TITLES[task.title];
      return key ? t(`careCases.tasks.assessment.${key}`) : task.title;
    }
    if (task.kind === 'care_plan_review') return t('careCases.tasks.carePlanReview');
    return task.title;
  };
}

/** {@link useTaskTitle} as an element. */
export function TaskTitle({ task }: { task: TaskSummary }) {
  return <>{useTaskTitle()(task)}</>;
}
