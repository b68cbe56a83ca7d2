import { describe, expect, it } from 'vitest';
import {
  fieldNames,
  inferTableSchema,
  TypeInference,
} from '../../../functions/src/core/ingest/type-inference.ts';
import { jsonRecordWriter } from '../../../functions/src/core/ingest/row-writers.ts';
import { compileRowValidator } from '../../../functions/src/core/ingest/row-validator.ts';
import { parse, realBytes, realText } from './helpers.ts';

function inferFile(text: string, delimiter = ','): [string, string][] {
  const [header, ...rows] = parse(text, { delimiter }).map((r) => r.fields);
  return inferTableSchema(header!, rows).fields.map((f) => [f.name, f.type]);
}

const typesOf = (rows: string[][]) => inferTableSchema(null, rows).fields.map((f) => f.type);

describe('inferTableSchema', () => {
  it('infers integers for the division codes, which have no leading zeros to lose', () => {
    // Declared 信息项 (字符型) keep them text: see TableReader's tests.
    expect(inferFile(realText('cn-admin-divisions-modood/dist/areas.csv'))).toEqual([
      ['code', 'integer'],
      ['name', 'string'],
      ['cityCode', 'integer'],
      ['provinceCode', 'integer'],
    ]);
  });

  it('keeps postal codes with leading zeros as strings', () => {
    const types = inferFile(
      realText('messy-csv-laposte-codes-postaux-semicolon/laposte_hexasmal.csv'),
      ';',
    );
    expect(types.find(([name]) => name === 'Code_postal')).toEqual(['Code_postal', 'string']);
  });

  it('reads the NBS tables: year labels are text, figures are numbers, the empty header cell gets a name', () => {
    expect(inferFile(realText('cn-nbs-national-data-utf8/data/zb/人口/总人口.csv'))).toEqual([
      ['column1', 'string'],
      ['乡村人口', 'integer'],
      ['城镇人口', 'integer'],
      ['女性人口', 'integer'],
      ['年末总人口', 'integer'],
      ['男性人口', 'integer'],
    ]);
    const gbk = new TextDecoder('gb18030').decode(
      realBytes('cn-nbs-stats-gbk-csv/data/国内生产总值.csv'),
    );
    const types = inferFile(gbk);
    expect(types[0]).toEqual(['指标', 'string']);
    expect(types.slice(1).every(([, type]) => type === 'number')).toBe(true);
  });

  it('finds dates and date-times in ISO form only', () => {
    expect(inferFile(realText('frictionless-house-prices-us/data/national-month.csv'))[0]).toEqual([
      'Date',
      'date',
    ]);
    expect(typesOf([['2023-06-30T08:00:00Z', '2023/6/30', '2023-06-30 08:00']])).toEqual([
      'datetime',
      'string',
      'datetime',
    ]);
  });

  it('keeps codes with leading zeros, separators and words as strings', () => {
    expect(
      typesOf([
        ['0101', '1,234', '1.5%'],
        ['007', '2,345', '3%'],
      ]),
    ).toEqual(['string', 'string', 'string']);
  });

  it('lets integers widen to numbers and anything else widen to string', () => {
    expect(
      typesOf([
        ['1', '1', '1'],
        ['2.5', 'x', '-3'],
      ]),
    ).toEqual(['number', 'string', 'integer']);
  });

  it('infers booleans from true/false words only; 1/0 stay integers and 是/否 text', () => {
    expect(
      typesOf([
        ['true', '1', '是'],
        ['FALSE', '0', '否'],
      ]),
    ).toEqual(['boolean', 'integer', 'string']);
  });

  it('lets empty cells decide nothing, and calls a column without values a string', () => {
    expect(
      typesOf([
        ['', '', '3'],
        ['5', '', ''],
      ]),
    ).toEqual(['integer', 'string', 'integer']);
  });

  it('keeps integers beyond Number.MAX_SAFE_INTEGER and publishes their digits exactly', () => {
    const rows = [['12345678901234567890'], ['-98765432109876543210']];
    const schema = inferTableSchema(['n'], rows);
    expect(schema.fields[0]!.type).toBe('integer');
    const validator = compileRowValidator(schema);
    const write = jsonRecordWriter(schema.fields);
    expect(write(validator.row(['12345678901234567890'], 2)!)).toBe('{"n":12345678901234567890}');
  });
});

describe('TypeInference', () => {
  it('sees rows one at a time and agrees with inference over the whole sample', () => {
    const [header, ...rows] = parse(realText('frictionless-co2-ppm/data/co2-annmean-mlo.csv')).map(
      (r) => r.fields,
    );
    const inference = new TypeInference(header!);
    for (const row of rows) inference.add(row);
    expect(inference.schema()).toEqual(inferTableSchema(header!, rows));
    expect(inference.schema().fields.map((f) => f.type)).toEqual(['integer', 'number', 'number']);
  });

  it('ignores cells beyond the header', () => {
    const inference = new TypeInference(['a']);
    inference.add(['1', 'x']);
    expect(inference.schema()).toEqual({ fields: [{ name: 'a', type: 'integer' }] });
  });
});

describe('fieldNames', () => {
  it('trims names, names empty cells by position and tells repeated names apart', () => {
    expect(fieldNames([' 年份 ', '', '值', '值', '值'], 5)).toEqual([
      '年份',
      'column2',
      '值',
      '值_2',
      '值_3',
    ]);
  });

  it('numbers the columns of a file without a header', () => {
    expect(fieldNames(null, 3)).toEqual(['column1', 'column2', 'column3']);
  });
});
