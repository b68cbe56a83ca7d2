import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runRowQuery } from '../../../functions/src/core/rows/row-query.ts';
import { parseRowQuery } from '../../../functions/src/core/rows/row-query-params.ts';
import { buildTable, naiveRows } from './naive-rows.ts';
import type { Cells, Field, NaiveFilter, NaiveQuery } from './naive-rows.ts';

const FIELDS: Field[] = [
  { name: 'name', type: 'string' },
  { name: 'n', type: 'integer' },
  { name: 'x', type: 'number' },
  { name: 'b', type: 'boolean' },
  { name: 'd', type: 'date' },
  { name: 't', type: 'datetime' },
];

/** Cell values per column, '' for empty: Unicode edge cases, look-alikes and injection text. */
const POOLS: Record<string, string[]> = {
  name: [
    'a',
    'A',
    'ab',
    'b',
    '北京',
    '北京市',
    'ＡＢ',
    'é',
    'e\u0301',
    '😀',
    '😀x',
    '（',
    '.*',
    "'; DROP TABLE x; --",
    '=1+1',
    '__proto__',
    '',
  ],
  n: ['-3', '0', '1', '2', '9007199254740993', ''],
  x: ['0', '1.5', '-2', '1000', '0.25', ''],
  b: ['true', 'false', ''],
  d: ['2023-01-01', '2023-01-02', '1999-12-31', ''],
  t: [
    '2023-01-01T00:00:00',
    '2023-01-01T08:00:00+08:00',
    '2023-01-01T00:00:00Z',
    '2022-12-31T23:00:00-01:00',
    '2023-01-01T00:00:00.5Z',
    '2024-02-29T12:30:00+05:30',
    '',
  ],
};
const PIECES = ['a', 'A', '北', '😀', '', 'e', '.', '\u0301', '*', '_'];
const WORDS = ['a', '北京', 'ａ', 'E', '😀', 'é', 'drop', '（'];
const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startswith'];

const cells = (field: Field) => fc.constantFrom(...POOLS[field.name]!);
const rowArb: fc.Arbitrary<Cells> = fc.tuple(...FIELDS.map(cells));

/** A filter the parser accepts: text operators only on the text column, values of the type. */
const filterArb: fc.Arbitrary<NaiveFilter> = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS))
  .chain(([field, operator]) => {
    const values = POOLS[field.name]!.filter((v) => v !== '');
    if (operator === 'contains' || operator === 'startswith')
      return fc.constantFrom(...PIECES).map((v) => ({ column: 'name', operator, values: [v] }));
    const value = fc.constantFrom(...values, ...(field.type === 'datetime' ? ['2023-01-01'] : []));
    if (operator === 'in')
      return fc
        .array(fc.option(value, { nil: null }), { minLength: 1, maxLength: 4 })
        .map((vs) => ({ column: field.name, operator, values: vs }));
    if (operator === 'eq' || operator === 'ne')
      return fc
        .option(value, { nil: null })
        .map((v) => ({ column: field.name, operator, values: [v] }));
    return value.map((v) => ({ column: field.name, operator, values: [v] }));
  });

const queryArb: fc.Arbitrary<NaiveQuery> = fc.record({
  filters: fc.uniqueArray(filterArb, {
    maxLength: 3,
    selector: (f) => `${f.column}__${f.operator}`,
  }),
  q: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }),
  sort: fc.uniqueArray(
    fc.record({ column: fc.constantFrom(...FIELDS.map((f) => f.name)), desc: fc.boolean() }),
    { maxLength: 3, selector: (k) => k.column },
  ),
});

/** The query string a client would send for the model's query. */
function paramsOf(query: NaiveQuery, extra: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams(extra);
  for (const filter of query.filters)
    params.append(
      `${filter.column}__${filter.operator}`,
      filter.values.map((v) => v ?? '').join(','),
    );
  if (query.q.length > 0) params.set('q', query.q.join(' '));
  if (query.sort.length > 0)
    params.set('sort', query.sort.map((k) => `${k.desc ? '-' : ''}${k.column}`).join(','));
  return params;
}

const scope = { code: '103/000004', version: 1 };

/** Every row the engine gives when the pages are walked by their cursors. */
function walk(rows: Cells[], query: NaiveQuery, limit: number): { rows: number[]; pages: number } {
  const table = buildTable(FIELDS, rows);
  const seen: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const params = paramsOf(query, { limit: String(limit), ...(cursor && { cursor }) });
    const page = runRowQuery(table, parseRowQuery(params, FIELDS), scope);
    seen.push(...page.rows);
    cursor = page.next;
    pages++;
    if (pages > rows.length + 2) throw new Error('the cursors never end');
  } while (cursor);
  return { rows: seen, pages };
}

describe('runRowQuery', () => {
  it('gives, walked page by page through its cursors, exactly the rows a plain filter and sort give', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        queryArb,
        fc.integer({ min: 1, max: 7 }),
        (rows, query, limit) => {
          const expected = naiveRows(FIELDS, rows, query);
          const { rows: seen, pages } = walk(rows, query, limit);
          expect(seen).toEqual(expected);
          expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts exactly with count=exact, and flags any estimate it makes', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), queryArb, (rows, query) => {
        const table = buildTable(FIELDS, rows);
        const expected = naiveRows(FIELDS, rows, query).length;
        const exact = runRowQuery(
          table,
          parseRowQuery(paramsOf(query, { limit: '2', count: 'exact' }), FIELDS),
          scope,
        );
        expect(exact.total).toEqual({ value: expected, exact: true });
        const estimated = runRowQuery(
          table,
          parseRowQuery(paramsOf(query, { limit: '2' }), FIELDS),
          scope,
        );
        if (estimated.total!.exact) expect(estimated.total!.value).toBe(expected);
        const none = runRowQuery(
          table,
          parseRowQuery(paramsOf(query, { count: 'none' }), FIELDS),
          scope,
        );
        expect(none.total).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('skips `offset` matching rows', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        queryArb,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        (rows, query, offset, limit) => {
          const table = buildTable(FIELDS, rows);
          const params = paramsOf(query, { offset: String(offset), limit: String(limit) });
          const page = runRowQuery(table, parseRowQuery(params, FIELDS), scope);
          expect([...page.rows]).toEqual(
            naiveRows(FIELDS, rows, query).slice(offset, offset + limit),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds rows in a large table through the indexes, walking to the last page', () => {
    const rows: Cells[] = Array.from({ length: 20_000 }, (_, i) => [
      `区${i % 97}`,
      String(i % 1000),
      String((i * 7) % 13),
      i % 3 === 0 ? 'true' : 'false',
      `2023-01-${String((i % 28) + 1).padStart(2, '0')}`,
      '',
    ]);
    for (const query of [
      { filters: [{ column: 'name', operator: 'eq', values: ['区5'] }], q: [], sort: [] },
      {
        filters: [
          { column: 'name', operator: 'eq', values: ['区5'] },
          { column: 'n', operator: 'gte', values: ['500'] },
        ],
        q: [],
        sort: [{ column: 'd', desc: true }],
      },
      { filters: [{ column: 'n', operator: 'in', values: ['1', '2', '999'] }], q: [], sort: [] },
      { filters: [], q: ['区9'], sort: [{ column: 'x', desc: false }] },
    ] satisfies NaiveQuery[])
      expect(walk(rows, query, 37).rows).toEqual(naiveRows(FIELDS, rows, query));
  });

  it('answers a filter no row can match with an empty page and a total of 0', () => {
    const table = buildTable(FIELDS, [['a', '1', '1', 'true', '2023-01-01', '']]);
    const page = runRowQuery(table, parseRowQuery(new URLSearchParams('name=zzz'), FIELDS), scope);
    expect(page).toEqual({ rows: new Int32Array(0), total: { value: 0, exact: true } });
  });

  it('treats regular-expression characters in contains, startswith and q as plain text', () => {
    const table = buildTable(FIELDS, [
      ['a.c', '', '', '', '', ''],
      ['abc', '', '', '', '', ''],
      ['.*', '', '', '', '', ''],
    ]);
    const rows = (query: string) => [
      ...runRowQuery(table, parseRowQuery(new URLSearchParams(query), FIELDS), scope).rows,
    ];
    expect(rows('name__contains=.')).toEqual([0, 2]);
    expect(rows('name__startswith=.*')).toEqual([2]);
    expect(rows('q=a.c')).toEqual([0]);
    expect(rows('name__contains=(')).toEqual([]);
  });
});
