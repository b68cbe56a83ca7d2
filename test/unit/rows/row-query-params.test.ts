import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import {
  MAX_IN_VALUES,
  parseRowQuery,
  readVersion,
} from '../../../functions/src/core/rows/row-query-params.ts';
import type { Field } from './naive-rows.ts';

const FIELDS: Field[] = [
  { name: 'name', type: 'string' },
  { name: '人口', type: 'integer' },
  { name: 'rate', type: 'number' },
  { name: 'open', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'datetime' },
  { name: 'limit', type: 'integer' },
];

const parse = (query: string, fields = FIELDS) => parseRowQuery(new URLSearchParams(query), fields);

function problemsOf(run: () => unknown): Problem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DatarunError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a DatarunError');
}

/** The fields named by the problems of a query string, each message starting with its field. */
function badFields(query: string): string[] {
  const problems = problemsOf(() => parse(query));
  for (const p of problems) expect(p.message.startsWith(`${p.field}: `), p.message).toBe(true);
  return problems.map((p) => p.field!);
}

describe('parseRowQuery', () => {
  it('reads defaults: every column, 100 rows, estimated count, JSON', () => {
    expect(parse('')).toEqual({
      fields: FIELDS.map((f) => f.name),
      filters: [],
      q: [],
      sort: [],
      limit: 100,
      offset: 0,
      count: 'estimate',
      format: 'json',
    });
  });

  it('reads filters typed by their column', () => {
    const query = parse(
      'name=北京&人口__gte=-12&rate__lt=2.5e3&open=否&day__gt=2023/6/1&at__lte=2023-06-30 14:05%2B0800&name__in=a,,b',
    );
    expect(query.filters.map((f) => [f.column, f.operator, f.values])).toEqual([
      ['name', 'eq', ['北京']],
      ['人口', 'gte', [-12]],
      ['rate', 'lt', [2500]],
      ['open', 'eq', [false]],
      ['day', 'gt', ['2023-06-01']],
      ['at', 'lte', [Date.UTC(2023, 5, 30, 6, 5)]],
      ['name', 'in', ['a', null, 'b']],
    ]);
  });

  it('reads an empty value as an empty cell for equality, and a JSON array for __in', () => {
    expect(parse('人口=').filters[0]!.values).toEqual([null]);
    expect(parse('name__in=["a,b","c",null]').filters[0]!.values).toEqual(['a,b', 'c', null]);
  });

  it('filters a column named like a parameter with __eq', () => {
    const query = parse('limit=5&limit__eq=7');
    expect(query.limit).toBe(5);
    expect(query.filters).toMatchObject([{ column: 'limit', operator: 'eq', values: [7] }]);
  });

  it('names the parameter and the expected type when a value does not parse', () => {
    const problems = problemsOf(() =>
      parse('人口__gt=1.5&rate=abc&open=yes&day=2023-02-30&at=noon'),
    );
    expect(problems.map((p) => p.field)).toEqual(['人口__gt', 'rate', 'open', 'day', 'at']);
    expect(problems[0]!.message).toContain('expected an integer');
    expect(problems[1]!.message).toContain('expected a number');
    expect(problems[2]!.message).toContain('true or false');
    expect(problems[3]!.message).toContain('a date');
  });

  it('refuses full-width digits in typed filters and says how to write them', () => {
    for (const query of ['人口=１２３', 'rate__gt=１.５', 'day=２０２３-01-01']) {
      const [problem] = problemsOf(() => parse(query));
      expect(problem!.message).toContain('full-width digits');
    }
    expect(parse('name=１２３').filters[0]!.values).toEqual(['１２３']);
  });

  it('names unknown columns and unknown operators', () => {
    const problems = problemsOf(() => parse('nope=1&name__like=a&nope__gt=2&name__GT=a'));
    expect(problems.map((p) => p.field)).toEqual(['nope', 'name__like', 'nope__gt', 'name__GT']);
    expect(problems[0]!.message).toContain('no column "nope"');
    expect(problems[1]!.message).toContain('unknown operator __like');
    expect(problems[2]!.message).toContain('no column "nope"');
  });

  it('keeps __contains and __startswith to text columns', () => {
    expect(badFields('人口__contains=1&day__startswith=2023')).toEqual([
      '人口__contains',
      'day__startswith',
    ]);
  });

  it('refuses a filter given twice, and more than the allowed __in values', () => {
    expect(badFields('name=a&name=b')).toEqual(['name']);
    const many = Array.from({ length: MAX_IN_VALUES + 1 }, (_, i) => i).join(',');
    expect(badFields(`人口__in=${many}`)).toEqual(['人口__in']);
    expect(
      parse(`人口__in=${many.slice(0, many.lastIndexOf(','))}`).filters[0]!.values,
    ).toHaveLength(MAX_IN_VALUES);
  });

  it('checks fields, sort, limit, count and format, all problems at once', () => {
    expect(
      badFields(
        'fields=name,nope&sort=-nope&limit=1001&count=maybe&format=xml&q=' + 'x'.repeat(201),
      ),
    ).toEqual(['fields', 'q', 'sort', 'limit', 'count', 'format']);
    expect(badFields('sort=name,-name')).toEqual(['sort']);
    for (const limit of ['0', '-1', '2.5', '1e3', '１０'])
      expect(badFields(`limit=${limit}`)).toEqual(['limit']);
  });

  it('allows offset only while offset + limit is at most 10,000, and points beyond to cursors', () => {
    expect(parse('offset=9900&limit=100').offset).toBe(9900);
    const [problem] = problemsOf(() => parse('offset=9901&limit=100'));
    expect(problem).toMatchObject({ field: 'offset', message: expect.stringContaining('cursor') });
    expect(badFields('offset=10&cursor=abc')).toEqual(['offset']);
    expect(badFields('offset=-1')).toEqual(['offset']);
  });

  it('refuses geojson for a dataset without coordinates, and reads it for one with them', () => {
    const [problem] = problemsOf(() => parse('format=geojson'));
    expect(problem).toMatchObject({
      field: 'format',
      message: expect.stringContaining('no coordinates'),
    });
    const withCoordinates: Field[] = [
      { name: '经度', type: 'number' },
      { name: 'LAT', type: 'number' },
    ];
    expect(parse('format=geojson', withCoordinates).format).toBe('geojson');
  });

  it('keeps emoji and combining characters in q as they are', () => {
    expect(parse('q=😀 e\u0301').q).toEqual(['😀', 'e\u0301']);
  });

  it('never fails other than with a problem naming a parameter, whatever the query string', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), {
          maxLength: 6,
        }),
        (pairs) => {
          try {
            parseRowQuery(new URLSearchParams(pairs), FIELDS);
          } catch (error) {
            expect(error).toBeInstanceOf(DatarunError);
            for (const p of (error as DatarunError).problems) expect(p.field).toBeDefined();
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('readVersion', () => {
  it('reads a version number, or nothing for the latest', () => {
    expect(readVersion(new URLSearchParams('version=2'))).toBe(2);
    expect(readVersion(new URLSearchParams(''))).toBeUndefined();
  });

  it('names version when it is not a version number or is given twice', () => {
    for (const query of ['version=0', 'version=v1', 'version=1&version=2', 'version=１'])
      expect(problemsOf(() => readVersion(new URLSearchParams(query)))[0]!.field).toBe('version');
  });
});
