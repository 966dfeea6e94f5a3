import type { CasePersonFacts, Place } from './case-person.ts';

/**
 * The HTCDS 2.0 export (docs/exports.md): one row per case-person, HTCDS field names and value
 * names, plus four `dawn_` columns HTCDS has no field for. Identity fields of HTCDS (prs_FirstName,
 * prs_Birthdate, prs_MobilePhone, prs_Mailing*, prs_IdentityNumber) are never columns; the birth
 * date is coarsened to Dawn's age band and every date to its month in Asia/Kolkata, and places to
 * state and country (a district or village could identify a survivor).
 */
export const HTCDS_EXPORT_COLUMNS = [
  'dawn_CaseKind',
  'dawn_CaseId',
  'dawn_PersonId',
  'dawn_RegistrationMonth',
  'dawn_AgeBand',
  'cas_Status',
  'cas_ReasonForCaseClosure',
  'prs_Gender',
  'prs_Citizenship',
  'vic_TraffickingStatus',
  'vic_TraffickingStatusDecisionMakingOrg',
  'vic_RelationshipToTrafficker',
  'vic_AgeWhenTrafficked',
  'vic_MethodOfRecruitment',
  'vic_RecruitmentWebsitesAndApps',
  'vic_LocationOfRecruitment',
  'vic_MethodsOfControl',
  'vic_TypeOfExploitation',
  'vic_ForcedLabourIndustry',
  'vic_TypeOfSexExploitation',
  'vic_LocationOfExploitation',
  'vic_ExploitationWebsitesAndApps',
] as const;

export type HtcdsExportColumn = (typeof HTCDS_EXPORT_COLUMNS)[number];
export type HtcdsExportRow = Record<HtcdsExportColumn, string | number | null>;

/** Dawn's sex → HTCDS prs_Gender. Dawn does not record which way a transgender person identifies. */
export const HTCDS_GENDER: Record<CasePersonFacts['sex'], string> = {
  female: 'Feminine',
  male: 'Masculine',
  transgender: 'NonConforming',
  other: 'NonConforming',
  unknown: 'NonSpecifiedUnknown',
};

/** HTCDS multiselect picklists are written as value names joined by ';' (Salesforce's form). */
const multi = (values: readonly string[] | undefined): string | null =>
  values && values.length > 0 ? [...values].sort().join(';') : null;

/** State and country only: "West Bengal, IN". */
export const coarsePlace = (place: Place | undefined): string | null => {
  if (!place) return null;
  const parts = [place.state, place.country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
};

// India keeps UTC+05:30 all year (no daylight saving), so a fixed offset is exact.
const INDIA_OFFSET_MS = 330 * 60 * 1000;

/** YYYY-MM of an instant in Asia/Kolkata. */
export const indiaMonth = (instant: Date): string =>
  new Date(instant.getTime() + INDIA_OFFSET_MS).toISOString().slice(0, 7);

export function toHtcdsRow(facts: CasePersonFacts): HtcdsExportRow {
  const identified = facts.identified;
  return {
    dawn_CaseKind: facts.caseKind,
    dawn_CaseId: facts.caseId,
    dawn_PersonId: facts.personId,
    dawn_RegistrationMonth: indiaMonth(facts.registeredAt),
    dawn_AgeBand: facts.ageBand,
    cas_Status: facts.closed ? 'Closed' : facts.followUp ? 'FollowUp' : 'Active',
    cas_ReasonForCaseClosure: facts.closed ? facts.closureReason : null,
    prs_Gender: HTCDS_GENDER[facts.sex],
    prs_Citizenship: facts.originCountry,
    vic_TraffickingStatus: identified?.traffickingStatus ?? null,
    vic_TraffickingStatusDecisionMakingOrg: identified?.traffickingStatusDecidedBy ?? null,
    vic_RelationshipToTrafficker: identified?.relationshipToTrafficker ?? null,
    vic_AgeWhenTrafficked: identified?.ageWhenTrafficked ?? null,
    vic_MethodOfRecruitment: multi(identified?.methodOfRecruitment),
    vic_RecruitmentWebsitesAndApps: multi(identified?.recruitmentWebsitesAndApps),
    vic_LocationOfRecruitment: coarsePlace(identified?.locationOfRecruitment),
    vic_MethodsOfControl: multi(identified?.methodsOfControl),
    vic_TypeOfExploitation: multi(identified?.typeOfExploitation),
    vic_ForcedLabourIndustry: identified?.forcedLabourIndustry ?? null,
    vic_TypeOfSexExploitation: multi(identified?.typeOfSexExploitation),
    vic_LocationOfExploitation: coarsePlace(identified?.locationOfExploitation),
    vic_ExploitationWebsitesAndApps: multi(identified?.exploitationWebsitesAndApps),
  };
}
