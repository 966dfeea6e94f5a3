import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import {
  hearingsBetween,
  preparedHearingTimes,
  victimPartiesOf,
  type HearingItem,
} from './hearing.repository.ts';

const DAY_MS = 86_400_000;

export interface WitnessHearing extends HearingItem {
  /** Her reference on the legal case. */
  victimRef: string;
}

/**
 * Victim-witness support (issue 5 §5): the hearings where the survivor of a care case testifies,
 * for her care team, who may not read the legal case itself. Access comes from the care case;
 * only the hearings she is a witness at are shown (held ones naming her among the witnesses,
 * scheduled ones for victim evidence or with a testimony preparation of hers), and only her own
 * reference among the witnesses.
 */
export async function listWitnessHearings(
  deps: Deps,
  careCaseId: string,
): Promise<WitnessHearing[]> {
  const { actor, careCase } = await requireCareCase(deps.db, 'care_case:read', careCaseId);
  const parties = await victimPartiesOf(deps.db, careCase.organisation_id, careCase.person_id);
  if (parties.length === 0) return [];
  const prepared = await preparedHearingTimes(deps.db, parties);
  // The care case, not the legal case, is what the caller was allowed: hence scope 'all' limited
  // to the legal cases where she is a victim.
  const hearings = await hearingsBetween(
    deps.db,
    actor,
    'all',
    new Date(0),
    new Date(Date.now() + 400 * DAY_MS),
    parties.map((party) => party.legalCaseId),
  );
  return hearings.flatMap((hearing) => {
    const party = parties.find((each) => each.legalCaseId === hearing.legalCaseId);
    if (!party) return [];
    const testifies =
      hearing.kind === 'held'
        ? hearing.witnesses.includes(party.ref)
        : hearing.purpose === 'victim_evidence' ||
          prepared.some(
            (preparation) =>
              preparation.legalCaseId === party.legalCaseId &&
              preparation.ref === party.ref &&
              preparation.at.getTime() === Date.parse(hearing.at),
          );
    return testifies ? [{ ...hearing, witnesses: [party.ref], victimRef: party.ref }] : [];
  });
}
