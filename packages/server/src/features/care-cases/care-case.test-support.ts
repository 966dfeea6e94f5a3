import { DEFAULT_INSTRUMENT, instrumentItems } from '@dawn/core';

/** Test helpers for care-case stories. Everyone here is invented. */
export function allItems(
  score: number,
  overrides: Record<string, number> = {},
): Record<string, number> {
  return {
    ...Object.fromEntries(instrumentItems(DEFAULT_INSTRUMENT).map((entry) => [entry.item, score])),
    ...overrides,
  };
}

export const RESCUE_DATA = {
  rescuedBy: 'ahtu',
  rescuePlace: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
  traffickingStatus: 'ActualVictimOfTrafficking',
  traffickingStatusDecidedBy: 'Police',
  relationshipToTrafficker: 'Acquainted',
  ageWhenTrafficked: 15,
  methodOfRecruitment: ['ThroughFriendsOrSocialEvents'],
  methodsOfControl: ['FalsePromises', 'RestrictsMovement'],
  typeOfExploitation: ['SexualExploitation'],
  typeOfSexExploitation: ['Prostitution'],
  locationOfRecruitment: { district: 'South 24 Parganas', state: 'West Bengal', country: 'IN' },
  locationOfExploitation: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
};
