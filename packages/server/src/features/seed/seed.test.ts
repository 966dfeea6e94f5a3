import { ROLES } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { signedInAs } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { obligationSources } from '../obligations/obligation-sources.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { DEMO_EMAIL_DOMAIN, seedDemo } from './demo-seed.ts';
import { seedScale, type ScaleProgress } from './scale-seed.ts';

describe(`seeding (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('seeds an obviously fictional demo organisation with one user per role, once', async () => {
    const first = await seedDemo(database.db);
    expect(first).toMatchObject({
      seeded: true,
      organisations: 9,
      users: ROLES.length,
      careCases: 5,
    });
    const second = await seedDemo(database.db);
    expect(second.seeded).toBe(false);

    const organisations = await database.db.selectFrom('organisation').selectAll().execute();
    expect(organisations.map((organisation) => organisation.kind).sort()).toEqual(
      [
        'ahtu',
        'court',
        'cwc',
        'dlsa',
        'ngo',
        'police_station',
        'police_station',
        'shelter_home',
        'shelter_home',
      ].sort(),
    );
    const people = [
      ...(await database.db.selectFrom('official').select('name').execute()),
      ...(await database.db.selectFrom('app_user').select('display_name as name').execute()),
      ...organisations,
    ];
    for (const person of people) expect(person.name).toMatch(/^Demo /);

    const users = await database.db.selectFrom('app_user').select(['email', 'roles']).execute();
    expect(users.flatMap((user) => user.roles).sort()).toEqual([...ROLES].sort());
    for (const user of users) expect(user.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
  });

  it('adds synthetic bulk data in batches and reports progress up to the total', async () => {
    const progress: ScaleProgress[] = [];
    const result = await seedScale(database.db, 1_234, (step) => progress.push(step));
    expect(result).toEqual({ organisations: 25, officials: 1_234, careCases: 0, legalCases: 0 });
    expect(progress.at(-1)).toEqual({ done: 1_234, total: 1_234 });
    expect(progress.length).toBeGreaterThan(2);
    const count = await database.db
      .selectFrom('official')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', 'like', 'Scale Official %')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1_234);
  });

  it('the demo has fictional care cases in every phase, pseudonyms only, whose events derive their phase', async () => {
    const rows = await database.db
      .selectFrom('care_case')
      .innerJoin('person', 'person.id', 'care_case.person_id')
      .select(['care_case.id', 'care_case.phase', 'person.pseudonym'])
      .where('care_case.code', 'like', 'CC-%-09%')
      .execute();
    expect(new Set(rows.map((row) => row.phase))).toEqual(
      new Set(['intake', 'interim_care', 'shelter_care', 'follow_up', 'closed']),
    );
    expect(await database.db.selectFrom('person_identity').selectAll().execute()).toEqual([]);
  });

  it('adds N synthetic care cases with their events on request', async () => {
    const result = await seedScale(database.db, 100, () => undefined, { careCases: 250 });
    expect(result.careCases).toBe(250);
    const count = await database.db
      .selectFrom('care_case')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('code', 'like', 'CC-S%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(250);
  });
});

/**
 * `dawn seed --scale N --legal-cases M`: legal cases a programme manager of the run's NGO finds in
 * her list, at the run's police stations, pseudonymous parties (victims are the run's care-case
 * persons where there are some), and the deadlines their events set, stored as recording them
 * would have: the chargesheet clock met where a chargesheet was filed, running or overdue where
 * not, and nothing left for the next sweep to change.
 */
describe(`seeding legal cases at scale (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await createTestApp();
  });
  afterAll(() => subject.close());

  it('adds N legal cases with their parties, events and deadlines', async () => {
    const { db, config, vault } = subject.deps;
    const progress: ScaleProgress[] = [];
    // 400 officials: eight organisations, two police stations, a court and an NGO among them.
    const result = await seedScale(db, 400, (step) => progress.push(step), {
      careCases: 4,
      legalCases: { count: 9, config, vault },
    });
    expect(result).toEqual({ organisations: 8, officials: 400, careCases: 4, legalCases: 9 });
    expect(progress.at(-1)).toEqual({ done: 9, total: 9 });

    const cases = await db
      .selectFrom('legal_case')
      .innerJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
      .innerJoin('organisation as follower', 'follower.id', 'legal_case.organisation_id')
      .select([
        'legal_case.id',
        'legal_case.fir_number',
        'legal_case.stage',
        'legal_case.organisation_id',
        'station.kind as station_kind',
        'station.name as station_name',
        'follower.kind as follower_kind',
        sql<boolean>`legal_case.deadline_swept_version = legal_case.deadline_inputs_version`.as(
          'swept',
        ),
      ])
      .orderBy('legal_case.fir_number')
      .execute();
    expect(cases.map((legalCase) => [legalCase.fir_number, legalCase.stage])).toEqual([
      ['SCALE-0000000', 'investigation'],
      ['SCALE-0000001', 'chargesheeted'],
      ['SCALE-0000002', 'trial'],
      ['SCALE-0000003', 'investigation'],
      ['SCALE-0000004', 'chargesheeted'],
      ['SCALE-0000005', 'trial'],
      ['SCALE-0000006', 'investigation'],
      ['SCALE-0000007', 'chargesheeted'],
      ['SCALE-0000008', 'trial'],
    ]);
    for (const legalCase of cases) {
      expect(legalCase).toMatchObject({
        station_kind: 'police_station',
        follower_kind: 'ngo',
        swept: true,
      });
      expect(legalCase.station_name).toMatch(/^Scale Organisation /);
    }
    const byNumber = new Map(cases.map((legalCase) => [legalCase.fir_number, legalCase.id]));

    // What the NGO's programme manager sees: the list, and a case in trial with a hearing to come.
    const manager = await signedInAs(subject, cases[0]?.organisation_id ?? '', ['program_manager']);
    const list = await manager.get('/api/legal-cases?limit=100');
    expect(list.statusCode, list.body.slice(0, 300)).toBe(200);
    expect(list.json<{ total: number }>().total).toBe(9);
    const trial = await manager.get(`/api/legal-cases/${byNumber.get('SCALE-0000002')}`);
    expect(trial.statusCode, trial.body.slice(0, 300)).toBe(200);
    const detail = trial.json<{
      stage: string;
      court: unknown;
      nextHearing: { at: string } | null;
      parties: { ref: string; role: string; personId: string; pseudonym: string }[];
    }>();
    expect(detail.stage).toBe('trial');
    expect(detail.court).not.toBeNull();
    expect(Date.parse(detail.nextHearing?.at ?? '')).toBeGreaterThan(Date.now());
    expect(detail.parties.map((party) => [party.ref, party.role])).toEqual([
      ['V1', 'victim'],
      ['A1', 'accused'],
    ]);
    expect(detail.parties[1]?.pseudonym).toMatch(/^Scale Accused /);
    const events = await db
      .selectFrom('legal_case_event')
      .select('type')
      .where('legal_case_id', '=', byNumber.get('SCALE-0000002') ?? '')
      .orderBy('occurred_at')
      .execute();
    expect(events.map((event) => event.type)).toEqual([
      'fir.registered',
      'accused.arrested',
      'victim.medical_examined',
      'accused.produced_before_magistrate',
      'accused.remanded',
      'chargesheet.filed',
      'court.cognizance',
      'court.committed',
      'court.hearing',
    ]);

    // Victims: the run's care-case persons for the first four cases, then persons of their own;
    // pseudonyms only, nothing in the vault.
    const victims = await db
      .selectFrom('legal_case_party')
      .innerJoin('legal_case', 'legal_case.id', 'legal_case_party.legal_case_id')
      .innerJoin('person', 'person.id', 'legal_case_party.person_id')
      .leftJoin('care_case', 'care_case.person_id', 'person.id')
      .select(['legal_case.fir_number', 'person.pseudonym', 'care_case.id as care_case_id'])
      .where('legal_case_party.role', '=', 'victim')
      .orderBy('legal_case.fir_number')
      .execute();
    expect(victims.map((victim) => victim.care_case_id !== null)).toEqual([
      ...Array<boolean>(4).fill(true),
      ...Array<boolean>(5).fill(false),
    ]);
    for (const victim of victims) expect(victim.pseudonym).toMatch(/^Scale(-| Victim )/);
    expect(await db.selectFrom('person_identity').selectAll().execute()).toEqual([]);

    // The deadlines page: the chargesheet clock of each case (BNSS s.187(3)).
    const deadlines = await manager.get(
      '/api/obligations?rule=IN.BNSS.187.chargesheet&fields=list&limit=100',
    );
    expect(deadlines.statusCode, deadlines.body.slice(0, 300)).toBe(200);
    const chargesheet = new Map(
      deadlines
        .json<{ obligations: { caseId: string; status: string; subject: string }[] }>()
        .obligations.map((obligation) => [obligation.caseId, obligation]),
    );
    const statusOf = (firNumber: string) => chargesheet.get(byNumber.get(firNumber) ?? '')?.status;
    // Registered three days ago: the clock runs; more than 90 days ago: it ran out.
    expect(statusOf('SCALE-0000000')).toBe('open');
    expect(statusOf('SCALE-0000003')).toBe('overdue');
    expect(statusOf('SCALE-0000006')).toBe('overdue');
    for (const number of ['1', '2', '4', '5', '7', '8'])
      expect(statusOf(`SCALE-000000${number}`)).toBe('met');
    expect(new Set([...chargesheet.values()].map((obligation) => obligation.subject))).toEqual(
      new Set(['A1']),
    );

    // The sweep finds them as it would have computed them: nothing changes.
    const stored = () =>
      db
        .selectFrom('obligation')
        .select(['id', 'rule', 'status', 'due_at', 'met_at'])
        .where('case_id', 'in', [...byNumber.values()])
        .orderBy('id')
        .execute();
    const before = await stored();
    expect(before.length).toBeGreaterThan(9);
    await sweepObligations(db, config, obligationSources(vault));
    expect(await stored()).toEqual(before);
  });
});
