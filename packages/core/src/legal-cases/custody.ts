import type { LegalEvent } from './legal-case-events.ts';

/** An accused's standing, derived from the timeline (issue 5, "custody status"). */
export const CUSTODY_STATUSES = [
  'not_arrested',
  'absconding',
  'arrested',
  'police_custody',
  'judicial_custody',
  'on_bail_regular',
  'on_bail_default',
  'discharged',
  'convicted',
  'acquitted',
] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

/** Held by the state: an arrest or a remand. */
export const IN_CUSTODY: readonly CustodyStatus[] = [
  'arrested',
  'police_custody',
  'judicial_custody',
];
/** The case is over for this accused (until an appeal says otherwise). */
export const FINAL: readonly CustodyStatus[] = ['discharged', 'convicted', 'acquitted'];

export interface AccusedCustody {
  readonly accused: string;
  readonly status: CustodyStatus;
  /** The event that set the status; null while nothing is recorded. */
  readonly since: string | null;
  readonly eventId: string | null;
  readonly everArrested: boolean;
}

/** Applies one event to one accused's custody; returns the status unchanged if it says nothing. */
export function nextCustody(status: CustodyStatus, event: LegalEvent): CustodyStatus {
  switch (event.type) {
    case 'accused.arrested':
      return 'arrested';
    case 'accused.remanded':
      return (event.data as { custody: 'police' | 'judicial' }).custody === 'police'
        ? 'police_custody'
        : 'judicial_custody';
    case 'accused.bailed':
      return (event.data as { kind: string }).kind === 'default'
        ? 'on_bail_default'
        : 'on_bail_regular';
    case 'accused.absconded':
      return 'absconding';
    case 'accused.discharged':
      return 'discharged';
    case 'court.judgment':
    case 'appeal.decided':
      return status; // per-verdict; handled by the caller
    default:
      return status;
  }
}

/**
 * Each accused's custody status as of the end of the timeline (which must be effective and in
 * order; see `effectiveLegalTimeline`). A judgment sets convicted or acquitted per verdict; an appeal
 * decided with a verdict sets the standing after the appeal.
 */
export function deriveCustody(
  accusedRefs: readonly string[],
  timeline: readonly LegalEvent[],
): AccusedCustody[] {
  const state = new Map<string, AccusedCustody>(
    accusedRefs.map((ref) => [
      ref,
      { accused: ref, status: 'not_arrested', since: null, eventId: null, everArrested: false },
    ]),
  );
  const set = (ref: string, status: CustodyStatus, event: LegalEvent): void => {
    const current = state.get(ref);
    if (!current) return;
    state.set(ref, {
      accused: ref,
      status,
      since: event.occurredAt,
      eventId: event.id,
      everArrested: current.everArrested || event.type === 'accused.arrested',
    });
  };
  for (const event of timeline) {
    if (event.type === 'court.judgment') {
      const { verdicts } = event.data as {
        verdicts: { accused: string; verdict: CustodyStatus }[];
      };
      for (const verdict of verdicts) set(verdict.accused, verdict.verdict, event);
      continue;
    }
    if (event.type === 'appeal.decided') {
      const data = event.data as { accused?: string; verdict?: 'convicted' | 'acquitted' };
      if (data.accused && data.verdict) set(data.accused, data.verdict, event);
      continue;
    }
    const ref = (event.data as { accused?: unknown }).accused;
    if (typeof ref !== 'string') continue;
    const current = state.get(ref);
    if (!current) continue;
    const status = nextCustody(current.status, event);
    if (status !== current.status || event.type === 'accused.arrested') set(ref, status, event);
  }
  return accusedRefs.map((ref) => state.get(ref)).filter((item) => item !== undefined);
}
