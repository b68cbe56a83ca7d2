/**
 * Reads the query string of a row query against the schema of the version it asks for. Every
 * problem is collected and thrown at once, each naming its parameter. URLSearchParams holds
 * no lone surrogates (it replaces them with U+FFFD), so whoever builds it from raw input
 * refuses them first: the route checks the percent-encoding of the raw query string. Parameters are data to
 * compare with, never code: nothing here builds a query in any language.
 *
 * Names other than the reserved ones are filters: `column=value` or `column__operator=value`.
 * A column whose name is reserved (a column called `limit`) is filtered as `limit__eq=…`.
 */
import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { TableField } from '../schemas/dataset-version.ts';
import type { SortKey } from './column-table.ts';
import { coordinateColumns } from './geojson.ts';
import { expectedValue, parseLiteral } from './typed-literal.ts';
import type { Literal } from './typed-literal.ts';

type FieldShape = Pick<TableField, 'name' | 'type'>;

export const DEFAULT_ROW_LIMIT = 100;
export const MAX_ROW_LIMIT = 1000;
/** Rows `offset` may reach: beyond, paging is by cursor. */
export const MAX_OFFSET_WINDOW = 10_000;
export const MAX_IN_VALUES = 1000;
export const MAX_FILTERS = 32;
export const MAX_Q_LENGTH = 200;
const MAX_VALUE_LENGTH = 1000;

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'startswith',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
export const ROW_FORMATS = ['json', 'ndjson', 'csv', 'geojson'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];
export const COUNT_MODES = ['exact', 'estimate', 'none'] as const;
export type CountMode = (typeof COUNT_MODES)[number];
/** Parameters that are not filters. */
export const RESERVED_PARAMETERS = [
  'fields',
  'q',
  'sort',
  'limit',
  'offset',
  'cursor',
  'count',
  'format',
  'version',
] as const;

/** One filter: rows whose `column` compares with `values` as `operator` says. */
export type RowFilter = {
  /** The parameter as given, e.g. `年份__gte`. */
  param: string;
  column: string;
  operator: FilterOperator;
  /** One value, several for `in`; null stands for an empty cell. */
  values: (Literal | null)[];
  /** The value as given, for the cursor's fingerprint. */
  raw: string;
};

/** A row query, checked against the schema of the version it reads. */
export type RowQuery = {
  /** The columns to return, in order; every column when `fields` is not given. */
  fields: string[];
  filters: RowFilter[];
  /** The words of `q`: each must be found, case and width folded, in some text column. */
  q: string[];
  sort: SortKey[];
  limit: number;
  offset: number;
  cursor?: string;
  count: CountMode;
  format: RowFormat;
};

const OPERATOR_SUFFIX = /^(.+?)__([A-Za-z]+)$/;
const WHOLE_NUMBER = /^\d+$/;

/**
 * Reads the parameters of a row query for a version with these fields. `version` is left to
 * the caller, which needs it to find the fields. Throws a DatarunError listing every problem.
 */
export function parseRowQuery(params: URLSearchParams, fields: readonly FieldShape[]): RowQuery {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) =>
    problems.push(problem('invalid-field', `${field}: ${message}`, { field }));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const columnList = listColumns(fields);

  const single = (name: string): string | undefined => {
    const values = params.getAll(name).filter((v) => v.trim() !== '');
    if (values.length > 1) fail(name, `given ${values.length} times; give it once`);
    return values[0];
  };
  const list = (name: string): string[] =>
    params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);

  const chosen: string[] = [];
  for (const name of list('fields')) {
    if (!byName.has(name)) fail('fields', `no column ${JSON.stringify(name)}; ${columnList}`);
    else if (!chosen.includes(name)) chosen.push(name);
  }

  const qText = single('q')?.trim() ?? '';
  if (qText.length > MAX_Q_LENGTH) fail('q', `expected at most ${MAX_Q_LENGTH} characters`);

  const sort: SortKey[] = [];
  for (const item of list('sort')) {
    const desc = item.startsWith('-');
    const column = desc ? item.slice(1) : item;
    if (!byName.has(column)) fail('sort', `no column ${JSON.stringify(column)}; ${columnList}`);
    else if (sort.some((key) => key.column === column))
      fail('sort', `${JSON.stringify(column)} is listed twice`);
    else sort.push({ column, desc });
  }

  const limitText = single('limit');
  const limit = wholeNumber(limitText, DEFAULT_ROW_LIMIT);
  if (limit === undefined || limit < 1 || limit > MAX_ROW_LIMIT)
    fail('limit', `expected a whole number from 1 to ${MAX_ROW_LIMIT}${got(limitText)}`);
  const offsetText = single('offset');
  const offset = wholeNumber(offsetText, 0);
  const cursor = single('cursor');
  if (offset === undefined) fail('offset', `expected a whole number${got(offsetText)}`);
  else if (offset > 0 && cursor !== undefined)
    fail('offset', 'give offset or cursor, not both: a cursor already says where to go on');
  else if (limit !== undefined && offset + limit > MAX_OFFSET_WINDOW)
    fail(
      'offset',
      `offset + limit may be at most ${MAX_OFFSET_WINDOW}; to read further, page with cursors: pass the answer's \`next\` back as cursor`,
    );
  if (cursor !== undefined && cursor.length > 2000)
    fail('cursor', 'expected at most 2000 characters');

  const count = oneOf(single('count'), COUNT_MODES, 'estimate', 'count', fail);
  const format = oneOf(single('format'), ROW_FORMATS, 'json', 'format', fail);
  if (format === 'geojson' && !coordinateColumns(fields))
    fail(
      'format',
      'this dataset has no coordinates: geojson needs a longitude column (lng, lon, longitude or 经度) and a latitude column (lat, latitude or 纬度) holding numbers',
    );

  const filters: RowFilter[] = [];
  for (const name of new Set(params.keys())) {
    if ((RESERVED_PARAMETERS as readonly string[]).includes(name)) continue;
    const values = params.getAll(name);
    if (values.length > 1) {
      fail(name, `given ${values.length} times; give it once (for any of several values: __in)`);
      continue;
    }
    const filter = readFilter(name, values[0]!, byName, columnList, fail);
    if (filter) filters.push(filter);
  }
  if (filters.length > MAX_FILTERS)
    fail(filters[MAX_FILTERS]!.param, `at most ${MAX_FILTERS} filters may be given at once`);

  if (problems.length > 0) throw new DatarunError(problems);
  return {
    fields: chosen.length > 0 ? chosen : fields.map((f) => f.name),
    filters,
    q: qText.split(/\s+/).filter(Boolean),
    sort,
    limit: limit!,
    offset: offset!,
    ...(cursor !== undefined && { cursor }),
    count,
    format,
  };
}

/** Reads `version`: absent for the latest, else a version number. */
export function readVersion(params: URLSearchParams): number | undefined {
  const values = params.getAll('version').filter((v) => v.trim() !== '');
  const fail = (message: string) => {
    throw new DatarunError(problem('invalid-field', `version: ${message}`, { field: 'version' }));
  };
  if (values.length > 1) fail(`given ${values.length} times; give it once`);
  if (values.length === 0) return undefined;
  const version = wholeNumber(values[0], 0);
  if (version === undefined || version < 1)
    fail(`expected a version number such as 1${got(values[0])}`);
  return version;
}

function readFilter(
  name: string,
  raw: string,
  byName: ReadonlyMap<string, FieldShape>,
  columnList: string,
  fail: (field: string, message: string) => void,
): RowFilter | undefined {
  const match = OPERATOR_SUFFIX.exec(name);
  const suffix = match?.[2];
  const isOperator =
    suffix !== undefined && (FILTER_OPERATORS as readonly string[]).includes(suffix);
  let column: string;
  let operator: FilterOperator;
  if (match && isOperator && byName.has(match[1]!)) {
    column = match[1]!;
    operator = suffix as FilterOperator;
  } else if (byName.has(name)) {
    column = name;
    operator = 'eq';
  } else if (match && byName.has(match[1]!)) {
    fail(
      name,
      `unknown operator __${suffix}; the operators are ${FILTER_OPERATORS.map((o) => `__${o}`).join(', ')}`,
    );
    return undefined;
  } else {
    const missing = match && isOperator ? match[1]! : name;
    fail(name, `no column ${JSON.stringify(missing)} in this dataset; ${columnList}`);
    return undefined;
  }
  const field = byName.get(column)!;
  if ((operator === 'contains' || operator === 'startswith') && field.type !== 'string') {
    fail(name, `__${operator} works on text columns; ${column} holds ${field.type} values`);
    return undefined;
  }
  const items = operator === 'in' ? readList(name, raw, fail) : [raw];
  if (!items) return undefined;
  if (items.length > MAX_IN_VALUES) {
    fail(name, `at most ${MAX_IN_VALUES} values may be listed; got ${items.length}`);
    return undefined;
  }
  const values: (Literal | null)[] = [];
  for (const item of items) {
    if (item.length > MAX_VALUE_LENGTH) {
      fail(name, `a value may be at most ${MAX_VALUE_LENGTH} characters`);
      return undefined;
    }
    // An empty value stands for an empty cell where equality is asked; text compares as text.
    const nullable = operator === 'eq' || operator === 'ne' || operator === 'in';
    if (item === '' && nullable) {
      values.push(null);
      continue;
    }
    const value =
      operator === 'contains' || operator === 'startswith' ? item : parseLiteral(field.type, item);
    if (value === undefined) {
      fail(name, `${expectedValue(field.type, item)} (got ${JSON.stringify(item)})`);
      return undefined;
    }
    values.push(value);
  }
  return { param: name, column, operator, values, raw };
}

/** The items of `__in`: a comma list, or a JSON array when a value holds a comma. */
function readList(
  name: string,
  raw: string,
  fail: (field: string, message: string) => void,
): string[] | undefined {
  if (!raw.trimStart().startsWith('[')) return raw.split(',');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (!Array.isArray(parsed) || !parsed.every(scalar)) {
    fail(name, 'a list starting with [ is read as a JSON array of values, and this one is not');
    return undefined;
  }
  return parsed.map((v: unknown) => (v === null ? '' : String(v)));
}

function wholeNumber(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

function oneOf<T extends string>(
  text: string | undefined,
  allowed: readonly T[],
  fallback: T,
  name: string,
  fail: (field: string, message: string) => void,
): T {
  if (text === undefined) return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  fail(name, `expected one of ${allowed.join(', ')}${got(text)}`);
  return fallback;
}

function got(text: string | undefined): string {
  return text === undefined ? '' : ` (got ${JSON.stringify(text.slice(0, 100))})`;
}

function listColumns(fields: readonly FieldShape[]): string {
  const names = fields.slice(0, 30).map((f) => f.name);
  const more = fields.length > 30 ? ` and ${fields.length - 30} more` : '';
  return `the columns are ${names.join(', ')}${more}`;
}
