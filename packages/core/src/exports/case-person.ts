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

const STRING_FIELDS = [
  'traffickingStatus',
  'traffickingStatusDecidedBy',
  'relationshipToTrafficker',
  'forcedLabourIndustry',
] as const;
const LIST_FIELDS = [
  'methodOfRecruitment',
  'recruitmentWebsitesAndApps',
  'methodsOfControl',
  'typeOfExploitation',
  'typeOfSexExploitation',
  'exploitationWebsitesAndApps',
] as const;
const PLACE_FIELDS = ['locationOfRecruitment', 'locationOfExploitation'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => value === undefined || typeof value === 'string';

/**
 * A stored `rescue.identified` event's data as the exports read it, or null when it is not of
 * that shape. The data was validated against the event's schema when it was recorded (events are
 * append-only), so the export does not parse it again with zod per row (a million rows a run):
 * this checks only the shape the mapping relies on (texts, lists of texts, places), cheaply.
 */
export function storedIdentifiedFacts(data: unknown): IdentifiedFacts | null {
  if (!isRecord(data)) return null;
  for (const field of STRING_FIELDS) if (!isText(data[field])) return null;
  for (const field of LIST_FIELDS) {
    const list = data[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return null;
    for (const value of list) if (typeof value !== 'string') return null;
  }
  for (const field of PLACE_FIELDS) {
    const place = data[field];
    if (place === undefined) continue;
    if (!isRecord(place) || !isText(place.state) || !isText(place.country)) return null;
  }
  const age = data.ageWhenTrafficked;
  if (age !== undefined && typeof age !== 'number') return null;
  return data;
}
