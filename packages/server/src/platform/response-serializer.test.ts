import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { careCaseSchema } from '../features/care-cases/care-case.schemas.ts';
import { responseSerializerCompiler } from './response-serializer.ts';

// Issue 11: answers written without zod checking every value again must be the bytes zod's
// serializer wrote, keep only declared fields, and fail as it failed.
const route = (schema: unknown) => ({ schema, method: 'GET', url: '/api/example' }) as never;
const both = (schema: z.ZodType) => ({
  ours: responseSerializerCompiler(route(schema)),
  zods: serializerCompiler(route(schema)),
});

const header = {
  id: '7d0a8f0e-4a39-4c55-9d55-6a1f0c9b2a11',
  code: 'CC-2026-0042',
  organisationId: '0b8e1f3c-2d4a-4f6b-8c9d-1e2f3a4b5c6d',
  person: {
    id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    pseudonym: 'Parul',
    ageBand: '15-17',
    sex: 'female',
    // Never declared: must not leave the server.
    legalName: 'not to be sent',
  },
  phase: 'shelter_care',
  openedAt: '2026-03-01T10:00:00.000Z',
  rescuedAt: null,
  closedAt: null,
  closureReason: null,
  placement: null,
  team: [{ userId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', displayName: 'Keya', role: 'x' }],
  nextTasks: [],
  activeConsents: [],
  internalNote: 'not to be sent',
};

describe('the response serializer', () => {
  it('writes a care case header byte for byte as zod does, without undeclared fields', () => {
    const { ours, zods } = both(careCaseSchema);
    const written = ours(header);
    expect(written).toBe(zods(header));
    expect(written).not.toContain('not to be sent');
    expect(written).not.toContain('"role"');
  });

  it('leaves records, unions, defaults and optional fields to zod, and writes what it wrote', () => {
    const schema = z.object({
      data: z.record(z.string(), z.unknown()),
      either: z.union([z.string(), z.number()]),
      flag: z.boolean().default(false),
      maybe: z.string().optional(),
      count: z.number().int().nullable(),
      kind: z.literal('deadline'),
      rows: z.array(z.object({ at: z.string(), extra: z.string().nullable() })),
    });
    const { ours, zods } = both(schema);
    for (const value of [
      {
        data: { nested: { a: 1 } },
        either: 3,
        flag: false,
        kind: 'deadline',
        count: null,
        rows: [{ at: 'now', extra: null, hidden: 1 }],
      },
      { data: {}, either: 'x', flag: true, maybe: 'yes', count: 2, kind: 'deadline', rows: [] },
    ])
      expect(ours(value)).toBe(zods(value));
  });

  it('fails a value of the wrong type exactly as zod fails it', () => {
    const { ours, zods } = both(careCaseSchema);
    for (const wrong of [
      { ...header, phase: 'lost' },
      { ...header, openedAt: new Date(0) },
      { ...header, team: [{ userId: 3, displayName: 'Keya' }] },
      { ...header, person: undefined },
    ]) {
      expect(() => zods(wrong)).toThrow();
      expect(() => ours(wrong)).toThrow(/Response doesn't match the schema/);
    }
    const counted = both(z.object({ total: z.number() }));
    expect(() => counted.ours({ total: Number.NaN })).toThrow(/Response doesn't match/);
  });
});
