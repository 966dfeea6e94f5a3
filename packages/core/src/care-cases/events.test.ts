import { describe, expect, it } from 'vitest';
import { CARE_CASE_EVENT_TYPES, parseEventData } from './events.ts';
import { HTCDS_FIELDS } from './htcds.ts';

describe('care case event vocabulary', () => {
  it('accepts a rescue with HTCDS recruitment and exploitation facts at district level', () => {
    const parsed = parseEventData('rescue.identified', {
      rescuedBy: 'ahtu',
      rescuePlace: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
      traffickingStatus: 'ActualVictimOfTrafficking',
      traffickingStatusDecidedBy: 'Police',
      relationshipToTrafficker: 'Acquainted',
      methodOfRecruitment: ['ThroughFriendsOrSocialEvents'],
      methodsOfControl: ['DebtBondage', 'RestrictsMovement'],
      typeOfExploitation: ['SexualExploitation'],
      typeOfSexExploitation: ['Prostitution'],
      locationOfRecruitment: { district: 'South 24 Parganas', state: 'West Bengal' },
    });
    expect(parsed.ok).toBe(true);
  });

  it('names the offending field of bad data, under data.', () => {
    const parsed = parseEventData('rescue.identified', {
      rescuedBy: 'police',
      traffickingStatus: 'Trafficked',
      traffickingStatusDecidedBy: 'Police',
      typeOfExploitation: [],
    });
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? [] : parsed.issues;
    expect(issues.map((issue) => issue.path)).toEqual([
      'data.traffickingStatus',
      'data.typeOfExploitation',
    ]);
    expect(issues[1]?.message).toBe('name at least one');
  });

  it('refuses a street address: places are district, state and country only', () => {
    const parsed = parseEventData('placement.started', {
      organisationId: '6f1c4d1e-6a43-4a8e-9c8f-111111111111',
      placementKind: 'shelter_home',
      street: '1 Imaginary Lane',
    });
    expect(parsed.ok).toBe(false);
  });

  it('a cross-border repatriation step needs the country', () => {
    const parsed = parseEventData('service.delivered', {
      service: 'repatriation',
      repatriationStep: 'escorted',
      reach: 'cross_border',
    });
    expect(parsed).toMatchObject({
      ok: false,
      issues: [{ path: 'data.destinationCountry' }],
    });
    expect(
      parseEventData('service.delivered', {
        service: 'repatriation',
        repatriationStep: 'escorted',
        reach: 'cross_border',
        destinationCountry: 'BD',
      }).ok,
    ).toBe(true);
  });

  it('closing for "other" reasons asks why', () => {
    expect(parseEventData('case.closed', { reason: 'other' })).toMatchObject({
      ok: false,
      issues: [{ path: 'data.details' }],
    });
    expect(parseEventData('case.closed', { reason: 'restored' }).ok).toBe(true);
  });

  it('every HTCDS mapping names an event type of the vocabulary', () => {
    for (const field of Object.keys(HTCDS_FIELDS)) {
      const type = field.split('.').slice(0, 2).join('.');
      expect(CARE_CASE_EVENT_TYPES).toContain(type);
    }
  });
});
