import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { ChunkDecoder } from '../../../functions/src/core/ingest/encoding.ts';
import { csvLine, jsonRecordWriter } from '../../../functions/src/core/ingest/row-writers.ts';
import { compileRowValidator } from '../../../functions/src/core/ingest/row-validator.ts';
import {
  TableReader,
  type TableReaderOptions,
} from '../../../functions/src/core/ingest/table-reader.ts';
import {
  tableSchemaFromFrictionless,
  tableSchemaFromItems,
} from '../../../functions/src/core/ingest/table-schema.ts';
import type { TypedValue } from '../../../functions/src/core/ingest/values.ts';
import type { Item } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';
import { chunks, problemsOf, realBytes, realText } from './helpers.ts';

type Read = { rows: { values: TypedValue[]; line: number }[]; reader: TableReader };

function read(
  schema: TableSchema,
  pieces: readonly string[],
  options: TableReaderOptions = {},
): Read {
  const reader = new TableReader(schema, options);
  const rows: Read['rows'] = [];
  const onRow = (values: TypedValue[], line: number) => rows.push({ values, line });
  for (const piece of pieces) reader.push(piece, onRow);
  reader.end(onRow);
  return { rows, reader };
}

const item = (name: string, type: Item['type'], required = false): Item => ({
  name,
  type,
  required,
  key: false,
});

// The 信息项 the demo catalog declares for the county list (data/entries/103-000004.yaml).
const AREA_ITEMS = [
  item('code', '字符型', true),
  item('name', '字符型', true),
  item('cityCode', '字符型', true),
  item('provinceCode', '字符型', true),
];

describe('TableReader', () => {
  it('keeps division codes as text when the 信息项 declare them 字符型, although inference says integer', () => {
    const schema = tableSchemaFromItems(AREA_ITEMS);
    const { rows, reader } = read(
      schema,
      chunks(realText('cn-admin-divisions-modood/dist/areas.csv'), 65536),
    );
    expect(reader.rows).toBe(2978);
    expect(reader.problems.count).toBe(0);
    expect(rows[0]).toEqual({ values: ['110101', '东城区', '1101', '11'], line: 2 });
    expect(jsonRecordWriter(schema.fields)(rows[0]!.values)).toBe(
      '{"code":"110101","name":"东城区","cityCode":"1101","provinceCode":"11"}',
    );
  });

  it('reads a GBK statistics export with footnote rows, decoded chunk by chunk', () => {
    const schema = tableSchemaFromItems([
      item('指标', '字符型', true),
      ...[
        '2020年',
        '2019年',
        '2018年',
        '2017年',
        '2016年',
        '2015年',
        '2014年',
        '2013年',
        '2012年',
        '2011年',
      ].map((year) => item(year, '数值型')),
    ]);
    const bytes = realBytes('cn-nbs-stats-gbk-csv/data/国内生产总值.csv');
    const decoder = new ChunkDecoder('gb18030');
    const pieces: string[] = [];
    for (let at = 0; at < bytes.length; at += 97)
      pieces.push(decoder.decode(bytes.subarray(at, at + 97)));
    const { rows } = read(schema, [...pieces, decoder.end()]);
    expect(rows[0]!.values.slice(0, 3)).toEqual(['国民总收入(亿元)', '1009151', '984179']);
    expect(rows.at(-1)!.values).toEqual(['数据来源：国家统计局', ...Array(10).fill(null)]);
    // Six figures, three footnote lines and the source line, as the upstream file has them.
    expect(rows).toHaveLength(10);
  });

  it('accepts the empty first header cell of the NBS tables', () => {
    const schema = tableSchemaFromItems([
      item('年份', '字符型', true),
      ...['乡村人口', '城镇人口', '女性人口', '年末总人口', '男性人口'].map((name) =>
        item(name, '数值型'),
      ),
    ]);
    const { rows } = read(schema, [realText('cn-nbs-national-data-utf8/data/zb/人口/总人口.csv')]);
    expect(rows).toHaveLength(37);
    expect(rows[0]).toEqual({
      values: ['1978年', '79014', '17245', '46692', '96259', '49567'],
      line: 2,
    });
  });

  it('reads real data packages against their own schemas', () => {
    const pkg = JSON.parse(realText('frictionless-country-codes/datapackage.json'));
    const { reader } = read(tableSchemaFromFrictionless(pkg), [
      realText('frictionless-country-codes/data/country-codes.csv'),
    ]);
    expect([reader.rows, reader.problems.count]).toEqual([249, 0]);
  });

  it('reports every row of a file that has one column more than its schema, listing 20', () => {
    const pkg = JSON.parse(realText('frictionless-co2-ppm/datapackage.json'));
    const schema = tableSchemaFromFrictionless(pkg, { resource: 'co2-mm-mlo' });
    const { reader } = read(schema, [realText('frictionless-co2-ppm/data/co2-mm-mlo.csv')], {
      file: 'co2-mm-mlo.csv',
    });
    expect([reader.rows, reader.invalidRows]).toEqual([0, 820]);
    const listed = reader.problems.list();
    expect(listed).toHaveLength(21);
    expect(listed[0]).toMatchObject({
      code: 'ragged-row',
      line: 2,
      message: 'expected 6 fields, found 7',
    });
    expect(listed[20]!.message).toBe('and 800 more problems not listed (the first at line 22)');
  });

  it('throws a header mismatch before reading any row', () => {
    const schema = tableSchemaFromItems(AREA_ITEMS);
    const [found] = problemsOf(() =>
      read(schema, ['code,名称,cityCode,provinceCode\n110101,东城区,1101,11\n'], { file: 'a.csv' }),
    );
    expect(found).toMatchObject({ code: 'header-mismatch', file: 'a.csv', line: 1 });
  });

  it('reads the first line as data when the file has no header', () => {
    const schema = tableSchemaFromItems(AREA_ITEMS);
    const { rows } = read(schema, ['110101,"东城区",1101,11\n110102,"西城区",1101,11'], {
      header: false,
    });
    expect(rows.map((r) => r.line)).toEqual([1, 2]);
  });

  it('reads other delimiters', () => {
    const text = realText('messy-csv-laposte-codes-postaux-semicolon/laposte_hexasmal.csv');
    const header = text.slice(0, text.indexOf('\n')).split(';');
    const schema: TableSchema = { fields: header.map((name) => ({ name, type: 'string' })) };
    expect(read(schema, chunks(text, 65536), { delimiter: ';' }).reader.rows).toBe(39192);
  });

  it('treats a file without even a header as empty', () => {
    const schema = tableSchemaFromItems(AREA_ITEMS);
    expect(problemsOf(() => read(schema, ['\n\n']))[0]).toMatchObject({ code: 'empty-file' });
  });

  it('gives exactly what the parser and row validator give, rows and problems alike (property)', () => {
    const schema: TableSchema = {
      fields: [
        { name: 'i', type: 'integer', constraints: { required: true } },
        { name: 's', type: 'string' },
        { name: 'n', type: 'number' },
        { name: 'b', type: 'boolean' },
        { name: 'd', type: 'date' },
        { name: 't', type: 'datetime' },
        { name: 'r', type: 'string', constraints: { required: true } },
      ],
    };
    // Per column: values the fast lane takes as they are, then values it must leave to the validator.
    const columns: [string[], string[]][] = [
      [
        ['0', '42', '-7', '12345678901234567890'],
        ['', '007', '+5', '1,234', '1.5', 'x'],
      ],
      [
        ['', '北京', 'a,b', ' ', '😀', '1'],
        ['say "hi"', 'two\nlines'],
      ],
      [
        ['3.14', '-0.5', '1e5', '', '25.340', '-0'],
        ['.5', '1,234.5', 'abc'],
      ],
      [['true', 'FALSE', '是', '否', '1', '0', ''], ['yes']],
      [
        ['2023-06-30', '2024-02-29', ''],
        ['2023-02-29', '2023-04-31', '2023/6/30', '2023年6月30日', '1958-03'],
      ],
      [
        ['2023-06-30T14:05:09Z', '2023-06-30 14:05', ''],
        ['2023-06-30T25:00:00', '2023-06-31T00:00'],
      ],
      [['x', '中文'], ['']],
    ];
    const row = fc.tuple(
      ...columns.map(([plain, other]) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...plain) },
          { weight: 1, arbitrary: fc.constantFrom(...other) },
        ),
      ),
    );
    const line = fc.oneof(
      { weight: 8, arbitrary: row.map((values) => csvLine(values)) },
      { weight: 1, arbitrary: row.map((values) => csvLine(values.slice(1))) },
      { weight: 1, arbitrary: fc.constant('\n') },
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        (lines, size) => {
          const text = csvLine(schema.fields.map((f) => f.name)) + lines.join('');
          const fast = read(schema, chunks(text, size), { maxProblems: 100 });

          const validator = compileRowValidator(schema, { maxProblems: 100 });
          const rows: Read['rows'] = [];
          const parser = new CsvParser();
          const onFields = (fields: string[], at: number) => {
            const values = at === 1 ? undefined : validator.row(fields, at);
            if (values) rows.push({ values, line: at });
          };
          parser.push(text, onFields);
          parser.end(onFields);

          expect(fast.rows).toEqual(rows);
          expect(fast.reader.problems.list()).toEqual(validator.problems.list());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
