/**
 * HTCDS 2.0 code lists used by care-case events (Human Trafficking Case Data Standard, (c) IOM,
 * CC BY 4.0). Values are HTCDS's own value names, so an export is a mapping of field names only;
 * `HTCDS_FIELDS` says which HTCDS field each event field stands for (docs/care-cases.md).
 */
export const TRAFFICKING_STATUSES = [
  'PossibleVictimOfTrafficking',
  'ActualVictimOfTrafficking',
  'NotAVictimOfTrafficking',
] as const;

export const STATUS_DECISION_ORGANISATIONS = [
  'Police',
  'NGO',
  'CourtOrProsecution',
  'NonPoliceGovernmentalOrganization',
  'Other',
] as const;

// HTCDS spells the last value "Unaquainted"; we keep its spelling so exports round-trip.
export const RELATIONSHIPS_TO_TRAFFICKER = ['Familial', 'Acquainted', 'Unaquainted'] as const;

export const METHODS_OF_RECRUITMENT = [
  'AtAPlaceOfBusiness',
  'AtAnEducationalInstitution',
  'AtWork',
  'ThroughOnlineSocialNetworks',
  'ThroughAnOnlineAdvertisement',
  'ThroughATelevisionAdvert',
  'ThroughANewspaperAdvert',
  'ThroughFamilyOrFamilyEvents',
  'ThroughFriendsOrSocialEvents',
  'Other',
] as const;

/** The v2.0 `.ods` picklist (docs/domain-standards.md §1.4); `Field Definitions.md` has a longer list. */
export const METHODS_OF_CONTROL = [
  'PhysicalThreats',
  'ThreatsLawEnforcement',
  'ThreatensChildrenFamily',
  'DebtBondage',
  'FalsePromises',
  'PhysicalAbuse',
  'SexualAbuse',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'RestrictsMedicalCare',
  'WithholdsNecessities',
  'PsychologicalAbuse',
  'PsychoactiveSubstance',
  'ExcessiveWorkingHours',
  'WithholdsDocuments',
  // In Field Definitions.md but missing from the .ods: kept, as rescues in Kolkata often report it.
  'RestrictsMovement',
  'Other',
] as const;

export const TYPES_OF_EXPLOITATION = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedMarriage',
  'Servitude',
  'ForcedMilitaryByNonStateActors',
  'OrganRemoval',
  'ForcedBegging',
  'ForcedAdoption',
  'Surrogacy',
  'Other',
] as const;

export const TYPES_OF_SEX_EXPLOITATION = [
  'Prostitution',
  'Pornography',
  'RemoteInteractiveServices',
  'PrivateSexualServices',
] as const;

export const WEBSITES_AND_APPS = [
  'Facebook',
  'Instagram',
  'WhatsApp',
  'Telegram',
  'FacebookMessenger',
  'Viber',
  'SnapChat',
  'Line',
  '4Sale',
  'WeChat',
  'QQ',
  'QZone',
  'TikTok',
  'Twitter',
  'Other',
] as const;

export const REFERRAL_REASONS = [
  'AdditionalServicesRequired',
  'MigrationOrChangeOfLocation',
  'Other',
] as const;

/** Event field → HTCDS 2.0 field. */
export const HTCDS_FIELDS: Record<string, string> = {
  'rescue.identified.traffickingStatus': 'vic_TraffickingStatus',
  'rescue.identified.traffickingStatusDecidedBy': 'vic_TraffickingStatusDecisionMakingOrg',
  'rescue.identified.relationshipToTrafficker': 'vic_RelationshipToTrafficker',
  'rescue.identified.ageWhenTrafficked': 'vic_AgeWhenTrafficked',
  'rescue.identified.methodOfRecruitment': 'vic_MethodOfRecruitment',
  'rescue.identified.recruitmentWebsitesAndApps': 'vic_RecruitmentWebsitesAndApps',
  'rescue.identified.locationOfRecruitment': 'vic_LocationOfRecruitment',
  'rescue.identified.methodsOfControl': 'vic_MethodsOfControl',
  'rescue.identified.typeOfExploitation': 'vic_TypeOfExploitation',
  'rescue.identified.forcedLabourIndustry': 'vic_ForcedLabourIndustry',
  'rescue.identified.typeOfSexExploitation': 'vic_TypeOfSexExploitation',
  'rescue.identified.locationOfExploitation': 'vic_LocationOfExploitation',
  'rescue.identified.exploitationWebsitesAndApps': 'vic_ExploitationWebsitesAndApps',
  'referral.made.reason': 'cas_ReasonForOutgoingReferral',
  'referral.made.toOrganisationId': 'cas_ReferredOrganisation',
  'referral.made.details': 'cas_OutgoingReferralDetails',
  'case.closed.reason': 'cas_ReasonForCaseClosure',
  'note.case.text': 'cco_CaseComment',
};
