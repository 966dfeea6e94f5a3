import { DomainError } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { openCareCase } from '../care-cases/care-case.service.ts';
import { readablePersonIds } from '../persons/person-references.ts';
import type { EventToRecord } from '../care-cases/care-case.events.ts';
import { openCareCasesOf, rescueFacts, rescuedPersonIds } from './rescue-operation.repository.ts';
import { getRescueOperation } from './rescue-operation.service.ts';

export interface RescueCareCase {
  personId: string;
  careCaseId: string;
  code: string;
  /** False when the person already had an open care case in the organisation: it is reused. */
  opened: boolean;
}

/**
 * The rescue as the first event of each survivor's timeline (issue 12 §4), from what the
 * operation recorded: its date, its district (never the sealed location) and the agency that led
 * it, with the operation's id as the reference. What only the survivor can tell (how she was
 * recruited, the exploitation) is not known yet: she is a possible victim, and an ITPA raid means
 * sexual exploitation; the social worker corrects the event as she learns more.
 */
function rescueEvent(facts: Awaited<ReturnType<typeof rescueFacts>>, id: string): EventToRecord {
  const police = facts.policeUnitKind === 'police_station' || facts.policeUnitKind === 'ahtu';
  return {
    type: 'rescue.identified',
    occurredAt: facts.occurredAt,
    data: {
      rescuedBy: facts.policeUnitKind === 'ahtu' ? 'ahtu' : police ? 'police' : 'ngo',
      rescuePlace: { district: facts.district },
      traffickingStatus: 'PossibleVictimOfTrafficking',
      traffickingStatusDecidedBy: police ? 'Police' : 'NGO',
      typeOfExploitation: [facts.legalBasis.startsWith('ITPA') ? 'SexualExploitation' : 'Other'],
      rescueOperationReference: id,
    },
  };
}

/**
 * Opens, in one step, a care case for each person rescued in the operation (or the ones named),
 * through the care-case use-case with its own checks and audit, the rescue already on its
 * timeline. A person who already has an open care case in the caller's organisation keeps it, so
 * the step is safe to repeat. The link is the person: the operation's view names each rescued
 * person's care case.
 *
 * Everything is checked before the first case is opened; each case is then opened in its own
 * transaction, and a repeat finishes what an interrupted run left undone.
 */
export async function openRescueCareCases(
  deps: Deps,
  rescueOperationId: string,
  personIds: string[] | undefined,
): Promise<RescueCareCase[]> {
  await getRescueOperation(deps, rescueOperationId);
  const { actor } = await requirePermission(deps.db, 'care_case:write', {
    type: 'rescue_operation',
    id: rescueOperationId,
  });
  const rescued = await rescuedPersonIds(deps.db, rescueOperationId);
  const targets = personIds ? [...new Set(personIds)] : rescued;
  const readable = await readablePersonIds(
    deps,
    actor,
    targets.filter((personId) => rescued.includes(personId)),
  );
  for (const [index, personId] of targets.entries()) {
    if (!readable.has(personId))
      throw new DomainError(
        'VALIDATION_FAILED',
        `body.personIds.${index}: no such person rescued in this operation`,
        {
          issues: [
            {
              path: `body.personIds.${index}`,
              message: 'no such person rescued in this operation',
            },
          ],
        },
      );
  }
  const existing = await openCareCasesOf(deps.db, actor.organisationId, targets);
  const rescue = rescueEvent(await rescueFacts(deps.db, rescueOperationId), rescueOperationId);
  const result: RescueCareCase[] = [];
  for (const personId of targets) {
    const known = existing.get(personId);
    if (known) {
      result.push({ personId, careCaseId: known.id, code: known.code, opened: false });
      continue;
    }
    const careCase = await openCareCase(deps, { personId }, rescue);
    result.push({ personId, careCaseId: careCase.id, code: careCase.code, opened: true });
  }
  return result;
}
