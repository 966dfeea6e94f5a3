import pg from 'pg';

/**
 * pg's rows built by a function made once per list of column names (issue 11), not by copying a
 * template and assigning each column by name.
 *
 * For every statement, pg's `Result.addFields` built an empty row (a null-prototype object, one
 * property a column, then copied) and `parseRow` copied it for each row and assigned every column
 * by a computed name: on the 30-column legal-case page, 26 rows, about 800 keyed stores and the
 * template's 30 map transitions a request, 5 % of that request's CPU in its profile. Here each
 * list of names gets one function whose object literal names its columns (`{ "id": …, … }`),
 * which V8 creates in one step with a map known in advance; the function is kept by the names.
 *
 * The rows are the same: the same own properties in the same order, of the same values, each a
 * new plain object. The parsers are still looked up for every statement, from the client's type
 * overrides, so a parser set later (`setTypeParser`) is used as before. Left to pg as it was: rows
 * as arrays (`rowMode: 'array'`, which pg handles before this), binary columns, a column named
 * `__proto__` (an object literal would make it the prototype), any list of names past MAX_SHAPES
 * (ad-hoc statements with generated names cannot grow the cache without bound), and every pool
 * but Dawn's own (`buildRowsByShape`).
 */
type Parser = (value: string) => unknown;
type RowBuilder = (
  rowData: readonly (string | null)[],
  parsers: readonly Parser[],
) => Record<string, unknown>;

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

interface ResultInternals {
  fields: FieldDescription[];
  _parsers: Parser[] | undefined;
  _types: { getTypeParser(oid: number, format: string): Parser } | undefined;
  rowBuilder: RowBuilder | undefined;
  addFields: (this: ResultInternals, fields: FieldDescription[]) => void;
  parseRow: (this: ResultInternals, rowData: readonly (string | null)[]) => unknown;
}

const MAX_SHAPES = 2_000;
const builders = new Map<string, RowBuilder>();

/** The row function of these columns, or undefined where pg's own way is kept. */
export function rowBuilderOf(fields: readonly FieldDescription[]): RowBuilder | undefined {
  // PostgreSQL names cannot hold a NUL: the key is the names, in order.
  let key = '';
  for (const field of fields) {
    if (field.format === 'binary' || field.name === '__proto__') return undefined;
    key += `${field.name}\u0000`;
  }
  const known = builders.get(key);
  if (known) return known;
  if (builders.size >= MAX_SHAPES) return undefined;
  // Each name as a JSON string literal, so no name can be anything but a property's name.
  const properties = fields.map(
    (field, index) =>
      `${JSON.stringify(field.name)}: rowData[${index}] === null ? null : parsers[${index}](rowData[${index}])`,
  );
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- names quoted as JSON strings, above
  const built = new Function('rowData', 'parsers', `return {${properties.join(', ')}};`);
  builders.set(key, built as RowBuilder);
  return built as RowBuilder;
}

/**
 * The type overrides of the clients whose rows are built this way: each pg client has its own,
 * and hands it to each of its results. Only Dawn's pools' clients are registered, so another pool
 * in the process (the bench's bare Fastify + pg reference) keeps pg's own way.
 */
const registered = new WeakSet();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const prototype = (pg as unknown as { Result: { prototype: ResultInternals } }).Result.prototype;
  const addFields = prototype.addFields;
  const parseRow = prototype.parseRow;
  prototype.addFields = function (fields) {
    const builder = this._types && registered.has(this._types) ? rowBuilderOf(fields) : undefined;
    this.rowBuilder = builder;
    if (!builder || !this._types) {
      addFields.call(this, fields);
      return;
    }
    this.fields = fields;
    const parsers: Parser[] = new Array<Parser>(fields.length);
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index] as FieldDescription;
      parsers[index] = this._types.getTypeParser(field.dataTypeID, field.format ?? 'text');
    }
    this._parsers = parsers;
  };
  prototype.parseRow = function (rowData) {
    const builder = this.rowBuilder;
    return builder ? builder(rowData, this._parsers ?? []) : parseRow.call(this, rowData);
  };
}

/** Makes pg build the rows of `pool`'s clients with {@link rowBuilderOf}. */
export function buildRowsByShape(pool: pg.Pool): void {
  install();
  pool.on('connect', (client) => {
    const types = (client as unknown as { _types?: object })._types;
    if (types) registered.add(types);
  });
}
