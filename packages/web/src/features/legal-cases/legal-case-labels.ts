import type { LegalEventType } from '@dawn/core';
import { useTranslation } from 'react-i18next';

/** The legal-case screens' strings live under `legalCases` in the locale files. */
export function useLegalCasesT() {
  return useTranslation(undefined, { keyPrefix: 'legalCases' });
}

/** i18next reads dots as nesting, so `accused.remanded` is stored as `accused_remanded`. */
export function eventTypeKey(type: LegalEventType): `eventTypes.${string}` {
  return `eventTypes.${type.replace('.', '_')}`;
}

/** Custody statuses in which the accused is held by the state, drawn in a warmer colour. */
const HELD = new Set(['arrested', 'police_custody', 'judicial_custody']);

export function custodyColour(status: string | null): string {
  if (status === null) return 'gray';
  if (HELD.has(status)) return 'orange';
  if (status === 'absconding') return 'red';
  if (status === 'convicted') return 'grape';
  if (status === 'acquitted' || status === 'discharged') return 'gray';
  return 'teal';
}
