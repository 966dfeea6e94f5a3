import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.ts';
import { ASO_SCALE, instrumentItems, type Instrument } from './aso-instrument.ts';
import { OUTCOME_DOMAINS, type OutcomeDomain } from './outcome-domains.ts';

/**
 * Scoring (docs/domain-standards.md §3.1): a sub-domain scores the mean of its items, a domain the mean of its
 * sub-domains, and the overall score the mean of the domains. Every item must be answered, so a
 * domain score always means the same thing.
 */
export interface AssessmentScores {
  subDomains: Record<string, number>;
  domains: Record<OutcomeDomain, number>;
  overall: number;
}

const mean = (values: readonly number[]): number =>
  Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;

export function scoreAssessment(
  instrument: Instrument,
  itemScores: Readonly<Record<string, number>>,
): AssessmentScores {
  const issues: FieldIssue[] = [];
  const known = new Set(instrumentItems(instrument).map((entry) => entry.item));
  for (const [item, score] of Object.entries(itemScores)) {
    if (!known.has(item))
      issues.push({ path: `items.${item}`, message: 'is not an item of the instrument' });
    else if (!Number.isInteger(score) || score < ASO_SCALE.min || score > ASO_SCALE.max)
      issues.push({
        path: `items.${item}`,
        message: `must be a whole number from ${ASO_SCALE.min} to ${ASO_SCALE.max}`,
      });
  }
  for (const item of known)
    if (!(item in itemScores)) issues.push({ path: `items.${item}`, message: 'is required' });
  if (issues.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `${issues[0]?.path ?? 'items'}: ${issues[0]?.message ?? ''}`,
      { issues },
    );

  const subDomains: Record<string, number> = {};
  const domains = {} as Record<OutcomeDomain, number>;
  for (const domain of instrument.domains) {
    const subScores = domain.subDomains.map((subDomain) => {
      const score = mean(subDomain.items.map((item) => itemScores[item.key] ?? 0));
      subDomains[subDomain.key] = score;
      return score;
    });
    domains[domain.key] = mean(subScores);
  }
  return {
    subDomains,
    domains,
    overall: mean(OUTCOME_DOMAINS.map((domain) => domains[domain])),
  };
}

/**
 * When a survivor counts as restored: the organisation's rule, shown beside every verdict. Shipped
 * default: every domain at least 3 on two consecutive assessments at least six months apart. (No
 * primary source confirms IJM's own cut-off; docs/domain-standards.md §3.2.)
 */
export const restoredRuleSchema = z.object({
  minimumDomainScore: z.number().min(1).max(4),
  minimumOverallScore: z.number().min(1).max(4).nullable(),
  consecutiveAssessments: z.number().int().min(1).max(10),
  minimumMonthsApart: z.number().int().min(0).max(60),
});
export type RestoredRule = z.infer<typeof restoredRuleSchema>;

export const DEFAULT_RESTORED_RULE: RestoredRule = {
  minimumDomainScore: 3,
  minimumOverallScore: null,
  consecutiveAssessments: 2,
  minimumMonthsApart: 6,
};

export function describeRestoredRule(rule: RestoredRule): string {
  const overall =
    rule.minimumOverallScore === null
      ? ''
      : ` and an overall score of at least ${rule.minimumOverallScore}`;
  return `Every domain scores at least ${rule.minimumDomainScore}${overall} on ${rule.consecutiveAssessments} consecutive assessments, the first and last at least ${rule.minimumMonthsApart} months apart.`;
}

export interface ScoredAssessment {
  id: string;
  assessedAt: string;
  domains: Record<OutcomeDomain, number>;
  overall: number;
}

export interface RestoredVerdict {
  restored: boolean;
  rule: string;
  /** The run of consecutive qualifying assessments ending with the latest, oldest first. */
  qualifyingAssessmentIds: string[];
  explanation: string;
}

export function meetsRule(rule: RestoredRule, assessment: ScoredAssessment): boolean {
  return (
    OUTCOME_DOMAINS.every((domain) => assessment.domains[domain] >= rule.minimumDomainScore) &&
    (rule.minimumOverallScore === null || assessment.overall >= rule.minimumOverallScore)
  );
}

/** Adds calendar months to an instant in India Standard Time (a 31st becomes the month's last day). */
export function addMonthsInIndia(instant: string | Date, months: number): Date {
  const offset = 330 * 60_000;
  const local = new Date(new Date(instant).getTime() + offset);
  const day = local.getUTCDate();
  const target = new Date(local.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return new Date(target.getTime() - offset);
}

/**
 * The verdict on the latest assessments: the run of consecutive assessments meeting the score
 * thresholds that ends with the latest must hold enough assessments and span enough months.
 */
export function restoredVerdict(
  rule: RestoredRule,
  assessments: readonly ScoredAssessment[],
): RestoredVerdict {
  const ordered = [...assessments].sort(
    (left, right) => Date.parse(left.assessedAt) - Date.parse(right.assessedAt),
  );
  const run: ScoredAssessment[] = [];
  for (let index = ordered.length - 1; index >= 0; index -= 1) {
    const assessment = ordered[index];
    if (!assessment || !meetsRule(rule, assessment)) break;
    run.unshift(assessment);
  }
  const description = describeRestoredRule(rule);
  const first = run[0];
  const last = run[run.length - 1];
  if (!first || !last) {
    return {
      restored: false,
      rule: description,
      qualifyingAssessmentIds: [],
      explanation:
        ordered.length === 0
          ? 'No assessment has been recorded yet.'
          : 'The latest assessment has a domain below the threshold.',
    };
  }
  const spanOk =
    addMonthsInIndia(first.assessedAt, rule.minimumMonthsApart).getTime() <=
    Date.parse(last.assessedAt);
  const restored = run.length >= rule.consecutiveAssessments && spanOk;
  return {
    restored,
    rule: description,
    qualifyingAssessmentIds: run.map((assessment) => assessment.id),
    explanation: restored
      ? `${run.length} consecutive assessments meet the thresholds over at least ${rule.minimumMonthsApart} months.`
      : run.length < rule.consecutiveAssessments
        ? `${run.length} of ${rule.consecutiveAssessments} consecutive assessments meet the thresholds so far.`
        : `The qualifying assessments span less than ${rule.minimumMonthsApart} months.`,
  };
}

/** The assessment schedule (docs/domain-standards.md §3.1): at intake, six months after it, then yearly. */
export const assessmentScheduleSchema = z.object({
  intakeWithinDays: z.number().int().min(0).max(365),
  secondAfterMonths: z.number().int().min(1).max(24),
  thenEveryMonths: z.number().int().min(1).max(36),
});
export type AssessmentSchedule = z.infer<typeof assessmentScheduleSchema>;

export const DEFAULT_ASSESSMENT_SCHEDULE: AssessmentSchedule = {
  intakeWithinDays: 30,
  secondAfterMonths: 6,
  thenEveryMonths: 12,
};

export type AssessmentKind = 'intake' | 'six_month' | 'annual';

/** The next assessment due, from when the case opened and the assessments already done. */
export function nextAssessmentDue(
  schedule: AssessmentSchedule,
  openedAt: string,
  assessedAt: readonly string[],
): { kind: AssessmentKind; dueAt: Date; sequence: number } {
  const done = [...assessedAt].sort((left, right) => Date.parse(left) - Date.parse(right));
  const first = done[0];
  const last = done[done.length - 1];
  if (!first || !last)
    return {
      kind: 'intake',
      dueAt: new Date(Date.parse(openedAt) + schedule.intakeWithinDays * 86_400_000),
      sequence: 1,
    };
  if (done.length === 1)
    return {
      kind: 'six_month',
      dueAt: addMonthsInIndia(first, schedule.secondAfterMonths),
      sequence: 2,
    };
  return {
    kind: 'annual',
    dueAt: addMonthsInIndia(last, schedule.thenEveryMonths),
    sequence: done.length + 1,
  };
}
