import { z } from 'zod';
import { OUTCOME_DOMAINS, OUTCOME_DOMAIN_LABELS, type OutcomeDomain } from './outcome-domains.ts';

/**
 * An outcome-assessment instrument after IJM's Assessment of Survivor Outcomes (docs/domain-standards.md §3):
 * six domains, each divided into sub-domains, each scored from its items on a 1–4 vulnerability
 * scale (1 = most vulnerable, 4 = least). The structure is configuration, and so is every item's
 * wording: IJM distributes its own wording under a User Agreement, so Dawn ships placeholders that
 * an organisation replaces with the wording it is licensed to use.
 */
export const ASO_SCALE = { min: 1, max: 4 } as const;

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');

export const instrumentSchema = z.object({
  id: key,
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(200),
  domains: z
    .array(
      z.object({
        key: z.enum(OUTCOME_DOMAINS),
        label: z.string().trim().min(1).max(100),
        subDomains: z
          .array(
            z.object({
              key,
              label: z.string().trim().min(1).max(200),
              items: z
                .array(z.object({ key, wording: z.string().trim().min(1).max(1000) }))
                .min(1, 'a sub-domain needs at least one item'),
            }),
          )
          .min(1, 'a domain needs at least one sub-domain'),
      }),
    )
    .length(OUTCOME_DOMAINS.length, 'the instrument has the six ASO domains')
    .refine(
      (domains) => new Set(domains.map((domain) => domain.key)).size === OUTCOME_DOMAINS.length,
      'each of the six domains appears once',
    ),
});
export type Instrument = z.infer<typeof instrumentSchema>;

/**
 * The sub-domain structure shipped by default. Safety's three sub-domains are IJM's (Delta 8.7,
 * 2018); the others follow IJM's published domain descriptions and are marked as Dawn's reading
 * until the ASO Guidance Manual is obtained (docs/care-cases.md).
 */
const STRUCTURE: Record<OutcomeDomain, [string, string][]> = {
  safety: [
    ['freedom_from_abuse', 'Freedom from abuse or neglect'],
    [
      'freedom_from_threats',
      'Freedom from threats from suspects or others who intend to revictimize',
    ],
    ['managing_unsafe_situations', 'Ability to identify and manage unsafe situations'],
  ],
  legal_protection: [
    ['knowledge_of_rights', 'Knowledge of rights and protections'],
    ['access_to_justice', 'Ability to pursue justice if rights are violated'],
    ['legal_documentation', 'Legal identity and documents'],
  ],
  mental_wellbeing: [
    ['emotional_stability', 'Emotional stability'],
    ['coping_skills', 'Positive coping skills'],
    ['reduced_harmful_behaviour', 'Reduced harmful behaviour'],
  ],
  economic_empowerment_education: [
    ['household_income', 'Household able to meet basic needs'],
    ['education_or_training', 'Participation in education or training'],
    ['financial_skills', 'Managing money and work'],
  ],
  social_support: [
    ['family_relationships', 'Supportive family relationships'],
    ['community_belonging', 'Belonging and support in the community'],
    ['access_to_services', 'Knowing where to get help'],
  ],
  physical_wellbeing: [
    ['health_status', 'Physical health'],
    ['access_to_healthcare', 'Access to health care'],
    ['basic_needs', 'Food, shelter and hygiene'],
  ],
};

export const DEFAULT_INSTRUMENT: Instrument = {
  id: 'aso_default',
  version: 1,
  name: 'Assessment of Survivor Outcomes (structure; item wording is configuration)',
  domains: OUTCOME_DOMAINS.map((domain) => ({
    key: domain,
    label: OUTCOME_DOMAIN_LABELS[domain],
    subDomains: STRUCTURE[domain].map(([subKey, label]) => ({
      key: subKey,
      label,
      items: [
        {
          key: `${subKey}_rating`,
          wording: `Assessor's rating: ${label} (1 = highly vulnerable … 4 = not vulnerable). Replace with your licensed item wording.`,
        },
      ],
    })),
  })),
};

/** Every item key of an instrument, with where it belongs. */
export function instrumentItems(
  instrument: Instrument,
): { domain: OutcomeDomain; subDomain: string; item: string }[] {
  return instrument.domains.flatMap((domain) =>
    domain.subDomains.flatMap((subDomain) =>
      subDomain.items.map((item) => ({
        domain: domain.key,
        subDomain: subDomain.key,
        item: item.key,
      })),
    ),
  );
}
