import {
  assessmentScheduleSchema,
  DEFAULT_ASSESSMENT_SCHEDULE,
  DEFAULT_INSTRUMENT,
  DEFAULT_RESTORED_RULE,
  instrumentSchema,
  restoredRuleSchema,
  type AssessmentSchedule,
  type Instrument,
  type RestoredRule,
} from '@dawn/core';
import type { Executor } from '../care-cases/care-case.repository.ts';

export interface CareSettings {
  instrument: Instrument;
  restoredRule: RestoredRule;
  schedule: AssessmentSchedule;
  /** true where the organisation has not configured its own and the shipped default applies. */
  defaults: { instrument: boolean; restoredRule: boolean; schedule: boolean };
}

/** An organisation's instrument, restored rule and schedule; the shipped defaults where unset. */
export async function careSettingsOf(db: Executor, organisationId: string): Promise<CareSettings> {
  const row = await db
    .selectFrom('care_setting')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  // JSON columns are parsed on the way in, so a hand-edited row cannot break scoring silently.
  const instrument = row?.instrument ? instrumentSchema.parse(row.instrument) : undefined;
  const restoredRule = row?.restored_rule ? restoredRuleSchema.parse(row.restored_rule) : undefined;
  const schedule = row?.assessment_schedule
    ? assessmentScheduleSchema.parse(row.assessment_schedule)
    : undefined;
  return {
    instrument: instrument ?? DEFAULT_INSTRUMENT,
    restoredRule: restoredRule ?? DEFAULT_RESTORED_RULE,
    schedule: schedule ?? DEFAULT_ASSESSMENT_SCHEDULE,
    defaults: {
      instrument: instrument === undefined,
      restoredRule: restoredRule === undefined,
      schedule: schedule === undefined,
    },
  };
}
