import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { CsvParser } from '../../../../functions/src/core/ingest/csv-parser.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import { apiOver, call, failure, publishedStorage } from '../api-under-test.ts';
import type { Answer } from '../api-under-test.ts';

/** Attempts at SQL, JavaScript, regular-expression, CSV-formula and path injection, and odd text. */
const ATTACKS = [
  "' OR '1'='1",
  '1; DROP TABLE rows; --',
  '" OR ""="',
  "1' UNION SELECT * FROM catalog --",
  "%' --",
  '__proto__',
  'constructor',
  'toString',
  '${process.exit(1)}',
  "this.constructor.constructor('return process')().exit()",
  '{"$gt":""}',
  '["a","b"',
  '.*',
  '^.*$',
  '(a+)+$',
  '[',
  '\\',
  '(?<x>',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '１２３',
  '区',
  '😀',
  'e\u0301',
  'x'.repeat(5000),
];
const OPERATORS = [
  '',
  '__eq',
  '__ne',
  '__gt',
  '__gte',
  '__lt',
  '__lte',
  '__in',
  '__contains',
  '__startswith',
];
const AREAS = '/api/v1/datasets/103-000004/rows';
const GDP = '/api/v1/datasets/301-000001/rows';

let storage: TestStorage;
let app: Hono;
let names: string[];

const get = (path: string, name: string, value: string) =>
  call(
    app,
    `${path}?${encodeURIComponent(name)}=${encodeURIComponent(value)}&count=exact&limit=1000`,
  );

/** A 4xx in the envelope naming a parameter, or a 200; never anything else. */
function expectHandled(answer: Answer, label: string): void {
  expect([200, 400], label).toContain(answer.status);
  if (answer.status === 400) expect(failure(answer).errors[0]!.field, label).toBeDefined();
}

const itemsOf = (answer: Answer) =>
  (answer.body as { data: { items: Record<string, unknown>[]; total: { value: number } } }).data;

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  app = apiOver(storage);
  const csv = await call(app, '/open/datasets/103-000004/1/data.csv');
  const rows: string[][] = [];
  const parser = new CsvParser();
  parser.push(csv.text, (fields) => rows.push(fields));
  parser.end((fields) => rows.push(fields));
  names = rows.slice(1).map((row) => row[1]!);
});
afterAll(() => storage?.stop());

describe('row queries under injection attempts', () => {
  it('compares every attempt as a literal value through every operator on a text column', async () => {
    const expected: Record<string, (value: string) => number> = {
      '': (v) => names.filter((n) => n === v).length,
      __eq: (v) => names.filter((n) => n === v).length,
      __ne: (v) => names.filter((n) => n !== v).length,
      __contains: (v) => names.filter((n) => n.includes(v)).length,
      __startswith: (v) => names.filter((n) => n.startsWith(v)).length,
    };
    for (const attack of ATTACKS)
      for (const operator of OPERATORS) {
        const label = `name${operator}=${attack.slice(0, 40)}`;
        const answer = await get(AREAS, `name${operator}`, attack);
        expectHandled(answer, label);
        if (answer.status !== 200) {
          // Refused only for length, or as an __in list starting with [ that is not JSON.
          const jsonList = operator === '__in' && attack.startsWith('[');
          expect(attack.length > 1000 || jsonList, label).toBe(true);
          continue;
        }
        const count = expected[operator];
        if (count) expect(itemsOf(answer).total.value, label).toBe(count(attack));
        if (operator === '__in')
          for (const item of itemsOf(answer).items)
            expect(attack.split(','), label).toContain(item.name);
      }
  });

  it('refuses every attempt as a value of a number column, naming the parameter', async () => {
    for (const attack of ATTACKS)
      for (const operator of OPERATORS.filter((o) => !['__contains', '__startswith'].includes(o))) {
        const name = `2020年${operator}`;
        const answer = await get(GDP, name, attack);
        expect(answer.status, `${name}=${attack.slice(0, 40)}`).toBe(400);
        expect(failure(answer).errors[0]!.field).toBe(name);
      }
  });

  it('answers every attempt in q, sort, fields, cursor, format, count and as a column name with a 200 or a 400', async () => {
    for (const attack of ATTACKS) {
      const q = await get(AREAS, 'q', attack);
      expectHandled(q, `q=${attack.slice(0, 40)}`);
      for (const parameter of [
        'sort',
        'fields',
        'cursor',
        'format',
        'count',
        'limit',
        'offset',
        'version',
      ]) {
        const answer = await get(AREAS, parameter, attack);
        expect(answer.status, `${parameter}=${attack.slice(0, 40)}`).toBe(400);
        expect(failure(answer).errors.map((e) => e.field)).toContain(parameter);
      }
      for (const name of [attack, `${attack}__gt`, `name__${attack}`]) {
        const answer = await get(AREAS, name, '1');
        expect(answer.status, `${name.slice(0, 40)}=1`).toBe(400);
      }
    }
  });

  it('refuses malformed percent-encoding and encoded lone surrogates in names and values', async () => {
    for (const query of [
      'q=%',
      'q=%E4%B8',
      'q=%ED%A0%80',
      'name%ED%B0%80=1',
      'name=%C0%AF',
      'name=%FF',
    ]) {
      const answer = await call(app, `${AREAS}?${query}`);
      expect(answer.status, query).toBe(400);
      expect(failure(answer).error, query).toContain('percent-encoding');
    }
  });

  it('keeps answering, with nothing polluted, after all of it', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    const answer = await call(app, `${AREAS}?name=东城区`);
    expect(answer.status).toBe(200);
    expect(itemsOf(answer).items).toEqual([
      { code: '110101', name: '东城区', cityCode: '1101', provinceCode: '11' },
    ]);
  });
});
