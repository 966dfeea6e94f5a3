import {
  checkTrainingParticipantRow,
  TRAINING_PARTICIPANT_IMPORT_SPECS,
  type ImportedTrainingParticipant,
  type TrainingParticipantImportField,
} from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import {
  insertParticipants,
  officialsByNameAndOrganisation,
  participantOfficialIds,
} from '../trainings/training.repository.ts';
import { refuse } from './import-classify.ts';
import type { ImportPipeline, Verdict } from './import-pipeline.ts';

/**
 * The participants of one training session (issues 14 and 16). Each row names an official with
 * their organisation, matched in the officials directory as the trainings CSV did: a name nobody
 * has, or two officials share at that organisation, is refused in words. An official already in
 * the session is skipped, so a re-run adds nobody twice. A batch reads the directory and the
 * session's participants once each and writes its participants in one statement.
 */
export type ParticipantRowValue = ImportedTrainingParticipant & {
  /** The column problems found against the directory point at. */
  column: string;
  officialId?: string;
};

function key(official: string, organisation: string): string {
  return `${official.toLowerCase()}\u0000${organisation.toLowerCase()}`;
}

export function trainingParticipantPipeline(
  sessionId: string,
): ImportPipeline<ParticipantRowValue> {
  return {
    kind: 'training_participants',
    specs: TRAINING_PARTICIPANT_IMPORT_SPECS,
    // Who may manage the session is checked when the job is created or resumed (import.service).
    permissions: ['training:write'],
    checkRow: (row, mapping, read) => {
      const checked = checkTrainingParticipantRow(
        row,
        mapping,
        (field: TrainingParticipantImportField) => read(field),
      );
      if (!checked.value) return { problems: checked.problems };
      return {
        problems: checked.problems,
        value: { ...checked.value, column: mapping.official ?? 'official' },
      };
    },
    classify: async (deps, _organisationId, rows): Promise<Verdict[]> => {
      const good = rows.flatMap((row) => (row.value ? [row.value] : []));
      // Two round trips a batch: the officials of those names, the session's participants.
      const matches = await officialsByNameAndOrganisation(deps.db, good);
      const officialsOf = new Map<string, string[]>();
      for (const match of matches) {
        const matchKey = `${match.name_key}\u0000${match.organisation_key}`;
        officialsOf.set(matchKey, [...(officialsOf.get(matchKey) ?? []), match.id]);
      }
      const rowOfOfficial = new Map<string, number>();
      for (const row of rows) {
        const value = row.value;
        if (!value) continue;
        const ids = officialsOf.get(key(value.official, value.organisation)) ?? [];
        const [officialId] = ids;
        if (!officialId)
          refuse(row, {
            row: row.row,
            column: value.column,
            code: 'unknown_official',
            value: value.official,
            reason: `is not an official of ${value.organisation} in the officials directory; add them there first`,
          });
        else if (ids.length > 1)
          refuse(row, {
            row: row.row,
            column: value.column,
            code: 'ambiguous_official',
            value: value.official,
            reason: `is the name of two officials of ${value.organisation}; add this one to the session by hand`,
          });
        else if (rowOfOfficial.has(officialId))
          refuse(row, {
            row: row.row,
            column: value.column,
            code: 'repeated_official',
            value: value.official,
            otherRow: rowOfOfficial.get(officialId) ?? 0,
            reason: `is already on row ${rowOfOfficial.get(officialId) ?? ''}; one row per official`,
          });
        else {
          rowOfOfficial.set(officialId, row.row);
          value.officialId = officialId;
        }
      }
      const already = await participantOfficialIds(deps.db, sessionId, [...rowOfOfficial.keys()]);
      return rows.map((row): Verdict => {
        const officialId = row.value?.officialId;
        if (!officialId) return { action: 'not_imported' };
        return { action: already.has(officialId) ? 'skip' : 'create' };
      });
    },
    write: async (_deps, trx, _actor, _jobId, rows) => {
      const participants = rows.flatMap(({ value, action }) =>
        action === 'create' && value.officialId ? [{ ...value, officialId: value.officialId }] : [],
      );
      await insertParticipants(trx, sessionId, participants);
      if (participants.length > 0)
        await recordAudit(trx, {
          action: 'training.participants_added',
          entityType: 'training_session',
          entityId: sessionId,
          details: { count: participants.length, via: 'import' },
        });
      return {
        created: participants.length,
        updated: 0,
        entityIds: participants.map((participant) => participant.officialId),
      };
    },
  };
}
