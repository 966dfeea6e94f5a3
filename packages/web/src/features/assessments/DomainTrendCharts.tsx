import { OUTCOME_DOMAINS, type OutcomeDomain } from '@dawn/core';
import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate } from '../../app/format.ts';
import type { AssessmentView } from '../care-cases/care-cases.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/**
 * One small chart per outcome domain, its score (1–4) across assessments, with the line the
 * organisation's restored rule asks each domain to reach. Each chart names its scores in its
 * accessible label; the scores table beside it is the full text alternative.
 */
export function DomainTrendCharts({
  assessments,
  threshold,
}: {
  assessments: AssessmentView[];
  threshold: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const language = intlLocale(i18n.resolvedLanguage);
  const ordered = [...assessments].sort(
    (left, right) => Date.parse(left.assessedAt) - Date.parse(right.assessedAt),
  );
  const series = (domain: OutcomeDomain) =>
    ordered.map((assessment) => ({
      date: formatDate(assessment.assessedAt, language),
      score: assessment.domains[domain],
    }));

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" data-testid="domain-trend-charts">
      {OUTCOME_DOMAINS.map((domain) => {
        const points = series(domain);
        const label = t(`careCases.options.domain.${domain}`);
        return (
          <Paper key={domain} withBorder p="xs" component="figure" m={0}>
            <Text component="figcaption" size="sm" fw={600} mb={4}>
              {label}
            </Text>
            <div
              role="img"
              aria-label={t('careCases.assessments.chartLabel', {
                domain: label,
                scores: points.map((point) => `${point.date}: ${point.score}`).join('; '),
              })}
            >
              <ResponsiveContainer width="100%" height={140}>
                <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -24 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="date" tick={{ fontSize: 10 }} />
                  <YAxis domain={[1, 4]} ticks={[1, 2, 3, 4]} tick={{ fontSize: 10 }} />
                  {threshold !== undefined && (
                    <ReferenceLine
                      y={threshold}
                      stroke="var(--mantine-color-teal-6)"
                      strokeDasharray="4 4"
                    />
                  )}
                  <Tooltip />
                  <Line
                    type="monotone"
                    dataKey="score"
                    name={label}
                    stroke="var(--mantine-color-indigo-6)"
                    strokeWidth={2}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
