import { randomUUID } from 'node:crypto';
import RandExp from 'randexp';

/**
 * Requests for every operation of Dawn's own OpenAPI document: a valid-looking one made from the
 * operation's schema (ids from what the demo seed made), then the same with one value at a time
 * changed to something a person, a spreadsheet or a careless client sends (an empty or huge text,
 * a date in year 9999 or 1, a number past PostgreSQL's integer, a text in another script, an id
 * of another kind of record). Used by `bad-input.test.ts`: none may be answered with a 5xx.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
}

/** An id for a value of this name (`personId`, `victims`, …), from what the database holds. */
export type IdFor = (name: string) => string;

/**
 * Choices that vary from value to value and are the same on every run: the nth call answers a
 * number below `count` that steps through them.
 */
export function choices(): (count: number) => number {
  let turn = 0;
  return (count) => {
    turn += 1;
    return (turn * 7) % Math.max(count, 1);
  };
}

/** The one branch of a union a sample takes: the first that is not `null`. */
function chosen(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return chosen(options.find((option) => option.type !== 'null') ?? options[0] ?? {});
  if (schema.allOf) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map(chosen)) {
      Object.assign(merged.properties ?? {}, part.properties);
      merged.required?.push(...(part.required ?? []));
    }
    return merged;
  }
  return schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.find((type) => type !== 'null') ?? (schema.properties ? 'object' : undefined);
}

/** A value the schema accepts, as far as a schema can say (cross-field rules aside). */
export function sample(
  given: JsonSchema,
  name: string,
  idFor: IdFor,
  pick: (count: number) => number,
): unknown {
  const schema = chosen(given);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[pick(schema.enum.length)];
  switch (typeOf(schema)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {}))
        value[key] = sample(property, key, idFor, pick);
      if (!schema.properties && typeof schema.additionalProperties === 'object') {
        const keys = schema.propertyNames?.enum ?? ['key'];
        for (const key of keys.slice(0, 3))
          value[String(key)] = sample(schema.additionalProperties, String(key), idFor, pick);
      }
      return value;
    }
    case 'array': {
      const count = Math.max(schema.minItems ?? 1, 1);
      const items = schema.items ?? {};
      // Ids in a list are distinct records: a second one of the same kind is another record.
      return Array.from({ length: count }, () => sample(items, name, idFor, pick));
    }
    case 'integer':
    case 'number': {
      const low =
        schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 1);
      const high = Math.min(schema.maximum ?? low + 10, schema.exclusiveMaximum ?? Infinity);
      return Math.min(low + pick(high - low + 1), high);
    }
    case 'boolean':
      return false;
    case 'string':
      return sampleText(schema, name, idFor, pick);
    default:
      return typeof schema.default === 'undefined' ? 'Test value' : schema.default;
  }
}

function sampleText(
  schema: JsonSchema,
  name: string,
  idFor: IdFor,
  pick: (count: number) => number,
) {
  switch (schema.format) {
    case 'uuid':
      return idFor(name);
    case 'date-time':
      return '2024-05-06T10:30:00+05:30';
    case 'date':
      return '2024-05-06';
    case 'email':
      return `fuzz.${pick(1_000_000)}@test.dawn.example`;
    default:
      break;
  }
  // A day written out by a pattern of its own (a birth date, a goal's target date).
  if (/date$/i.test(name) && schema.pattern?.includes('\\d{4}')) return '2004-05-06';
  if (schema.pattern) {
    const generator = new RandExp(schema.pattern);
    generator.max = 4;
    generator.randInt = (low: number, high: number) => low + pick(high - low + 1);
    return generator.gen();
  }
  const text = 'Test words of a fictional record';
  const length = Math.min(Math.max(schema.minLength ?? 0, text.length), schema.maxLength ?? 200);
  return text.padEnd(length, '.').slice(0, length);
}

/** A value to put in place of one leaf, and what it is (for the failure's message). */
export interface Change {
  path: string;
  label: string;
  value: unknown;
}

const INTEGER_PAST_POSTGRESQL = 2_147_483_648;

/** What to try in place of a leaf of this schema whose valid sample is `valid`. */
function changesOf(schema: JsonSchema, valid: unknown, idFor: IdFor): [string, unknown][] {
  const type = typeOf(schema);
  if (schema.enum || schema.const !== undefined) return [['a word not in the list', 'unheard-of']];
  if (type === 'integer' || type === 'number')
    return [
      ['a number past PostgreSQL’s integer', INTEGER_PAST_POSTGRESQL],
      ['a negative number past it', -INTEGER_PAST_POSTGRESQL],
      ['a fraction', 2.5],
      ['a huge number', 1e308],
      ['a number as text', String(valid)],
    ];
  if (type === 'boolean') return [['the other answer', valid !== true]];
  if (type === 'array')
    return [
      ['an empty list', []],
      ['the same item twice', Array.isArray(valid) && valid.length > 0 ? [valid[0], valid[0]] : []],
    ];
  if (type !== 'string') return [];
  switch (schema.format) {
    case 'uuid':
      return [
        ['an id of no record', randomUUID()],
        ['an id of another kind of record', idFor('someone else’s user')],
        ['a word for an id', 'not-an-id'],
      ];
    case 'date-time':
      return [
        ['year 9999', '9999-12-31T23:59:59Z'],
        ['year 1', '0001-01-01T00:00:00Z'],
        ['the 30th of February', '2024-02-30T10:00:00Z'],
        ['a date without its time', '2024-05-06'],
      ];
    case 'date':
      return [
        ['year 9999', '9999-12-31'],
        ['year 1', '0001-01-01'],
        ['the 30th of February', '2024-02-30'],
      ];
    default:
      return [
        ['an empty text', ''],
        ['spaces only', '   '],
        ['a text past its limit', 'x'.repeat(Math.min((schema.maxLength ?? 20_000) + 1, 100_001))],
        ['Bengali and an emoji', 'পরীক্ষা 🙂 ‮'],
        ['a number', 7],
      ];
  }
}

/** Every one-leaf change of a valid sample, with the path of the leaf changed. */
export function changes(
  given: JsonSchema,
  valid: unknown,
  idFor: IdFor,
  path = 'body',
): { path: string; label: string; apply: (whole: unknown) => unknown }[] {
  const schema = chosen(given);
  const type = typeOf(schema);
  const found: { path: string; label: string; apply: (whole: unknown) => unknown }[] = [];
  const replaceHere = (value: unknown) => () => value;
  if (type === 'object' && valid !== null && typeof valid === 'object' && !Array.isArray(valid)) {
    const record = valid as Record<string, unknown>;
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (!(key in record)) continue;
      for (const inner of changes(property, record[key], idFor, `${path}.${key}`))
        found.push({
          path: inner.path,
          label: inner.label,
          apply: (whole) => {
            const copy = { ...(whole as Record<string, unknown>) };
            copy[key] = inner.apply(copy[key]);
            return copy;
          },
        });
      found.push({
        path: `${path}.${key}`,
        label: 'left out',
        apply: (whole) =>
          Object.fromEntries(
            Object.entries(whole as Record<string, unknown>).filter(([name]) => name !== key),
          ),
      });
    }
    found.push({ path, label: 'a list instead of an object', apply: replaceHere([]) });
    return found;
  }
  if (type === 'array' && Array.isArray(valid) && valid.length > 0 && schema.items) {
    for (const inner of changes(schema.items, valid[0], idFor, `${path}.0`))
      found.push({
        path: inner.path,
        label: inner.label,
        apply: (whole) => [inner.apply((whole as unknown[])[0]), ...(whole as unknown[]).slice(1)],
      });
  }
  for (const [label, value] of changesOf(schema, valid, idFor))
    found.push({ path, label, apply: replaceHere(value) });
  found.push({ path, label: 'null', apply: replaceHere(null) });
  return found;
}
