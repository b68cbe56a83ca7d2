import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvLine,
  csvLineWriter,
  jsonRecordWriter,
} from '../../../functions/src/core/ingest/row-writers.ts';
import type { TableField } from '../../../functions/src/core/schemas/dataset-version.ts';
import { parse, parseChunks } from './helpers.ts';

/** Text full of what CSV must quote, plus Chinese and characters outside the BMP. */
const cell = fc
  .array(
    fc.constantFrom(
      'a',
      ' ',
      ',',
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      '中',
      '，',
      '😀',
      '𠀀',
      '\\',
      '\t',
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));
const record = fc.array(cell, { minLength: 1, maxLength: 6 });

const FIELDS: TableField[] = [
  { name: '序号', type: 'integer' },
  { name: '名称', type: 'string' },
  { name: '金额', type: 'number' },
  { name: '有效', type: 'boolean' },
  { name: '日期', type: 'date' },
];

describe('csvLine', () => {
  it('quotes only the fields that need it and ends the line with LF', () => {
    expect(csvLine(['1', '北京', 'a,b', 'say "hi"', 'two\nlines', null, true])).toBe(
      '1,北京,"a,b","say ""hi""","two\nlines",,true\n',
    );
  });

  it('quotes a lone empty value so the line is not read back as blank', () => {
    expect(csvLine([null])).toBe('""\n');
    expect(parse(csvLine(['']) + csvLine(['x'])).map((r) => r.fields)).toEqual([[''], ['x']]);
  });

  it('round-trips any record through the parser (property)', () => {
    fc.assert(
      fc.property(record, (values) => {
        expect(parse(csvLine(values)).map((r) => r.fields)).toEqual([values]);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same records back from a whole file however it is chunked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 9 }),
        (records, size) => {
          const text = records.map(csvLine).join('');
          const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, k) =>
            text.slice(k * size, (k + 1) * size),
          );
          expect(parseChunks(pieces).map((r) => r.fields)).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('csvLineWriter', () => {
  it('writes the same lines as csvLine for rows of its schema', () => {
    const write = csvLineWriter(FIELDS);
    for (const row of [
      ['1', '东华门街道', '12.50', true, '2023-06-30'],
      ['2', '北京,"海淀"', null, false, null],
      [null, null, null, null, null],
    ]) {
      expect(write(row)).toBe(csvLine(row));
    }
    expect(csvLineWriter([{ name: 'only', type: 'string' }])([null])).toBe('""\n');
  });
});

describe('jsonRecordWriter', () => {
  it('writes keys in schema order, numbers from their digits, booleans and null', () => {
    const write = jsonRecordWriter(FIELDS);
    const text = write(['12345678901234567890', '东华门街道', '25.340', false, null]);
    expect(text).toBe(
      '{"序号":12345678901234567890,"名称":"东华门街道","金额":25.340,"有效":false,"日期":null}',
    );
  });

  it('escapes every string into valid JSON (property)', () => {
    const write = jsonRecordWriter([{ name: 'a "quoted" \\ key', type: 'string' }, FIELDS[1]!]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), cell, (a, b) => {
        expect(JSON.parse(write([a, b]))).toEqual({ 'a "quoted" \\ key': a, 名称: b });
      }),
      { numRuns: 500 },
    );
  });

  it('makes a JSON array when records are joined the way the pipeline writes them', () => {
    const write = jsonRecordWriter(FIELDS);
    const rows = [
      ['1', '甲', '1.5', true, '2023-01-01'],
      ['2', null, '-0.25', false, null],
    ] as const;
    const text = `[${rows.map((r) => write(r)).join(',\n')}]`;
    expect(JSON.parse(text)).toEqual([
      { 序号: 1, 名称: '甲', 金额: 1.5, 有效: true, 日期: '2023-01-01' },
      { 序号: 2, 名称: null, 金额: -0.25, 有效: false, 日期: null },
    ]);
  });
});
