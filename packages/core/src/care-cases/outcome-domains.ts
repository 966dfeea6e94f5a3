/**
 * The six outcome domains of IJM's Assessment of Survivor Outcomes (docs/domain-standards.md §3.1). Care-plan
 * goals, services and assessments all speak of these.
 */
export const OUTCOME_DOMAINS = [
  'safety',
  'legal_protection',
  'mental_wellbeing',
  'economic_empowerment_education',
  'social_support',
  'physical_wellbeing',
] as const;
export type OutcomeDomain = (typeof OUTCOME_DOMAINS)[number];

export const OUTCOME_DOMAIN_LABELS: Record<OutcomeDomain, string> = {
  safety: 'Safety',
  legal_protection: 'Legal Protection',
  mental_wellbeing: 'Mental Wellbeing',
  economic_empowerment_education: 'Economic Empowerment & Education',
  social_support: 'Social Support',
  physical_wellbeing: 'Physical Wellbeing',
};
