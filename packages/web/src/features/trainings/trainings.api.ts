import { useTranslation } from 'react-i18next';

/** The trainings screens' strings live under `trainings` (i18n/features/trainings). */
export function useTrainingsT() {
  return useTranslation(undefined, { keyPrefix: 'trainings' });
}

/** Mirrors the server's schemas (features/trainings/training.schemas.ts). */
export interface ProgrammeSummary {
  id: string;
  title: string;
  topic: string;
  curriculum: string;
  targetCadres: string[];
  sessions: number;
  participants: number;
}

export interface SessionSummary {
  id: string;
  programmeId: string;
  programmeTitle: string;
  startsOn: string;
  endsOn: string;
  venue: string;
  district: string;
  partnerInstitution: string;
  trainers: string[];
  participants: number;
  meanKnowledgeGain: number | null;
  tested: number;
}

export interface ProgrammeDetail extends ProgrammeSummary {
  sessionList: SessionSummary[];
}

export interface Participant {
  id: string;
  official: { id: string; name: string; designation: string; organisation: string };
  cadre: string;
  rank: string | null;
  posting: string | null;
  district: string | null;
  preScore: number | null;
  postScore: number | null;
  knowledgeGain: number | null;
  feedbackRating: number | null;
  feedbackComment: string | null;
  attendedDays: string[];
  certificateCode: string | null;
}

export interface SessionDetail extends SessionSummary {
  days: string[];
  participantList: Participant[];
}

export interface Tally {
  milestones: number;
  onTime: number;
  cases: number;
}

export interface FollowUp {
  windowDays: number;
  officials: {
    participantId: string;
    name: string;
    cadre: string;
    milestones: { milestone: string; deadline: boolean; before: Tally; after: Tally }[];
  }[];
}

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

export const PARTNER_INSTITUTIONS = [
  'state_police_academy',
  'judicial_academy',
  'slsa',
  'dlsa',
  'ngo',
  'other',
] as const;
