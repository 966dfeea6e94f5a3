import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
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

  it('a wrong CNR is a 400 naming the field, and no case is created', async () => {
    const count = async () =>
      Number(
        (
          await subject.database.db
            .selectFrom('legal_case')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
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
});
