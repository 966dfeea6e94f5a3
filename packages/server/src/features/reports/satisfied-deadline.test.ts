import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface Milestone {
  eventId: string;
  deadlines: { rule: string; subject: string | null; status: string }[];
  onTime: boolean | null;
}

/**
 * The chosen-few report judges each credited event by the deadlines it satisfied, read from the
 * `satisfied_deadline` read model (migration 0033c) that the obligation triggers keep. As the
 * deadline engine inserts, rewrites and deletes a case's obligations, the report follows at once,
 * and the read model always says what the obligations themselves say.
 */
describe(`the chosen-few report follows the obligations as they are rewritten (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let organisationId: string;
  const official = randomUUID();
  const caseId = randomUUID();
  const arrest = randomUUID();
  const chargesheet = randomUUID();

  beforeAll(async () => {
    subject = await createTestApp();
    const { db } = subject.deps;
    organisationId = await anOrganisation(subject.deps, 'Test Read Model Trust');
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    await db
      .insertInto('official')
      .values({
        id: official,
        name: 'Test Official Read',
        designation: 'Inspector',
        organisation_id: organisationId,
      })
      .execute();
    await db
      .insertInto('legal_case')
      .values({ id: caseId, organisation_id: organisationId, forum: 'sessions' })
      .execute();
    await db
      .insertInto('legal_case_event')
      .values(
        [arrest, chargesheet].map((id, index) => ({
          id,
          legal_case_id: caseId,
          type: index === 0 ? 'accused.arrested' : 'chargesheet.filed',
          occurred_at: new Date(`2025-0${String(index + 3)}-10T10:00:00+05:30`),
          data: '{}',
          supersedes_id: null,
        })),
      )
      .execute();
    await db
      .insertInto('legal_case_event_official')
      .values([arrest, chargesheet].map((event_id) => ({ event_id, official_id: official })))
      .execute();
  }, 120_000);
  afterAll(() => subject.close());

  const obligation = (
    key: string,
    rule: string,
    subjectName: string | null,
    status: 'met' | 'met_late' | 'open' | 'overdue',
    eventId: string | null,
  ) => ({
    case_type: 'legal_case',
    case_id: caseId,
    organisation_id: organisationId,
    case_code: 'Test case',
    obligation_key: key,
    rule,
    subject: subjectName,
    title: 'A deadline',
    citation: 'Test Act s.1',
    starts_at: new Date('2025-01-01T00:00:00Z'),
    due_at: new Date('2025-06-01T00:00:00Z'),
    status,
    met_at: null,
    consequence: 'None',
    confidence: 'T' as const,
    unconfirmed: false,
    responsible_role: 'legal_officer',
    alerts_at: '{}',
    explanation: JSON.stringify(eventId ? { satisfyingEvent: { id: eventId } } : {}),
    computed_at: new Date(),
  });

  /** The official's milestones as the report shows them (404: not chosen, no milestone on time). */
  async function milestones(): Promise<Milestone[] | 'not chosen'> {
    const response = await manager.get(
      `/api/reports/chosen-few/officials/${official}?from=2025-01-01&to=2025-12-31`,
    );
    if (response.statusCode === 404) return 'not chosen';
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json<{ milestones: Milestone[] }>()
      .milestones.map(({ eventId, deadlines, onTime }) => ({ eventId, deadlines, onTime }));
  }

  /** The read model's rows against the obligations grouped by their satisfying event. */
  async function readModelAgreesWithObligations(): Promise<void> {
    const { db } = subject.deps;
    const kept = await db
      .selectFrom('satisfied_deadline')
      .select(['legal_case_id', 'event_id', 'on_time', 'deadlines'])
      .where('legal_case_id', '=', caseId)
      .orderBy('event_id')
      .execute();
    const stored = await db
      .selectFrom('obligation')
      .select([
        'case_id',
        sql<string | null>`explanation -> 'satisfyingEvent' ->> 'id'`.as('event_id'),
        'rule',
        'subject',
        'status',
      ])
      .where('case_id', '=', caseId)
      .execute();
    const grouped = new Map<string, { rule: string; subject: string | null; status: string }[]>();
    for (const row of stored.sort(
      (left, right) =>
        left.rule.localeCompare(right.rule) ||
        (left.subject ?? '~').localeCompare(right.subject ?? '~'),
    )) {
      if (row.event_id === null) continue;
      const deadlines = grouped.get(row.event_id) ?? [];
      deadlines.push({ rule: row.rule, subject: row.subject, status: row.status });
      grouped.set(row.event_id, deadlines);
    }
    expect(
      kept.map((row) => ({
        legal_case_id: row.legal_case_id,
        event_id: row.event_id,
        on_time: row.on_time,
        deadlines: row.deadlines.map(({ rule, subject: name, status }) => ({
          rule,
          subject: name,
          status,
        })),
      })),
    ).toEqual(
      [...grouped.entries()]
        .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
        .map(([eventId, deadlines]) => ({
          legal_case_id: caseId,
          event_id: eventId,
          on_time: deadlines.every((deadline) => deadline.status === 'met'),
          deadlines,
        })),
    );
  }

  it('shows the deadlines as they are inserted, rewritten and deleted', async () => {
    const { db } = subject.deps;
    // Nothing satisfied yet: no milestone is on time, the official is not chosen.
    expect(await milestones()).toBe('not chosen');

    // Inserted: the arrest met two deadlines in time; the charge-sheet one late; one still open.
    await db
      .insertInto('obligation')
      .values([
        obligation('a|2', 'IN.TEST.B', 'V1', 'met', arrest),
        obligation('a|1', 'IN.TEST.A', null, 'met', arrest),
        obligation('c|1', 'IN.TEST.C', 'V1', 'met_late', chargesheet),
        obligation('open', 'IN.TEST.OPEN', null, 'open', null),
      ])
      .execute();
    expect(await milestones()).toEqual([
      {
        eventId: arrest,
        deadlines: [
          { rule: 'IN.TEST.A', subject: null, status: 'met' },
          { rule: 'IN.TEST.B', subject: 'V1', status: 'met' },
        ],
        onTime: true,
      },
      {
        eventId: chargesheet,
        deadlines: [{ rule: 'IN.TEST.C', subject: 'V1', status: 'met_late' }],
        onTime: false,
      },
    ]);
    await readModelAgreesWithObligations();

    // Updated: one of the arrest's deadlines now met late, the open one satisfied by the
    // charge-sheet in time (the charge-sheet is still late: one of its deadlines was).
    await db
      .updateTable('obligation')
      .set({ status: 'met_late' })
      .where('obligation_key', '=', 'a|2')
      .execute();
    await db
      .updateTable('obligation')
      .set({
        status: 'met',
        explanation: JSON.stringify({ satisfyingEvent: { id: chargesheet } }),
      })
      .where('obligation_key', '=', 'open')
      .execute();
    expect(await milestones()).toBe('not chosen');
    await readModelAgreesWithObligations();

    // Updated: the late charge-sheet deadline is no longer satisfied by any event (moved back
    // to open), so the charge-sheet is on time.
    await db
      .updateTable('obligation')
      .set({ status: 'open', explanation: '{}' })
      .where('obligation_key', '=', 'c|1')
      .execute();
    expect(await milestones()).toEqual([
      {
        eventId: arrest,
        deadlines: [
          { rule: 'IN.TEST.A', subject: null, status: 'met' },
          { rule: 'IN.TEST.B', subject: 'V1', status: 'met_late' },
        ],
        onTime: false,
      },
      {
        eventId: chargesheet,
        deadlines: [{ rule: 'IN.TEST.OPEN', subject: null, status: 'met' }],
        onTime: true,
      },
    ]);
    await readModelAgreesWithObligations();

    // Deleted: the arrest's deadlines are gone (the case's obligations recomputed without
    // them), so it satisfied none.
    await db.deleteFrom('obligation').where('obligation_key', 'in', ['a|1', 'a|2']).execute();
    expect(await milestones()).toEqual([
      { eventId: arrest, deadlines: [], onTime: null },
      {
        eventId: chargesheet,
        deadlines: [{ rule: 'IN.TEST.OPEN', subject: null, status: 'met' }],
        onTime: true,
      },
    ]);
    await readModelAgreesWithObligations();

    // A rolled-back rewrite leaves the read model as it was.
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('obligation').where('case_id', '=', caseId).execute();
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await milestones()).toEqual([
      { eventId: arrest, deadlines: [], onTime: null },
      {
        eventId: chargesheet,
        deadlines: [{ rule: 'IN.TEST.OPEN', subject: null, status: 'met' }],
        onTime: true,
      },
    ]);

    // Every obligation of the case deleted: nothing left to judge by.
    await db.deleteFrom('obligation').where('case_id', '=', caseId).execute();
    expect(await milestones()).toBe('not chosen');
    await readModelAgreesWithObligations();
  });
});
