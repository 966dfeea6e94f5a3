import { describe, expect, it } from 'vitest';
import { consentPurposeSchema, consentRequiredFor, isConsentActive } from './consent.ts';

const ORGANISATION = '6f1c4d1e-6a43-4a8e-9c8f-000000000002';

describe('consent', () => {
  const records = [
    { purpose: 'services', givenAt: '2025-03-04T10:00:00+05:30' },
    {
      purpose: `data_sharing:${ORGANISATION}`,
      givenAt: '2025-03-04T10:00:00+05:30',
      withdrawnAt: '2025-06-01T09:00:00+05:30',
    },
    {
      purpose: 'photo',
      givenAt: '2025-03-04T10:00:00+05:30',
      expiresAt: '2025-12-31T23:59:59+05:30',
    },
  ];

  it('is active from when it was given until it is withdrawn or expires', () => {
    expect(isConsentActive(records, 'services', new Date('2025-03-04T09:59:00+05:30'))).toBe(false);
    expect(isConsentActive(records, 'services', new Date('2030-01-01T00:00:00Z'))).toBe(true);
    const sharing = `data_sharing:${ORGANISATION}`;
    expect(isConsentActive(records, sharing, new Date('2025-05-31T00:00:00+05:30'))).toBe(true);
    expect(isConsentActive(records, sharing, new Date('2025-06-01T09:00:00+05:30'))).toBe(false);
    expect(isConsentActive(records, 'photo', new Date('2026-01-01T00:00:00+05:30'))).toBe(false);
    expect(isConsentActive(records, 'story_publication', new Date('2025-05-01T00:00:00Z'))).toBe(
      false,
    );
  });

  it('knows its purposes, data sharing naming one organisation', () => {
    expect(consentPurposeSchema.safeParse(`data_sharing:${ORGANISATION}`).success).toBe(true);
    expect(consentPurposeSchema.safeParse('data_sharing:everyone').success).toBe(false);
    expect(consentPurposeSchema.safeParse('research_export').success).toBe(true);
    expect(consentPurposeSchema.safeParse('marketing').success).toBe(false);
  });

  it('a referral needs consent to share with the organisation it goes to', () => {
    expect(
      consentRequiredFor({ type: 'referral.made', data: { toOrganisationId: ORGANISATION } }),
    ).toBe(`data_sharing:${ORGANISATION}`);
    expect(consentRequiredFor({ type: 'note.case', data: { text: 'x' } })).toBeUndefined();
  });
});
