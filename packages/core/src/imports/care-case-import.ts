import {
  CLOSURE_REASONS,
  parseEventData,
  PLACEMENT_END_REASONS,
  PLACEMENT_KINDS,
  type CareCaseEvent,
  type CareCaseEventType,
} from '../care-cases/events.ts';
import {
  STATUS_DECISION_ORGANISATIONS,
  TRAFFICKING_STATUSES,
  TYPES_OF_EXPLOITATION,
} from '../care-cases/htcds.ts';
import { checkNewEvent, deriveCareCaseState, type CareCaseState } from '../care-cases/timeline.ts';
import { DomainError } from '../errors.ts';
import type { ImportMapping } from './import-columns.ts';
import type { CareCaseImportField } from './care-case-import-columns.ts';
import {
  checkPersonRow,
  importRowReader,
  type ImportCell,
  type ImportedPerson,
  type ImportProblem,
} from './import-cells.ts';
import {
  checkImportExternalId,
  firstStepRefused,
  importCodeOf,
  inDateOrder,
} from './import-row-rules.ts';

/**
 * Care cases from a spreadsheet (issue 16): one row per case, linked to its person by that
 * person's external id (imported earlier, or recorded from the row's own name, sex, … columns),
 * with its key events as dated columns: the rescue, production before the CWC and before a
 * Magistrate, admission to a shelter, closure. The events are checked with the care-case
 * vocabulary and sequence rules, so an imported case is one the timeline could have recorded by
 * hand.
 */
/** Stands in for the shelter's id while the row is checked; the server puts the real one. */
export const SHELTER_PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

export interface ImportedCareCase {
  externalId: string;
  personExternalId: string;
  openedAt: string;
  /** The shelter as named in the sheet; the server finds the organisation of that name. */
  shelterName?: string;
  events: { type: CareCaseEventType; occurredAt: string; data: Record<string, unknown> }[];
  state: CareCaseState;
  /**
   * The person as the row's own columns describe her (checked by the persons' rules), when it
   * names her: recorded with the case if her id is not in Dawn yet, otherwise not read.
   */
  person?: ImportedPerson;
}

const RESCUERS = ['police', 'ahtu', 'ngo', 'self_reported', 'community', 'other'] as const;
const RESCUER_WORDS: Record<string, (typeof RESCUERS)[number]> = {
  পুলিশ: 'police',
  पुलिस: 'police',
  এনজিও: 'ngo',
  एनजीओ: 'ngo',
  self: 'self_reported',
};
const STATUS_WORDS: Record<string, (typeof TRAFFICKING_STATUSES)[number]> = {
  possible: 'PossibleVictimOfTrafficking',
  actual: 'ActualVictimOfTrafficking',
  confirmed: 'ActualVictimOfTrafficking',
  notavictim: 'NotAVictimOfTrafficking',
};
const DECIDER_WORDS: Record<string, (typeof STATUS_DECISION_ORGANISATIONS)[number]> = {
  court: 'CourtOrProsecution',
  prosecution: 'CourtOrProsecution',
  government: 'NonPoliceGovernmentalOrganization',
  পুলিশ: 'Police',
  पुलिस: 'Police',
};
const EXPLOITATION_WORDS: Record<string, (typeof TYPES_OF_EXPLOITATION)[number]> = {
  sexual: 'SexualExploitation',
  csec: 'SexualExploitation',
  labour: 'ForcedLabour',
  begging: 'ForcedBegging',
  marriage: 'ForcedMarriage',
  যৌনশোষণ: 'SexualExploitation',
  যৌনশোষন: 'SexualExploitation',
  शिशुश्रम: 'ChildLabour',
  यौनशोषण: 'SexualExploitation',
};
const NO_WORDS: Record<string, never> = {};

/** A day in India as the instant the timeline stores (midnight, Asia/Kolkata). */
const instantOf = (date: string) => new Date(`${date}T00:00:00+05:30`).toISOString();

/**
 * Checks one care-case row and turns it into the case and its events, or says in plain words
 * what is wrong with each cell. `read(field)` gives the cell of the field's column.
 */
export function checkCareCaseRow(
  row: number,
  mapping: ImportMapping,
  read: (field: CareCaseImportField) => ImportCell,
  today: string,
): { value?: ImportedCareCase; problems: ImportProblem[] } {
  const { problems, text, problem, date } = importRowReader(row, mapping, read, today);
  const code = <Code extends string>(
    field: CareCaseImportField,
    codes: readonly Code[],
    words: Record<string, Code>,
  ): Code | undefined => {
    const value = text(field);
    if (value === '') return undefined;
    const found = importCodeOf(codes, words, value);
    if (!found)
      problem(
        field,
        'unknown_code',
        `is not one of the codes Dawn knows (${codes.join(', ')})`,
        value,
      );
    return found;
  };

  const externalId = text('externalId');
  checkImportExternalId(externalId, problem);
  const personExternalId = text('personExternalId');
  if (personExternalId === '')
    problem('personExternalId', 'empty', 'is empty; say whose case it is by the person’s id');
  // Her own columns, when the row names her, checked as a persons import checks them (her id is
  // the person id column's).
  const person =
    personExternalId !== '' && text('legalName') !== ''
      ? checkPersonRow(
          row,
          { ...mapping, externalId: mapping.personExternalId ?? 'personExternalId' },
          (field) => read(field === 'externalId' ? 'personExternalId' : field),
          today,
        )
      : undefined;
  if (person) problems.push(...person.problems);

  const opened = date('openedDate');
  const rescued = date('rescueDate');
  const cwc = date('cwcProductionDate');
  const magistrate = date('magistrateProductionDate');
  const admitted = date('shelterAdmissionDate');
  const left = date('shelterLeftDate');
  const closed = date('closedDate');

  const rescuedBy = code('rescuedBy', RESCUERS, RESCUER_WORDS);
  const status = code('traffickingStatus', TRAFFICKING_STATUSES, STATUS_WORDS);
  const decidedBy = code('statusDecidedBy', STATUS_DECISION_ORGANISATIONS, DECIDER_WORDS);
  const exploitation = text('typeOfExploitation')
    .split(/[;,|]/u)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .flatMap((item) => {
      const found = importCodeOf(TYPES_OF_EXPLOITATION, EXPLOITATION_WORDS, item);
      if (!found)
        problem(
          'typeOfExploitation',
          'unknown_code',
          `is not a type of exploitation Dawn knows (${TYPES_OF_EXPLOITATION.join(', ')})`,
          item,
        );
      return found ? [found] : [];
    });
  const placementKind = code('placementKind', PLACEMENT_KINDS, NO_WORDS);
  const closureReason = code('closureReason', CLOSURE_REASONS, NO_WORDS);
  const leftReason = code('shelterLeftReason', PLACEMENT_END_REASONS, NO_WORDS);
  const shelterName = text('shelter');

  if (rescued && text('rescuedBy') === '')
    problem(
      'rescuedBy',
      'empty',
      'is empty; a rescue needs who brought her out (police, ahtu, ngo, …)',
    );
  // HTCDS has no "not known" trafficking status, and a status is an assertion someone made: a
  // rescue without one is refused rather than recorded as a decision nobody took.
  if (rescued && text('traffickingStatus') === '')
    problem(
      'traffickingStatus',
      'empty',
      `is empty; a rescue needs the trafficking status as it was assessed (${TRAFFICKING_STATUSES.join(', ')})`,
    );
  if (rescued && text('statusDecidedBy') === '')
    problem(
      'statusDecidedBy',
      'empty',
      `is empty; a rescue needs who assessed the trafficking status (${STATUS_DECISION_ORGANISATIONS.join(', ')})`,
    );
  if (rescued && text('typeOfExploitation') === '')
    problem('typeOfExploitation', 'empty', 'is empty; a rescue needs the type of exploitation');
  if (admitted && shelterName === '')
    problem('shelter', 'empty', 'is empty; an admission needs the shelter’s name');
  if (left && text('shelterLeftReason') === '')
    problem(
      'shelterLeftReason',
      'empty',
      `is empty; leaving the shelter needs its reason (${PLACEMENT_END_REASONS.join(', ')})`,
    );
  if (closed && text('closureReason') === '')
    problem(
      'closureReason',
      'empty',
      `is empty; a closure needs its reason (${CLOSURE_REASONS.join(', ')})`,
    );
  if (problems.length > 0) return { problems };

  const events: ImportedCareCase['events'] = [];
  const event = (type: CareCaseEventType, day: string, data: Record<string, unknown>) =>
    events.push({ type, occurredAt: instantOf(day), data });
  if (rescued && rescuedBy && status && decidedBy)
    event('rescue.identified', rescued, {
      rescuedBy,
      traffickingStatus: status,
      traffickingStatusDecidedBy: decidedBy,
      typeOfExploitation: exploitation,
      ...(text('rescueDistrict') || text('rescueState')
        ? {
            rescuePlace: {
              ...(text('rescueDistrict') ? { district: text('rescueDistrict').slice(0, 100) } : {}),
              ...(text('rescueState') ? { state: text('rescueState').slice(0, 100) } : {}),
            },
          }
        : {}),
    });
  if (cwc) event('victim.produced_before_cwc', cwc, {});
  if (magistrate) event('victim.produced_before_magistrate', magistrate, {});
  if (admitted)
    event('placement.started', admitted, {
      organisationId: SHELTER_PLACEHOLDER_ID,
      placementKind: placementKind ?? 'shelter_home',
    });
  if (left && leftReason) event('placement.ended', left, { reason: leftReason });
  if (closed && closureReason)
    event('case.closed', closed, {
      reason: closureReason,
      ...(closureReason === 'other' ? { details: 'closed before the case came into Dawn' } : {}),
    });

  // Each event as the timeline would take it, in date order: the vocabulary and the sequence.
  const ordered = inDateOrder(events);
  const accepted: CareCaseEvent[] = [];
  const now = new Date(`${today}T23:59:59+05:30`);
  const refused = firstStepRefused(row, ordered, (next, index) => {
    const parsed = parseEventData(next.type, next.data);
    const candidate: CareCaseEvent = {
      id: `row-${String(index)}`,
      type: next.type,
      occurredAt: next.occurredAt,
      data: parsed.ok ? parsed.data : next.data,
    };
    if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.issues[0]?.message ?? '');
    checkNewEvent(accepted, candidate, now);
    next.data = candidate.data;
    accepted.push(candidate);
  });
  if (refused) return { problems: [...problems, refused] };
  const openedAt =
    opened || rescued
      ? instantOf(opened ?? rescued ?? today)
      : (ordered[0]?.occurredAt ?? instantOf(today));
  return {
    problems,
    value: {
      externalId,
      personExternalId,
      openedAt,
      ...(shelterName ? { shelterName: shelterName.slice(0, 200) } : {}),
      events: ordered,
      state: deriveCareCaseState(accepted),
      ...(person?.person ? { person: person.person } : {}),
    },
  };
}
