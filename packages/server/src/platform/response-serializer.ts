import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { $ZodType, safeEncode, type $ZodTypes } from 'zod/v4/core';

/**
 * Every answer is written through its route's zod response schema: only the declared fields leave
 * the server, whatever else a handler's object holds. zod checks each value on the way out too
 * (formats, lengths, bounds), which on a page of 200 deadlines was a fifth of the request's CPU
 * (issue 11), for values the repositories already typed.
 *
 * This serializer keeps what matters of that and is planned once per route: objects keep their
 * declared keys only, in the schema's order (as zod writes them); each value must still have its
 * declared type (string, finite number, boolean, null, a member of its enum, literal or union of
 * those); any other kind of schema (records, other unions, defaults, transforms, dates, …) is
 * encoded by zod itself. A
 * value that does not fit is handed to zod's own serializer, so a wrong answer fails exactly as
 * before (a 500 naming the route). String formats and number bounds are not checked again.
 * The OpenAPI document is made from the same schemas and does not change.
 */

const MISFIT = Symbol('misfit');
type Projection = (value: unknown) => unknown;

function delegated(schema: $ZodType): Projection {
  return (value) => {
    const result = safeEncode(schema, value);
    return result.success ? result.data : MISFIT;
  };
}

/** The members of an enum, a literal, or a union of those; undefined for any other schema. */
function membersOf(schema: $ZodType): unknown[] | undefined {
  const def = (schema as $ZodTypes)._zod.def;
  switch (def.type) {
    case 'enum':
      return Object.values(def.entries);
    case 'literal':
      return [...def.values];
    case 'union': {
      const members: unknown[] = [];
      for (const option of def.options) {
        const inner = membersOf(option);
        if (!inner) return undefined;
        members.push(...inner);
      }
      return members;
    }
    default:
      return undefined;
  }
}

/** What zod encodes as it is and JSON writes as itself: a string, finite number, boolean, null. */
const writtenAsItself = (member: unknown) =>
  typeof member === 'string' ||
  typeof member === 'boolean' ||
  member === null ||
  (typeof member === 'number' && Number.isFinite(member));

/**
 * Whether `JSON.stringify(source)` writes what it writes of the object the projection would
 * build: a plain object with no `toJSON`, whose own enumerable keys are declared ones, in the
 * declared order (`keys`, already in the order JSON writes an object's keys).
 */
function asWritten(source: Record<string, unknown>, keys: readonly string[]): boolean {
  if (Object.getPrototypeOf(source) !== Object.prototype || source.toJSON !== undefined)
    return false;
  let next = 0;
  for (const key in source) {
    while (next < keys.length && keys[next] !== key) next += 1;
    if (next === keys.length) return false;
    next += 1;
  }
  return true;
}

function projectionOf(schema: $ZodType): Projection {
  const def = (schema as $ZodTypes)._zod.def;
  switch (def.type) {
    case 'string':
      return (value) => (typeof value === 'string' ? value : MISFIT);
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? value : MISFIT);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : MISFIT);
    case 'null':
      return (value) => (value === null ? null : MISFIT);
    case 'enum': {
      const members = new Set<unknown>(Object.values(def.entries));
      return (value) => (members.has(value) ? value : MISFIT);
    }
    case 'literal': {
      const members = new Set<unknown>(def.values);
      return (value) => (members.has(value) ? value : MISFIT);
    }
    case 'union': {
      // A union of enums and literals (an offence's `60 | 90` days, on every offence of every
      // row of a legal-case page) is its members, written as they are (issue 11); any other
      // union (of objects, of types, with transforms) zod decides.
      const members = membersOf(schema);
      if (!members?.every(writtenAsItself)) return delegated(schema);
      const set = new Set<unknown>(members);
      return (value) => (set.has(value) ? value : MISFIT);
    }
    case 'nullable': {
      const inner = projectionOf(def.innerType);
      return (value) => (value === null ? null : inner(value));
    }
    case 'optional': {
      const inner = projectionOf(def.innerType);
      return (value) => (value === undefined ? undefined : inner(value));
    }
    case 'array': {
      const element = projectionOf(def.element);
      return (value) => {
        if (!Array.isArray(value)) return MISFIT;
        // Until an item differs from its projection, the array itself is the answer.
        let projected: unknown[] | undefined =
          Object.getPrototypeOf(value) === Array.prototype && !('toJSON' in value)
            ? undefined
            : new Array(value.length);
        for (let index = 0; index < value.length; index += 1) {
          const raw: unknown = value[index];
          const item = element(raw);
          if (item === MISFIT) return MISFIT;
          if (projected === undefined && item !== raw) projected = value.slice(0, index);
          if (projected !== undefined) projected[index] = item;
        }
        return projected ?? (value as unknown[]);
      };
    }
    case 'object': {
      const { shape, catchall } = def;
      // A strict or loose object treats unknown keys its own way: zod decides.
      if (catchall) return delegated(schema);
      // In the order JSON writes an object built in the schema's order (integer-like keys first).
      const keys = Object.keys(Object.fromEntries(Object.keys(shape).map((key) => [key, 0])));
      const projections = keys.map((key) => projectionOf(shape[key] as $ZodType));
      const copyOf = (source: Record<string, unknown>, upTo: number) => {
        const projected: Record<string, unknown> = {};
        for (let index = 0; index < upTo; index += 1) {
          const key = keys[index] as string;
          if (source[key] !== undefined) projected[key] = source[key];
        }
        return projected;
      };
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return MISFIT;
        const source = value as Record<string, unknown>;
        // A plain object holding only declared keys, in the order JSON would write the projected
        // one, each value its own projection, is the answer as it is: no copy (issue 11).
        let projected: Record<string, unknown> | undefined = asWritten(source, keys)
          ? undefined
          : {};
        for (let index = 0; index < keys.length; index += 1) {
          const key = keys[index] as string;
          const raw = source[key];
          const item = (projections[index] as Projection)(raw);
          if (item === MISFIT) return MISFIT;
          if (projected === undefined && item !== raw) projected = copyOf(source, index);
          if (projected !== undefined && item !== undefined) projected[key] = item;
        }
        return projected ?? source;
      };
    }
    default:
      return delegated(schema);
  }
}

/** Fastify's serializer compiler for zod response schemas (see above). */
export const responseSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const zodSerializer = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  if (!(route.schema instanceof $ZodType)) return zodSerializer;
  const project = projectionOf(route.schema);
  return (data) => {
    const projected = project(data);
    return projected === MISFIT ? zodSerializer(data) : JSON.stringify(projected);
  };
};
