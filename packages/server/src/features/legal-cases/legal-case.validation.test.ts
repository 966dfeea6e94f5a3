import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingStatements } from '../../../test/statement-counter.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { runWithContext } from '../../platform/request-context.ts';
import { actorOf } from '../auth/auth.service.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import { createLegalCase } from './legal-case.service.ts';
import {
  aCaseWith,
  aLegalCaseWorld,
  at,
  custodySteps,
  type LegalCaseWorld,
} from './legal-case.test-support.ts';

/** Events out of order and bad input: refused, naming the problem, and nothing is written. */
describe(`legal cases: refused events and input (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  let caseId: string;
  let subject: LegalCaseWorld['subject'];
  let legalOfficer: LegalCaseWorld['legalOfficer'];
  const record: LegalCaseWorld['record'] = (...args) => world.record(...args);
  const aPerson: LegalCaseWorld['aPerson'] = (...args) => world.aPerson(...args);
  const eventCount = (id: string) => world.eventCount(id);

  beforeAll(async () => {
    world = await aLegalCaseWorld();
    ({ subject, legalOfficer } = world);
    // A case charge-sheeted, not yet before the court.
    caseId = await aCaseWith(world, custodySteps(world));
  });
  afterAll(() => world.subject.close());

  it('impossible sequences are refused with 409, naming the problem, and nothing is written', async () => {
    const before = await eventCount(caseId);
    const judgment = await record(caseId, {
      type: 'court.judgment',
      occurredAt: at('2025-03-15'),
      data: { verdicts: [{ accused: 'A1', verdict: 'convicted' }] },
    });
    expect(judgment.statusCode).toBe(409);
    expect(judgment.json<{ error: { message: string } }>().error.message).toMatch(
      /judgment cannot come before the court takes cognizance/,
    );

    const fresh = await legalOfficer.post('/api/legal-cases', {
      offences: ['ITPA:5'],
      accused: [await aPerson(legalOfficer, '35+', 'male')],
    });
    const freshId = fresh.json<{ id: string }>().id;
    const remand = await record(freshId, {
      type: 'accused.remanded',
      occurredAt: at('2025-02-01'),
      data: { accused: 'A1', custody: 'police' },
    });
    expect(remand.statusCode).toBe(409);
    expect(remand.body).toMatch(/never arrested/);
    expect(await eventCount(freshId)).toBe(0);

    const badData = await record(caseId, {
      type: 'accused.remanded',
      occurredAt: at('2025-02-01'),
      data: { accused: 'A1', custody: 'hotel' },
    });
    expect(badData.statusCode).toBe(400);
    expect(badData.body).toMatch(/data.custody/);
    expect(await eventCount(caseId)).toBe(before);
  });

  const legalCaseCount = async () =>
    Number(
      (
        await subject.database.db
          .selectFrom('legal_case')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a wrong CNR is a 400 naming the field, and no case is created', async () => {
    const count = legalCaseCount;
    const before = await count();
    const response = await legalOfficer.post('/api/legal-cases', {
      cnr: 'WBTS0100001720',
      offences: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(
      /cnr.*16 characters/,
    );
    expect(await count()).toBe(before);
  });

  it('a party the officer may not see is refused beside its place in the list, checked in one statement however many are named', async () => {
    const { outsiderWorker, victims, accused } = world;
    // A colleague's person: the officer's person:read reaches only their own teams.
    const unseen = await aPerson(outsiderWorker, '18-24');
    const cases = legalCaseCount;
    const before = await cases();
    const refused = await legalOfficer.post('/api/legal-cases', {
      offences: ['ITPA:5'],
      victims: [victims[0], unseen, victims[1]],
      accused,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { issues: [{ path: 'body.victims.1', message: 'no such person' }] },
    });
    const accusedUnseen = await legalOfficer.post('/api/legal-cases', {
      offences: ['ITPA:5'],
      victims,
      accused: [unseen],
    });
    expect(accusedUnseen.json()).toMatchObject({
      error: { issues: [{ path: 'body.accused.0', message: 'no such person' }] },
    });
    expect(await cases()).toBe(before);

    // The persons named are read in one statement, whether two are named or five.
    const personReads = async (named: { victims: string[]; accused: string[] }) => {
      const reads = countingStatements(
        subject.deps.db,
        (node) => node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"person"'),
      );
      const user = await findUserByEmail(subject.deps.db, world.legalOfficerUser.email);
      if (!user) throw new Error('no such user');
      const actor = actorOf(user, undefined);
      return reads.counted(async () => {
        const created = await runWithContext({ requestId: randomUUID(), actor }, () =>
          createLegalCase({ ...subject.deps, db: reads.db }, { offences: ['ITPA:5'], ...named }),
        );
        expect(created.parties).toHaveLength(named.victims.length + named.accused.length);
      });
    };
    const few = await personReads({ victims: victims.slice(0, 1), accused: accused.slice(0, 1) });
    const many = await personReads({
      victims: [...victims, await aPerson(legalOfficer, '15-17')],
      accused,
    });
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });
});
