import type { METHODS_OF_CONTROL } from '../care-cases/htcds.ts';
import type { CasePersonFacts } from './case-person.ts';
import { planSuppression, type QuasiIdentifiers, type SuppressionPlan } from './k-anonymity.ts';

/**
 * The CTDC-style anonymised dataset (docs/exports.md): CTDC's variable names (codebook 2024, §5),
 * one row per case-person, every column a quasi-identifier generalised before k-anonymity:
 * - ageBroad: Dawn's age bands, the three child bands merged into 0-17 (CTDC's 0—8/9—17 cannot
 *   be derived from Dawn's 0-11/12-14/15-17 bands);
 * - gender: CTDC's Man / Woman / Trans/Transgender/NonConforming, unknown left blank;
 * - citizenship and CountryOfExploitation: ISO 3166 two-letter codes as Dawn records them;
 * - yearOfRegistration: the year only, in Asia/Kolkata;
 * - exploitation: CTDC's isForcedLabour / isSexualExploit / isOtherExploit;
 * - means of control: CTDC's eight merged means (Stockl et al. 2021 merges, codebook Appendix II).
 * A blank cell is missing or suppressed; the two are deliberately indistinguishable.
 */
export const CTDC_COLUMNS = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'citizenship',
  'CountryOfExploitation',
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'meansDebtBondageEarnings',
  'meansThreats',
  'meansAbusePsyPhySex',
  'meansFalsePromises',
  'meansDrugsAlcohol',
  'meansDenyBasicNeeds',
  'meansExcessiveWorkHours',
  'meansWithholdDocs',
] as const;
export type CtdcColumn = (typeof CTDC_COLUMNS)[number];
export type CtdcRow = Record<CtdcColumn, string | null>;

/** The seven quasi-identifiers, in the order of a combination's values. */
export const CTDC_QUASI_IDENTIFIERS = [
  'ageBroad',
  'gender',
  'citizenship',
  'CountryOfExploitation',
  'yearOfRegistration',
  'typeOfExploitation',
  'meansOfControl',
] as const;

/**
 * Blanked first to last while a class is under k: the rarest and most revealing first (means of
 * control, then countries, which CTDC also suppresses), sex last (it splits classes least).
 */
export const CTDC_SUPPRESSION_ORDER: readonly number[] = [6, 2, 3, 5, 4, 0, 1];

const MEANS_GROUPS = {
  meansDebtBondageEarnings: ['DebtBondage', 'TakesEarnings', 'RestrictsFinancialAccess'],
  meansThreats: ['PhysicalThreats', 'ThreatsLawEnforcement', 'ThreatensChildrenFamily'],
  meansAbusePsyPhySex: ['PhysicalAbuse', 'SexualAbuse', 'PsychologicalAbuse'],
  meansFalsePromises: ['FalsePromises'],
  meansDrugsAlcohol: ['PsychoactiveSubstance'],
  meansDenyBasicNeeds: ['WithholdsNecessities', 'RestrictsMedicalCare'],
  meansExcessiveWorkHours: ['ExcessiveWorkingHours'],
  meansWithholdDocs: ['WithholdsDocuments'],
} as const satisfies Record<string, readonly (typeof METHODS_OF_CONTROL)[number][]>;
type MeansColumn = keyof typeof MEANS_GROUPS;
const MEANS_COLUMNS = Object.keys(MEANS_GROUPS) as MeansColumn[];

const EXPLOITATION_COLUMNS = ['isForcedLabour', 'isSexualExploit', 'isOtherExploit'] as const;

const CTDC_GENDER: Record<CasePersonFacts['sex'], string | null> = {
  female: 'Woman',
  male: 'Man',
  transgender: 'Trans/Transgender/NonConforming',
  other: 'Trans/Transgender/NonConforming',
  unknown: null,
};

export function ctdcAgeBroad(ageBand: string): string | null {
  if (ageBand === '0-11' || ageBand === '12-14' || ageBand === '15-17') return '0-17';
  if (ageBand === '18-24' || ageBand === '25-34' || ageBand === '35+') return ageBand;
  return null;
}

const INDIA_OFFSET_MS = 330 * 60 * 1000;

/** A case-person's combination of generalised quasi-identifiers (before suppression). */
export function ctdcQuasiIdentifiers(facts: CasePersonFacts): QuasiIdentifiers {
  const identified = facts.identified;
  const types = identified?.typeOfExploitation ?? [];
  const exploitation =
    types.length === 0
      ? null
      : [
          types.includes('ForcedLabour') ? 'ForcedLabour' : null,
          types.includes('SexualExploitation') ? 'SexualExploit' : null,
          types.some((type) => type !== 'ForcedLabour' && type !== 'SexualExploitation')
            ? 'OtherExploit'
            : null,
        ]
          .filter(Boolean)
          .join(';');
  const methods: readonly string[] = identified?.methodsOfControl ?? [];
  const means = MEANS_COLUMNS.filter((column) =>
    MEANS_GROUPS[column].some((method) => methods.includes(method)),
  );
  return [
    ctdcAgeBroad(facts.ageBand),
    CTDC_GENDER[facts.sex],
    facts.originCountry,
    identified?.locationOfExploitation?.country ?? null,
    new Date(facts.registeredAt.getTime() + INDIA_OFFSET_MS).toISOString().slice(0, 4),
    exploitation,
    means.length > 0 ? means.join(';') : null,
  ];
}

/** A published combination as a CTDC row: 1 for a flag that is set, blank otherwise. */
export function ctdcRow(values: QuasiIdentifiers): CtdcRow {
  const [ageBroad, gender, citizenship, country, year, exploitation, means] = values;
  const exploitations = exploitation?.split(';') ?? [];
  const meansSet = means?.split(';') ?? [];
  const flag = (known: boolean, set: boolean): string | null => (known && set ? '1' : null);
  const row: CtdcRow = {
    yearOfRegistration: year ?? null,
    gender: gender ?? null,
    ageBroad: ageBroad ?? null,
    citizenship: citizenship ?? null,
    CountryOfExploitation: country ?? null,
    isForcedLabour: flag(exploitation != null, exploitations.includes('ForcedLabour')),
    isSexualExploit: flag(exploitation != null, exploitations.includes('SexualExploit')),
    isOtherExploit: flag(exploitation != null, exploitations.includes('OtherExploit')),
    meansDebtBondageEarnings: null,
    meansThreats: null,
    meansAbusePsyPhySex: null,
    meansFalsePromises: null,
    meansDrugsAlcohol: null,
    meansDenyBasicNeeds: null,
    meansExcessiveWorkHours: null,
    meansWithholdDocs: null,
  };
  for (const column of MEANS_COLUMNS) row[column] = flag(means != null, meansSet.includes(column));
  return row;
}

/**
 * A published row's combination, read back from the file: what the self-check counts. The
 * exploitation and means flags together are one quasi-identifier each, as in the plan.
 */
export function ctdcRowQuasiIdentifiers(
  row: Readonly<Record<string, string | null>>,
): QuasiIdentifiers {
  const blankToNull = (value: string | null | undefined): string | null =>
    value === undefined || value === null || value === '' ? null : value;
  const exploitation = EXPLOITATION_COLUMNS.filter((column) => blankToNull(row[column]) === '1')
    .map((column) => column.replace(/^is/, ''))
    .join(';');
  const means = MEANS_COLUMNS.filter((column) => blankToNull(row[column]) === '1').join(';');
  return [
    blankToNull(row.ageBroad),
    blankToNull(row.gender),
    blankToNull(row.citizenship),
    blankToNull(row.CountryOfExploitation),
    blankToNull(row.yearOfRegistration),
    exploitation === '' ? null : exploitation,
    means === '' ? null : means,
  ];
}

export function planCtdcSuppression(
  histogram: ReadonlyMap<string, number>,
  k: number,
): SuppressionPlan {
  return planSuppression(histogram, k, CTDC_SUPPRESSION_ORDER);
}
