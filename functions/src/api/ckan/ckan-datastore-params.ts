import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import { parseResourceId, resourceId } from './ckan-ids.ts';
import type { ResourceTarget } from './ckan-ids.ts';
import { paramError, readBoolean, readNatural, readText } from './ckan-params.ts';
import type { CkanParams } from './ckan-params.ts';

/**
 * Translates the parameters of CKAN's `datastore_search` into a datarun row query. The row
 * query takes `fields=a,b`, `col=value` (equality), `col__in=a,b`, `q=text`, `sort=col,-col`,
 * `limit`, `offset` and `count=exact|none`. What it cannot express is refused with a
 * DatarunError naming the parameter, never approximated: PostgreSQL full-text syntax
 * (`plain=false`), per-column text search (`q` as an object), `distinct`, filter operators
 * (`{"lt": …}`, `$or`), `nulls first|last`, and values the row query cannot carry (null, a
 * comma inside a list value, columns named like its own parameters). Values are passed as
 * plain text, whatever they look like: the row engine compares them, it never runs them.
 */

/** CKAN's default page (`ckan.datastore.search.rows_default`). */
export const DATASTORE_DEFAULT_LIMIT = 100;
/**
 * The most rows one page may hold. CKAN allows 32,000; datarun's row query serves at most
 * 1,000, and a larger `limit` is cut to it, as CKAN cuts one above its own maximum.
 */
export const DATASTORE_MAX_LIMIT = 1000;

/** A row query: which version's rows, and the row-query parameters. */
export type DatastoreQuery = { target: ResourceTarget; params: URLSearchParams };

const ACCEPTED = new Set([
  'resource_id',
  'id',
  'filters',
  'q',
  'full_text',
  'plain',
  'language',
  'limit',
  'offset',
  'fields',
  'sort',
  'distinct',
  'include_total',
  'total_estimation_threshold',
  'records_format',
  'include_next_page',
]);

/** Row-query parameters: a column of one of these names cannot be filtered on. */
const ROW_QUERY_PARAMS = new Set(['fields', 'q', 'sort', 'limit', 'offset', 'count', 'cursor']);
/** Names the row query may read as `column__operator`. */
const OPERATOR_SUFFIX = /__[a-z]+$/;

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/** Translates datastore_search parameters; throws a DatarunError listing every problem. */
export function translateDatastoreSearch(input: CkanParams): DatastoreQuery {
  const problems: Problem[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof DatarunError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  for (const name of Object.keys(input))
    if (!ACCEPTED.has(name))
      problems.push(
        problem(
          'invalid-field',
          `The input field ${name} was not expected; datastore_search takes ${[...ACCEPTED].join(', ')}`,
          {
            field: name,
          },
        ),
      );

  const target = attempt(() => readTarget(input));
  const params = new URLSearchParams();
  const fields = attempt(() => readColumns(input, 'fields'));
  if (fields?.length) params.set('fields', fields.join(','));
  for (const [name, value] of attempt(() => readFilters(input)) ?? []) params.append(name, value);
  const q = attempt(() => readSearch(input));
  if (q) params.set('q', q);
  const sort = attempt(() => readSort(input));
  if (sort?.length) params.set('sort', sort.join(','));
  const limit = attempt(() => readNatural(input, 'limit')) ?? DATASTORE_DEFAULT_LIMIT;
  params.set('limit', String(Math.min(limit, DATASTORE_MAX_LIMIT)));
  params.set('offset', String(attempt(() => readNatural(input, 'offset')) ?? 0));
  const total = attempt(() => readBoolean(input, 'include_total', true));
  params.set('count', total === false ? 'none' : 'exact');
  attempt(() => refuseOptions(input));

  if (problems.length > 0 || !target) throw new DatarunError(problems);
  return { target, params };
}

/** `resource_id` (or CKAN's alias `id`): a datastore-active resource, the CSV of a version. */
function readTarget(input: CkanParams): ResourceTarget {
  const byId = readText(input, 'id');
  const byResourceId = readText(input, 'resource_id');
  if (byId !== undefined && byResourceId !== undefined && byId !== byResourceId)
    throw paramError('resource_id', `resource_id and id name different resources; give one`);
  const id = byResourceId ?? byId;
  if (id === undefined) throw paramError('resource_id', 'Missing value');
  const target = parseResourceId(id);
  if (!target)
    throw new DatarunError(
      problem(
        'not-found',
        `Resource "${id}" was not found; resource ids look like 103-000004.v1.csv`,
        { field: 'resource_id' },
      ),
    );
  if (target.format !== 'csv')
    throw new DatarunError(
      problem(
        'not-found',
        `Resource "${id}" was not found in the datastore: only the CSV resource of a version is (${resourceId(target.code, target.version, 'csv')})`,
        { field: 'resource_id' },
      ),
    );
  return target;
}

/** A column name as the row query can carry it in a comma-separated list. */
function checkColumn(name: string, parameter: string, column: string): string {
  if (column === '') throw paramError(parameter, `${name}: a column name is empty`);
  if (column.includes(','))
    throw paramError(
      parameter,
      `${name}: column "${column}" contains a comma, which the row query cannot take in a list`,
    );
  return column;
}

/** CKAN strips one pair of double quotes from each name of a comma-separated list. */
const unquote = (name: string) => {
  const trimmed = name.trim();
  return trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
};

/** `fields`: a comma-separated string or a list of names. */
function readColumns(input: CkanParams, parameter: string): string[] | undefined {
  const value = input[parameter];
  if (value === undefined || value === null || value === '') return undefined;
  const names =
    typeof value === 'string'
      ? value.split(',').map(unquote)
      : Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value.map((item) => item.trim())
        : undefined;
  if (!names)
    throw paramError(
      parameter,
      `expected a comma-separated text or a list of column names, got ${JSON.stringify(value)}`,
    );
  return names.map((column) => checkColumn(parameter, parameter, column));
}

/**
 * `filters`: a JSON object (or its text, in a query string) of column → value, where a list
 * means any of its values. Each becomes `col=value` or `col__in=a,b`.
 */
function readFilters(input: CkanParams): [string, string][] | undefined {
  let value = input.filters;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw paramError(
        'filters',
        `Could not parse as valid JSON: ${JSON.stringify(input.filters)}`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw paramError(
      'filters',
      `expected a JSON object of column → value, got ${JSON.stringify(value)}`,
    );
  const problems: Problem[] = [];
  const pairs: [string, string][] = [];
  for (const [column, wanted] of Object.entries(value)) {
    const fail = (message: string) =>
      problems.push(
        problem('invalid-field', `column "${column}": ${message}`, { field: 'filters' }),
      );
    if (column === '') fail('a column name is empty');
    else if (column.startsWith('$'))
      fail('$or and $and are not supported; give a value or a list of values per column');
    else if (ROW_QUERY_PARAMS.has(column) || OPERATOR_SUFFIX.test(column))
      fail(`cannot be filtered: the row query reads "${column}" as one of its own parameters`);
    else if (isScalar(wanted)) pairs.push([column, String(wanted)]);
    else if (wanted === null) fail('null (no value) cannot be filtered on');
    else if (!Array.isArray(wanted))
      fail('operators such as {"lt": …} are not supported; give a value or a list of values');
    else if (wanted.length === 0) fail('an empty list matches no row; give at least one value');
    else if (!wanted.every(isScalar)) fail('a list may hold text, numbers and booleans only');
    else if (wanted.length === 1) pairs.push([column, String(wanted[0])]);
    else if (wanted.some((one) => String(one).includes(',')))
      fail(
        'a listed value contains a comma, which the row query cannot take in a list; filter on it alone',
      );
    else pairs.push([`${column}__in`, wanted.map(String).join(',')]);
  }
  if (problems.length > 0) throw new DatarunError(problems);
  return pairs;
}

/** Whether text is a JSON object, which CKAN reads a text `q` as when it can (unicode_or_json). */
function isJsonObject(text: string): boolean {
  if (!text.trim().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** `q` (or `full_text`) as plain search text over every column. */
function readSearch(input: CkanParams): string | undefined {
  if (typeof input.q === 'object' && input.q !== null)
    throw paramError(
      'q',
      'searching column by column (q as an object) is not supported; give q as text, or exact values in filters',
    );
  if (typeof input.q === 'string' && isJsonObject(input.q))
    throw paramError(
      'q',
      'searching column by column (q as a JSON object) is not supported; give q as text, or exact values in filters',
    );
  const q = readText(input, 'q');
  const fullText = readText(input, 'full_text');
  if (q !== undefined && fullText !== undefined)
    throw paramError('full_text', 'give q or full_text, not both: both search every column');
  if (!readBoolean(input, 'plain', true))
    throw paramError(
      'plain',
      'plain=false (PostgreSQL tsquery syntax) is not supported; q is always plain text',
    );
  readText(input, 'language');
  return q ?? fullText;
}

const SORT_CLAUSE =
  /^\s*("(?:[^"]|"")+"|[^\s"]+)(?:\s+(asc|desc))?(?:\s+(nulls\s+(?:first|last)))?\s*$/i;

/** `sort`: `col`, `col desc`, `"quoted col" asc`, comma-separated or as a list. */
function readSort(input: CkanParams): string[] | undefined {
  const value = input.sort;
  if (value === undefined || value === null || value === '') return undefined;
  const clauses =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value.flatMap((item: string) => item.split(','))
        : undefined;
  if (!clauses)
    throw paramError(
      'sort',
      `expected text such as "col desc, col2", got ${JSON.stringify(value)}`,
    );
  return clauses.map((clause) => {
    const match = SORT_CLAUSE.exec(clause);
    if (!match) throw paramError('sort', `"${clause.trim()}" is not "column [asc|desc]"`);
    if (match[3])
      throw paramError(
        'sort',
        `"${match[3]}" is not supported; nulls sort as the row query places them`,
      );
    const raw = match[1]!;
    const column = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
    if (column.startsWith('-'))
      throw paramError(
        'sort',
        `column "${column}" starts with -, which the row query reads as descending`,
      );
    checkColumn('sort', 'sort', column);
    return match[2]?.toLowerCase() === 'desc' ? `-${column}` : column;
  });
}

/** Options that would change the answer in ways the row query cannot follow. */
function refuseOptions(input: CkanParams): void {
  if (readBoolean(input, 'distinct', false))
    throw paramError('distinct', 'distinct=true is not supported; rows come as stored');
  const format = readText(input, 'records_format') ?? 'objects';
  if (format !== 'objects')
    throw paramError(
      'records_format',
      `"${format}" is not supported; records come as objects (the default)`,
    );
  if (readBoolean(input, 'include_next_page', false))
    throw paramError('include_next_page', 'not supported; page with offset and limit');
}
