import { badQuery } from './ckan-errors.ts';
import { readBoolean, readInteger, readNatural, readText, readTextList } from './ckan-params.ts';
import type { CkanParams } from './ckan-params.ts';

/**
 * The parameters of `package_search`, read as CKAN reads them. CKAN hands `q` and `fq` to
 * Solr; datarun has no Solr, so this module reads the part of the Lucene syntax that clients
 * and harvesters send (`organization:nbs`, `+tags:"行政 区划"`, `-groups:x`,
 * `organization:a OR organization:b`, `res_format:(CSV OR JSON)`,
 * `metadata_modified:[2024-01-01T00:00:00Z TO *]`) and refuses the rest with a
 * `Search Query Error` that says what is supported. Pure: no catalog is read here.
 */

/** Fields whose values are compared whole, as Solr string fields are. */
export const TERM_FIELDS = [
  'id',
  'name',
  'organization',
  'owner_org',
  'agency',
  'tags',
  'res_format',
  'groups',
  'category',
  'openType',
  'format',
  'updateCycle',
  'license_id',
  'state',
  'capacity',
  'dataset_type',
] as const;
export type TermField = (typeof TERM_FIELDS)[number];

/** Fields that take ranges: two times and two counts. */
export const RANGE_FIELDS = [
  'metadata_modified',
  'metadata_created',
  'num_resources',
  'num_tags',
] as const;
export type RangeField = (typeof RANGE_FIELDS)[number];
const TIME_FIELDS: ReadonlySet<RangeField> = new Set(['metadata_modified', 'metadata_created']);

/** Fields that search text: their words join `q`, as CKAN's catch-all `text` field does. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['text', 'title', 'notes']);

/** Fields `facet.field` may name. */
export const FACET_FIELDS = [
  'organization',
  'tags',
  'res_format',
  'groups',
  'license_id',
  'agency',
  'category',
  'openType',
  'format',
  'updateCycle',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** Fields results can be sorted on. `score` is the relevance of `q`. */
export const SORT_FIELDS = [
  'score',
  'metadata_modified',
  'metadata_created',
  'title_string',
  'name',
  'id',
  'num_resources',
  'num_tags',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** CKAN's defaults and its cap on `rows` (`ckan.search.rows_max`). */
export const DEFAULT_ROWS = 10;
export const MAX_ROWS = 1000;
export const DEFAULT_SORT = 'score desc, metadata_modified desc';
export const DEFAULT_FACET_LIMIT = 50;
const MAX_QUERY_LENGTH = 4000;

/** One end of a range: a time in milliseconds or a count. */
export type Bound = { value: number; inclusive: boolean };

/** One condition on a field; `negate` turns "has one of" into "has none of". */
export type Clause =
  | { field: TermField; negate: boolean; values: readonly string[] | 'any' }
  | { field: RangeField; negate: boolean; min?: Bound; max?: Bound };

/** Every group must hold; within a group, any one clause (OR). */
export type Filter = readonly (readonly Clause[])[];

export type SortPart = { field: SortField; descending: boolean };

/** A package search, ready to run against a catalog. */
export type PackageSearch = {
  /** Words for the full-text search; empty matches every entry. */
  text: string;
  filter: Filter;
  sort: readonly SortPart[];
  /** The sort as the client gave it (or the default), which the answer repeats. */
  sortText: string;
  rows: number;
  start: number;
  /** Absent when the client turned facets off with `facet=false`. */
  facet?: { fields: readonly FacetField[]; limit: number; mincount: number };
};

/** Parameters package_search reads; `ext_*` parameters (for CKAN extensions) are ignored too. */
const ACCEPTED = new Set([
  'q',
  'fq',
  'fq_list',
  'rows',
  'start',
  'sort',
  'facet',
  'facet.field',
  'facet.limit',
  'facet.mincount',
  'include_private',
  'include_drafts',
  'include_deleted',
  'use_default_schema',
]);

/** Solr parameters CKAN passes on that cannot mean anything here. */
const REFUSED: Readonly<Record<string, string>> = {
  fl: 'results are always whole packages',
  qf: 'the fields searched and their weights are fixed',
  bf: 'ranking is fixed',
  boost: 'ranking is fixed',
  tie: 'ranking is fixed',
  mm: 'every search word must match',
  defType: 'there is no Solr query parser to choose',
  df: 'the fields searched are fixed',
  wt: 'answers are always JSON',
  callback: 'JSONP is not offered; CORS lets any origin read the API',
};

const list = (values: readonly string[]) => values.join(', ');

/** Reads and checks the parameters of package_search. */
export function parsePackageSearch(params: CkanParams): PackageSearch {
  const names = Object.keys(params);
  const refused = names.find((name) => name in REFUSED);
  if (refused) throw badQuery(refused, `not supported by datarun: ${REFUSED[refused]}`);
  const unknown = names.filter((name) => !ACCEPTED.has(name) && !name.startsWith('ext_'));
  if (unknown.length > 0)
    throw badQuery(
      unknown[0]!,
      `Invalid search parameters: ${JSON.stringify(unknown)}; package_search takes ${list([...ACCEPTED])}`,
    );
  for (const flag of ['include_private', 'include_drafts', 'include_deleted', 'use_default_schema'])
    readBoolean(params, flag, false);

  const q = parseQ(readText(params, 'q') ?? '');
  const fqs = [readText(params, 'fq'), ...(readTextList(params, 'fq_list') ?? [])];
  const filter = [...q.filter];
  for (const fq of fqs) if (fq !== undefined) filter.push(...parseFilter(fq, 'fq').filter);

  const sortText = readText(params, 'sort')?.trim() || DEFAULT_SORT;
  const rows = Math.min(readNatural(params, 'rows') ?? DEFAULT_ROWS, MAX_ROWS);
  const start = readNatural(params, 'start') ?? 0;
  const facetOn = readBoolean(params, 'facet', true);
  const fields = readTextList(params, 'facet.field') ?? [];
  for (const field of fields)
    if (!(FACET_FIELDS as readonly string[]).includes(field))
      throw badQuery('facet.field', `cannot count "${field}"; facet fields: ${list(FACET_FIELDS)}`);
  const limit = readInteger(params, 'facet.limit') ?? DEFAULT_FACET_LIMIT;
  const mincount = readNatural(params, 'facet.mincount') ?? 1;
  return {
    text: q.text,
    filter,
    sort: parseSort(sortText === 'rank' ? DEFAULT_SORT : sortText),
    sortText,
    rows,
    start,
    ...(facetOn && {
      facet: { fields: [...new Set(fields)] as FacetField[], limit, mincount },
    }),
  };
}

/** Reads `sort`: `field direction` pairs separated by commas; the direction defaults to asc. */
export function parseSort(sort: string): SortPart[] {
  return sort.split(',').map((part) => {
    const match = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match)
      throw badQuery('sort', `Invalid "sort" parameter: "${part.trim()}" is not "field asc|desc"`);
    const field = match[1]!;
    if (!(SORT_FIELDS as readonly string[]).includes(field))
      throw badQuery(
        'sort',
        `Invalid "sort" parameter: cannot sort by "${field}"; sortable: ${list(SORT_FIELDS)}`,
      );
    return { field: field as SortField, descending: match[2]?.toLowerCase() === 'desc' };
  });
}

/**
 * Reads `q`. Without a colon it is all search words, handed to the catalog search as the v1
 * API does (CKAN, too, reads a `q` without a colon as plain words). With one, it is read like
 * `fq`, except that words without a field are search words.
 */
export function parseQ(q: string): { text: string; filter: Filter } {
  const trimmed = q.trim();
  if (trimmed === '' || trimmed === '""' || trimmed === "''") return { text: '', filter: [] };
  if (!trimmed.includes(':')) {
    if (trimmed.length > MAX_QUERY_LENGTH)
      throw badQuery('q', `at most ${MAX_QUERY_LENGTH} characters`);
    return { text: trimmed, filter: [] };
  }
  return parseFilter(trimmed, 'q');
}

type Item =
  | { kind: 'clauses'; clauses: Clause[]; negate: boolean }
  | { kind: 'text'; text: string; negate: boolean }
  | { kind: 'all'; negate: boolean };

type Value =
  | { kind: 'values'; values: string[]; op: 'AND' | 'OR' }
  | { kind: 'any' }
  | { kind: 'range'; min: string; max: string; minInclusive: boolean; maxInclusive: boolean };

/**
 * Reads a filter query: clauses `[+|-]field:value` joined by spaces or AND (all must hold) or
 * by OR (any may). OR binds tighter than AND, as in ordinary logic, so
 * `organization:a OR organization:b metadata_modified:[… TO *]` is (a or b) and recent.
 * Values are words, "quoted text", `*` (any value), `(a OR b)` or ranges `[lo TO hi]`.
 * `param` says which parameter is read: in `q`, words without a field are search words.
 */
export function parseFilter(source: string, param: 'q' | 'fq'): { text: string; filter: Filter } {
  if (source.length > MAX_QUERY_LENGTH)
    throw badQuery(param, `at most ${MAX_QUERY_LENGTH} characters`);
  const items = new QueryReader(source, param).items();
  const groups: { item: Item; or: boolean }[][] = [];
  for (const entry of items) {
    if (entry.or) groups.at(-1)!.push(entry);
    else groups.push([entry]);
  }
  const text: string[] = [];
  const filter: Clause[][] = [];
  for (const group of groups) {
    if (group.length > 1 && group.some(({ item }) => item.kind !== 'clauses' || item.negate))
      throw badQuery(
        param,
        'OR can only join field:value clauses without - or NOT; write exclusions as separate clauses',
      );
    if (
      group.length > 1 &&
      group.some(({ item }) => item.kind === 'clauses' && item.clauses.length > 1)
    )
      throw badQuery(
        param,
        'OR cannot join a field:(a AND b) group; give the alternatives one by one',
      );
    const { item } = group[0]!;
    if (group.length > 1) {
      filter.push(group.flatMap(({ item: each }) => (each.kind === 'clauses' ? each.clauses : [])));
    } else if (item.kind === 'text') {
      if (item.negate) throw badQuery(param, `excluding words (-${item.text}) is not supported`);
      if (param === 'fq')
        throw badQuery(param, `"${item.text}" is not field:value; put search words in q`);
      text.push(item.text);
    } else if (item.kind === 'all') {
      if (item.negate) throw badQuery(param, '-*:* would match nothing');
    } else {
      for (const clause of item.clauses) filter.push([clause]);
    }
  }
  return { text: text.join(' '), filter };
}

const OPERATOR = /(AND|OR|NOT|&&|\|\|)(?=\s|$)/y;
const FIELD = /([A-Za-z_][\w.]*|\*):/y;

/** A cursor over a query string that reads it into items; throws on what it cannot read. */
class QueryReader {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly param: 'q' | 'fq',
  ) {}

  private fail(message: string): never {
    throw badQuery(this.param, message);
  }

  private skipSpaces(): void {
    while (this.at < this.source.length && /\s/.test(this.source[this.at]!)) this.at += 1;
  }

  private peek(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    return pattern.exec(this.source);
  }

  items(): { item: Item; or: boolean }[] {
    const items: { item: Item; or: boolean }[] = [];
    let or = false;
    let not = false;
    let operator = '';
    for (;;) {
      this.skipSpaces();
      if (this.at >= this.source.length) break;
      const op = this.peek(OPERATOR);
      if (op) {
        this.at += op[0].length;
        const word = op[1] === '&&' ? 'AND' : op[1] === '||' ? 'OR' : op[1]!;
        if (word === 'NOT') not = !not;
        else if (items.length === 0 || operator) this.fail(`${word} needs a clause on each side`);
        else [operator, or] = [word, word === 'OR'];
        continue;
      }
      let negate = not;
      const sign = this.source[this.at];
      if (sign === '+' || sign === '-') {
        this.at += 1;
        if (sign === '-') negate = !negate;
      }
      if (this.source[this.at] === '(')
        this.fail('parentheses group values after a field name only, as in tags:(a OR b)');
      items.push({ item: this.item(negate), or });
      [or, not, operator] = [false, false, ''];
    }
    if (operator || not) this.fail(`${operator || 'NOT'} at the end has nothing to apply to`);
    return items;
  }

  private item(negate: boolean): Item {
    const field = this.peek(FIELD);
    if (!field) return { kind: 'text', text: this.word(), negate };
    this.at += field[0].length;
    const name = field[1]!;
    const value = this.value(name);
    if (name === '*') {
      if (value.kind !== 'any') this.fail('*: only takes *, as in *:*');
      return { kind: 'all', negate };
    }
    if (TEXT_FIELDS.has(name)) {
      if (value.kind !== 'values' || (value.op === 'OR' && value.values.length > 1))
        this.fail(`${name}: takes search words; every word must match`);
      return { kind: 'text', text: value.values.join(' '), negate };
    }
    if ((TERM_FIELDS as readonly string[]).includes(name))
      return {
        kind: 'clauses',
        clauses: this.termClauses(name as TermField, value, negate),
        negate,
      };
    if ((RANGE_FIELDS as readonly string[]).includes(name))
      return {
        kind: 'clauses',
        clauses: [this.rangeClause(name as RangeField, value, negate)],
        negate,
      };
    return this.fail(
      `unknown field "${name}"; fields: ${list([...TERM_FIELDS, ...RANGE_FIELDS, ...TEXT_FIELDS])}`,
    );
  }

  private termClauses(field: TermField, value: Value, negate: boolean): Clause[] {
    if (value.kind === 'range')
      this.fail(`${field} takes values, not ranges; ranges work on ${list(RANGE_FIELDS)}`);
    if (value.kind === 'any') return [{ field, negate, values: 'any' }];
    if (value.op === 'OR' || value.values.length === 1)
      return [{ field, negate, values: value.values }];
    if (negate) this.fail(`-${field}:(a AND b) is not supported; exclude values one by one`);
    return value.values.map((one) => ({ field, negate, values: [one] }));
  }

  private rangeClause(field: RangeField, value: Value, negate: boolean): Clause {
    if (value.kind === 'any') return { field, negate };
    if (value.kind === 'values') {
      if (value.values.length > 1) this.fail(`${field} takes one value or a range [lo TO hi]`);
      const exact = this.bound(field, value.values[0]!, true);
      return { field, negate, ...(exact && { min: exact, max: exact }) };
    }
    const min = this.bound(field, value.min, value.minInclusive);
    const max = this.bound(field, value.max, value.maxInclusive);
    return { field, negate, ...(min && { min }), ...(max && { max }) };
  }

  private bound(field: RangeField, raw: string, inclusive: boolean): Bound | undefined {
    if (raw === '*') return undefined;
    if (!TIME_FIELDS.has(field)) {
      if (!/^[+-]?\d+$/.test(raw))
        this.fail(`${field}: expected a whole number or *, got "${raw}"`);
      return { value: Number(raw), inclusive };
    }
    const time = parseTime(raw);
    if (time === undefined)
      this.fail(
        `${field}: expected an ISO 8601 time such as 2024-01-01T00:00:00Z or *, got "${raw}"; date math (NOW-1DAY) is not supported`,
      );
    return { value: time, inclusive };
  }

  private value(field: string): Value {
    const char = this.source[this.at];
    if (char === undefined || /\s/.test(char)) this.fail(`${field}: needs a value`);
    if (char === '"') return { kind: 'values', values: [this.quoted()], op: 'AND' };
    if (char === '(') return this.group(field);
    if (char === '[' || char === '{') return this.range(field);
    const word = this.word();
    return word === '*' ? { kind: 'any' } : { kind: 'values', values: [word], op: 'AND' };
  }

  private group(field: string): Value {
    this.at += 1;
    const values: string[] = [];
    const ops = new Set<string>();
    for (;;) {
      this.skipSpaces();
      const char = this.source[this.at];
      if (char === undefined) this.fail(`${field}:( is not closed`);
      if (char === ')') {
        this.at += 1;
        break;
      }
      const op = this.peek(OPERATOR);
      if (op && op[1] !== 'NOT') {
        this.at += op[0].length;
        ops.add(op[1] === '||' || op[1] === 'OR' ? 'OR' : 'AND');
        continue;
      }
      if (char === '(' || char === '[' || char === '{' || op)
        this.fail(`${field}:( ) holds plain values joined by OR or AND`);
      values.push(char === '"' ? this.quoted() : this.word(')'));
    }
    if (values.length === 0) this.fail(`${field}:() is empty`);
    if (ops.size > 1) this.fail(`${field}:( ) mixes AND and OR; use one of them`);
    return { kind: 'values', values, op: ops.has('OR') ? 'OR' : 'AND' };
  }

  private range(field: string): Value {
    const minInclusive = this.source[this.at] === '[';
    this.at += 1;
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.source[this.at];
      if (char === undefined) this.fail(`${field}: the range is not closed with ] or }`);
      if (char === ']' || char === '}') {
        this.at += 1;
        if (parts.length !== 3 || parts[1] !== 'TO')
          this.fail(`${field}: a range is written [lo TO hi], with * for an open end`);
        return {
          kind: 'range',
          min: parts[0]!,
          max: parts[2]!,
          minInclusive,
          maxInclusive: char === ']',
        };
      }
      parts.push(char === '"' ? this.quoted() : this.word(']}'));
    }
  }

  /** A quoted value; a backslash keeps the next character as it is. */
  private quoted(): string {
    let text = '';
    for (this.at += 1; this.at < this.source.length; this.at += 1) {
      const char = this.source[this.at]!;
      if (char === '"') {
        this.at += 1;
        return text;
      }
      if (char === '\\') this.at += 1;
      text += this.source[this.at] ?? '';
    }
    return this.fail('a quote is not closed');
  }

  /** A bare word, up to a space or one of `stops`; a backslash keeps the next character. */
  private word(stops = ''): string {
    let text = '';
    while (this.at < this.source.length) {
      const char = this.source[this.at]!;
      if (/\s/.test(char) || stops.includes(char)) break;
      if (char === '\\') this.at += 1;
      text += this.source[this.at] ?? '';
      this.at += 1;
    }
    if (text === '') this.fail(`expected a value at character ${this.at + 1}`);
    return text;
  }
}

const ISO_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** An ISO 8601 date or time as milliseconds since 1970; no zone means UTC, as in Solr. */
export function parseTime(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const value = Date.parse(`${date}T${time}${millis}${zone}`);
  return Number.isNaN(value) ? undefined : value;
}
