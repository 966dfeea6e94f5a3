import type { METHODS_OF_CONTROL, TYPES_OF_EXPLOITATION } from '../care-cases/htcds.ts';

/**
 * One case-person as the exports read it: a survivor on a care case, or a victim party on a legal
 * case. Ids, codes and coarse facts only; the vault (names, phones, addresses, birth dates) is
 * never read by an export, so nothing here can carry identity.
 */
export interface CasePersonFacts {
  readonly caseKind: 'care' | 'legal';
  readonly caseId: string;
  readonly personId: string;
  /** When the case was opened (care) or registered (legal): an instant, coarsened on export. */
  readonly registeredAt: Date;
  readonly closed: boolean;
  readonly followUp: boolean;
  readonly closureReason: string | null;
  readonly sex: 'female' | 'male' | 'transgender' | 'other' | 'unknown';
  readonly ageBand: string;
  readonly originCountry: string | null;
  /** The person's latest `rescue.identified` event data in effect (already validated), if any. */
  readonly identified: IdentifiedFacts | null;
}

export interface Place {
  readonly district?: string;
  readonly state?: string;
  readonly country?: string;
}

export interface IdentifiedFacts {
  readonly traffickingStatus?: string;
  readonly traffickingStatusDecidedBy?: string;
  readonly relationshipToTrafficker?: string;
  readonly ageWhenTrafficked?: number;
  readonly methodOfRecruitment?: readonly string[];
  readonly recruitmentWebsitesAndApps?: readonly string[];
  readonly locationOfRecruitment?: Place;
  readonly methodsOfControl?: readonly (typeof METHODS_OF_CONTROL)[number][];
  readonly typeOfExploitation?: readonly (typeof TYPES_OF_EXPLOITATION)[number][];
  readonly forcedLabourIndustry?: string;
  readonly typeOfSexExploitation?: readonly string[];
  readonly locationOfExploitation?: Place;
  readonly exploitationWebsitesAndApps?: readonly string[];
}
