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

describe('the response serializer: unions of literals (issue 11)', () => {
  it('writes unions of literals, integer-like keys, missing items and odd strings as zod does', () => {
    const schema = z.object({
      b: z.string(),
      '2': z.number(),
      a: z.union([z.literal(60), z.literal(90)]),
      '1': z.enum(['x', 'y']).nullable(),
      rows: z.array(z.string().optional()),
      kinds: z.array(z.union([z.enum(['open', 'met']), z.literal(null)])),
      nested: z.object({ text: z.string(), n: z.number().optional() }).nullable(),
    });
    const { ours, zods } = both(schema);
    for (const value of [
      {
        b: 'quote " backslash \\ newline \n tab \t \u2028 emoji 🙂 lone \ud800',
        '2': -0,
        a: 90,
        '1': null,
        rows: ['x', undefined, 'y'],
        kinds: ['open', null, 'met'],
        nested: { text: '', n: 1e21, hidden: 'no' },
      },
      { b: '', '2': 0.1, a: 60, '1': 'y', rows: [], kinds: [], nested: null },
    ])
      expect(ours(value)).toBe(zods(value));
    expect(() =>
      ours({ b: '', '2': 1, a: 61, '1': null, rows: [], kinds: [], nested: null }),
    ).toThrow(/Response doesn't match the schema/);
  });

  it('writes a legal-case page with its offences as zod does', async () => {
    const { legalCaseSchema } = await import('../features/legal-cases/legal-case.schemas.ts');
    const { ours, zods } = both(
      z.object({ legalCases: z.array(legalCaseSchema), total: z.number().optional() }),
    );
    const legalCase = {
      id: '7d0a8f0e-4a39-4c55-9d55-6a1f0c9b2a11',
      organisationId: '0b8e1f3c-2d4a-4f6b-8c9d-1e2f3a4b5c6d',
      title: 'Legal case 7d0a8f0e',
      titleFir: null,
      fir: null,
      cnr: null,
      court: null,
      forum: 'sessions',
      offences: [
        {
          code: 'BNS:143(2)',
          title: 'Trafficking',
          defaultBailDays: 90,
          contested: false,
          inCatalogue: true,
        },
        { code: 'X:1', title: null, defaultBailDays: 60, contested: true, inCatalogue: false },
      ],
      investigatingOfficer: null,
      publicProsecutor: null,
      advocate: { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'A', designation: '' },
      stage: 'trial',
      accusedInCustody: 1,
      nextHearing: { at: '2026-12-06T10:30:00.000+05:30', purpose: null },
      lastEventAt: null,
      createdAt: '2026-12-01T09:00:00.123+05:30',
    };
    const withFir = {
      ...legalCase,
      title: 'FIR 12/2026, Test Fictionganj PS',
      titleFir: { number: '12', year: 2026, policeStation: 'Test Fictionganj PS' },
    };
    const page = { legalCases: [legalCase, withFir], total: 2 };
    expect(ours(page)).toBe(zods(page));
    expect(ours({ legalCases: [] })).toBe(zods({ legalCases: [] }));
  });
});

describe('the response serializer: answers already as declared are not copied (issue 11)', () => {
  const schema = z.object({
    rows: z.array(z.object({ a: z.string(), b: z.number().nullable(), c: z.string().optional() })),
    next: z.string().nullable(),
  });
  const { ours, zods } = both(schema);

  it('writes what zod writes whether a row is as declared, reordered, wider or not plain', () => {
    class Row {
      a = 'x';
      b = 1;
      toJSON() {
        return { leaked: 'not to be sent' };
      }
    }
    const hiddenToJson = { a: 'x', b: 2 };
    Object.defineProperty(hiddenToJson, 'toJSON', { value: () => ({ leaked: 'not to be sent' }) });
    const listWithToJson = Object.assign([{ a: 'y', b: null }], {
      toJSON: () => ['not to be sent'],
    });
    for (const value of [
      {
        rows: [
          { a: 'x', b: 1 },
          { a: 'y', b: null, c: 'z' },
        ],
        next: null,
      },
      { next: 'n', rows: [{ b: 1, a: 'x' }] },
      { rows: [{ a: 'x', b: 1, secret: 'not to be sent' }], next: null },
      { rows: [{ a: 'x', b: 1, c: undefined }], next: null },
      { rows: [new Row()], next: null },
      { rows: [hiddenToJson], next: null },
      { rows: listWithToJson, next: null },
      { rows: Object.freeze([Object.freeze({ a: 'x', b: 3 })]), next: null },
    ]) {
      const written = ours(value);
      expect(written).toBe(zods(value));
      expect(written).not.toContain('not to be sent');
    }
  });
});
