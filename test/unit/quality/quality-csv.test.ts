import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { computeQualityReport } from '../../../functions/src/core/quality/quality-figures.ts';
import {
  QUALITY_CSV_OVERALL,
  qualityCsv,
} from '../../../functions/src/core/quality/quality-csv.ts';
import type { QualityReport } from '../../../functions/src/core/quality/quality-report.ts';
import { input } from './quality-fixture.ts';

/** Parses the CSV back with the platform's own reader: the header and the rows. */
function parse(text: string): { header: string[]; rows: string[][] } {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const records: string[][] = [];
  const parser = new CsvParser({ file: 'quality.csv' });
  parser.push(text.slice(1), (fields) => records.push(fields));
  parser.end((fields) => records.push(fields));
  const [header, ...rows] = records as [string[], ...string[][]];
  return { header, rows };
}

const report = () => computeQualityReport(input());

describe('qualityCsv', () => {
  it('has one header row: the Chinese label of each column, then its key', () => {
    const { header } = parse(qualityCsv(report()));
    expect(header.slice(0, 4)).toEqual([
      '机构代码 (agency)',
      '机构名称 (name)',
      '目录数 (entries)',
      '已挂接数据的目录数 (withData)',
    ]);
    expect(header).toContain('目录挂接率 (linkRate)');
    expect(header.at(-1)).toBe('接口调用次数 (apiCalls)');
    expect(header).toHaveLength(2 + 18);
  });

  it('writes one row per agency, then the overall row, with rates as decimals', () => {
    const { header, rows } = parse(qualityCsv(report()));
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['zj-market', '浙江省市场监督管理局'],
      ['zj-police', '浙江省公安厅'],
      ['', QUALITY_CSV_OVERALL],
    ]);
    const cell = (row: number, key: string) =>
      rows[row]![header.findIndex((h) => h.endsWith(`(${key})`))];
    expect(cell(1, 'linkRate')).toBe(String(1 / 3));
    expect(cell(1, 'shareOnTimeRate')).toBe('0.5');
    expect(cell(1, 'medianResolutionDays')).toBe('2');
    expect(cell(2, 'onTimeUpdateRate')).toBe('0.4');
    expect(cell(2, 'entries')).toBe('6');
    expect(cell(2, 'apiCalls')).toBe('17');
  });

  it('leaves a cell empty where a rate has nothing to divide by', () => {
    const { header, rows } = parse(qualityCsv(report()));
    const column = header.indexOf('疑义办结天数中位数 (medianResolutionDays)');
    const empty = computeQualityReport({ ...input(), disputes: [] });
    expect(rows[0]![column]).toBe('0.25');
    expect(parse(qualityCsv(empty)).rows[0]![column]).toBe('');
  });

  it('ends lines with CRLF and quotes a name with a comma or quote', () => {
    const base = report();
    const odd: QualityReport = {
      ...base,
      agencies: [{ ...base.agencies[0]!, name: { zh: '市场监管局, "知识产权局"' } }],
    };
    const text = qualityCsv(odd);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(2 + 1 + 1);
    expect(text).toContain(',"市场监管局, ""知识产权局""",');
    expect(parse(text).rows[0]![1]).toBe('市场监管局, "知识产权局"');
  });

  it('writes no cell a spreadsheet would run as a formula', () => {
    const base = report();
    const hostile: QualityReport = {
      ...base,
      agencies: [{ ...base.agencies[0]!, name: { zh: '=HYPERLINK("http://x")' } }],
    };
    expect(parse(qualityCsv(hostile)).rows[0]![1]).toBe('\'=HYPERLINK("http://x")');
  });
});
