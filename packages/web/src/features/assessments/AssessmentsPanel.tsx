import { OUTCOME_DOMAINS, type RestoredRule } from '@dawn/core';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useSession } from '../auth/useSession.ts';
import { careCaseKeys, careCasesApi, type Verdict } from '../care-cases/care-cases.api.ts';
import { AssessmentForm } from './AssessmentForm.tsx';
import { DomainTrendCharts } from './DomainTrendCharts.tsx';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * Outcome assessments: the verdict under the organisation's restored rule (the rule is always
 * shown with it), the scores of each assessment, and a trend chart per domain.
 */
export function AssessmentsPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const language = intlLocale(i18n.resolvedLanguage);
  const score = new Intl.NumberFormat(language, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const [formOpen, { toggle }] = useDisclosure(false);
  const assessments = useQuery({
    queryKey: careCaseKeys.assessments(caseId),
    queryFn: () => careCasesApi.assessments(caseId),
  });
  const settings = useQuery({
    queryKey: careCaseKeys.careSettings,
    queryFn: careCasesApi.careSettings,
    staleTime: 5 * 60_000,
  });
  const list = assessments.data?.assessments ?? [];
  const verdict = assessments.data?.verdict;
  const rule = settings.data?.restoredRule;
  // The rule in the reader's language when we have its terms; the server's English otherwise.
  const ruleText = rule
    ? [
        t('careCases.assessments.ruleText', {
          minimum: rule.minimumDomainScore,
          number: rule.consecutiveAssessments,
          months: rule.minimumMonthsApart,
        }),
        rule.minimumOverallScore === null
          ? ''
          : t('careCases.assessments.ruleOverall', { minimum: rule.minimumOverallScore }),
      ]
        .join(' ')
        .trim()
    : '';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="assessments-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="assessments-title">
            {t('careCases.assessments.title')}
          </Title>
          {can('assessment:write') && settings.data && (
            <Button size="xs" variant="light" onClick={toggle} aria-expanded={formOpen}>
              {t('careCases.assessments.record')}
            </Button>
          )}
        </Group>
        {formOpen && settings.data && (
          <AssessmentForm caseId={caseId} settings={settings.data} onDone={toggle} />
        )}
        <ErrorAlert error={assessments.error ?? settings.error} />
        {verdict && (
          <Alert
            color={verdict.restored ? 'teal' : 'gray'}
            title={
              verdict.restored
                ? t('careCases.assessments.restored')
                : t('careCases.assessments.notYetRestored')
            }
            data-testid="restored-verdict"
          >
            <Text size="sm">
              {verdict.ruleIsDefault
                ? t('careCases.assessments.defaultRule', { rule: ruleText })
                : t('careCases.assessments.organisationRule', { rule: ruleText })}
            </Text>
            {rule && (
              <Text size="sm" c="dimmed">
                {verdictExplanation(t, list.length, verdict, rule)}
              </Text>
            )}
          </Alert>
        )}
        {assessments.data && list.length === 0 && (
          <Text size="sm">{t('careCases.assessments.none')}</Text>
        )}
        {list.length > 0 && (
          <>
            <DomainTrendCharts
              assessments={list}
              threshold={settings.data?.restoredRule.minimumDomainScore}
            />
            <ListTable
              rows={list}
              rowKey={(assessment) => assessment.id}
              labelledBy="assessments-title"
              minWidth={700}
              columns={[
                {
                  key: 'assessedAt',
                  header: t('careCases.assessments.assessedAt'),
                  onCard: 'title',
                  cell: (assessment) => formatDate(assessment.assessedAt, language),
                },
                ...OUTCOME_DOMAINS.map((domain) => ({
                  key: domain,
                  header: t(`careCases.options.domain.${domain}`),
                  cell: (assessment: (typeof list)[number]) =>
                    score.format(assessment.domains[domain]),
                })),
                {
                  key: 'overall',
                  header: t('careCases.assessments.overall'),
                  cell: (assessment) => (
                    <Text span inherit fw={600}>
                      {score.format(assessment.overall)}
                    </Text>
                  ),
                },
              ]}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Why the verdict is what it is, in the reader's language, from the same facts the server used:
 * the assessments, the run of qualifying ones (latest last) and the rule.
 */
function verdictExplanation(
  t: TFunction,
  assessments: number,
  verdict: Verdict,
  rule: RestoredRule,
): string {
  const run = verdict.qualifyingAssessmentIds.length;
  if (assessments === 0) return t('careCases.assessments.why.none');
  if (run === 0) return t('careCases.assessments.why.latestBelow');
  if (verdict.restored)
    return t('careCases.assessments.why.restored', { count: run, months: rule.minimumMonthsApart });
  if (run < rule.consecutiveAssessments)
    return t('careCases.assessments.why.soFar', {
      count: run,
      needed: rule.consecutiveAssessments,
    });
  return t('careCases.assessments.why.tooClose', { months: rule.minimumMonthsApart });
}
