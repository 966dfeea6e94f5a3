import { z } from 'zod';
import type { Language } from '../languages.ts';

/**
 * Trainings of public justice officials (issue 14): who is trained (by cadre), and what they
 * learnt, measured as the gain from a pre-test to a post-test on the same 0–100 scale.
 */
export const CADRES = [
  'police',
  'prosecutor',
  'magistrate',
  'judge',
  'cwc_member',
  'dlsa',
  'labour_department',
  'shelter_staff',
  'other',
] as const;
export type Cadre = (typeof CADRES)[number];

export const PARTNER_INSTITUTIONS = [
  'state_police_academy',
  'judicial_academy',
  'slsa',
  'dlsa',
  'ngo',
  'other',
] as const;
export type PartnerInstitution = (typeof PARTNER_INSTITUTIONS)[number];

/** A certificate is printed in any of the interface's languages. */
export type CertificateLanguage = Language;

export const scoreSchema = z
  .number({ error: 'must be a score from 0 to 100' })
  .min(0, 'must be a score from 0 to 100')
  .max(100, 'must be a score from 0 to 100');

/** Post-test minus pre-test, in points; unknown until both were taken. */
export function knowledgeGain(preScore: number | null, postScore: number | null): number | null {
  if (preScore === null || postScore === null) return null;
  return Math.round((postScore - preScore) * 10) / 10;
}

/** The mean gain of those who took both tests, with how many did (so nobody reads much into 3). */
export function meanKnowledgeGain(
  participants: readonly { preScore: number | null; postScore: number | null }[],
): { mean: number | null; tested: number } {
  const gains = participants
    .map((participant) => knowledgeGain(participant.preScore, participant.postScore))
    .filter((gain): gain is number => gain !== null);
  if (gains.length === 0) return { mean: null, tested: 0 };
  const mean = gains.reduce((sum, gain) => sum + gain, 0) / gains.length;
  return { mean: Math.round(mean * 10) / 10, tested: gains.length };
}

/** The days of a session, as YYYY-MM-DD, from its first to its last day inclusive. */
export function sessionDays(startsOn: string, endsOn: string): string[] {
  const days: string[] = [];
  const last = Date.parse(`${endsOn}T00:00:00Z`);
  for (let day = Date.parse(`${startsOn}T00:00:00Z`); day <= last; day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * A verification code for a certificate: 12 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L), shown in groups of four. `random` gives bytes (core does no I/O).
 */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function verificationCode(random: Uint8Array): string {
  if (random.length < 12) throw new Error('verificationCode needs 12 random bytes');
  let code = '';
  for (let index = 0; index < 12; index += 1) {
    code += CODE_ALPHABET.charAt((random[index] ?? 0) % CODE_ALPHABET.length);
  }
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** What a reader types (lower case, spaces, no dashes) turned into the stored form. */
export function normaliseVerificationCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (!/^[2-9A-HJKMNP-Z]{12}$/.test(compact)) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}
