import { CADRES, type Cadre } from './trainings.ts';

/**
 * A cadre as a participant list writes it in English ("CWC member", "public prosecutor"), read by
 * the participant import (imports/training-participant-import.ts, which adds Bengali and Hindi).
 */
const CADRE_WORDS: Record<string, Cadre> = {
  police: 'police',
  prosecutor: 'prosecutor',
  'public prosecutor': 'prosecutor',
  magistrate: 'magistrate',
  judge: 'judge',
  cwc: 'cwc_member',
  'cwc member': 'cwc_member',
  dlsa: 'dlsa',
  labour: 'labour_department',
  'labour department': 'labour_department',
  'shelter staff': 'shelter_staff',
  shelter: 'shelter_staff',
  other: 'other',
};

export function parseCadre(text: string): Cadre | undefined {
  const key = text.trim().toLowerCase().replace(/[_-]+/g, ' ');
  return (
    CADRE_WORDS[key] ??
    ((CADRES as readonly string[]).find((cadre) => cadre === key.replace(/ /g, '_')) as
      Cadre | undefined)
  );
}
