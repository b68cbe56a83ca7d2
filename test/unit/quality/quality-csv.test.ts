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
/** The report of the catalog alone: no demands, no systems, so one row per providing agency. */
const catalogOnly = () => computeQualityReport({ ...input(), demands: [], systems: [] });
const column = (header: string[], key: string) => header.findIndex((h) => h.endsWith(`(${key})`));

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
    expect(header[2 + 17]).toBe('接口调用次数 (apiCalls)');
    expect(header.slice(2 + 18)).toEqual([
      '提出需求数 (demandsRecorded)',
      '认领责任事项数 (itemsAccepted)',
      '已完成责任事项数 (itemsFulfilled)',
      '按期完成责任事项数 (itemsFulfilledOnTime)',
      '逾期责任事项数 (itemsOverdue)',
      '责任事项按期完成率 (fulfilmentOnTimeRate)',
      '待分派需求数 (demandsAwaitingAssignment)',
      '信息系统数 (systems)',
      '已接入系统数 (connectedSystems)',
      '系统接入率 (connectionRate)',
      '数据断头路数 (deadEnds)',
    ]);
  });

  it('writes one row per agency, then the overall row, with rates as decimals', () => {
    const { header, rows } = parse(qualityCsv(catalogOnly()));
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['zj-market', '浙江省市场监督管理局'],
      ['zj-police', '浙江省公安厅'],
      ['', QUALITY_CSV_OVERALL],
    ]);
    const cell = (row: number, key: string) => rows[row]![column(header, key)];
    expect(cell(1, 'linkRate')).toBe(String(1 / 3));
    expect(cell(1, 'shareOnTimeRate')).toBe('0.5');
    expect(cell(1, 'medianResolutionDays')).toBe('2');
    expect(cell(2, 'onTimeUpdateRate')).toBe('0.4');
    expect(cell(2, 'entries')).toBe('6');
    expect(cell(2, 'apiCalls')).toBe('17');
  });

  it('leaves a cell empty where a rate has nothing to divide by', () => {
    const { header, rows } = parse(qualityCsv(catalogOnly()));
    const median = header.indexOf('疑义办结天数中位数 (medianResolutionDays)');
    const empty = computeQualityReport({ ...input(), disputes: [], demands: [], systems: [] });
    expect(rows[0]![median]).toBe('0.25');
    expect(parse(qualityCsv(empty)).rows[0]![median]).toBe('');
  });

  it('adds a row for every agency with demands or systems, its other parts left empty', () => {
    const { header, rows } = parse(qualityCsv(report()));
    expect(rows.map((row) => row[0])).toEqual([
      'city-hall',
      'sh-market',
      'zj-big-data',
      'zj-market',
      'zj-police',
      '',
    ]);
    const cells = (row: number, keys: string[]) =>
      keys.map((key) => rows[row]![column(header, key)]);
    const items = ['demandsRecorded', 'itemsAccepted', 'itemsFulfilled', 'itemsOverdue'];
    const connection = ['systems', 'connectedSystems', 'connectionRate', 'deadEnds'];
    // City hall owns systems only: no entries, no demands.
    expect(cells(0, ['entries', 'linkRate', ...items])).toEqual(['', '', '', '', '', '']);
    expect(cells(0, connection)).toEqual(['54', '12', String(12 / 54), '2']);
    // Market regulation provides entries and keeps responsibility items, owns no system here.
    expect(cells(3, ['entries', ...items, 'fulfilmentOnTimeRate'])).toEqual([
      '3',
      '0',
      '3',
      '2',
      '1',
      '0.5',
    ]);
    expect(cells(3, connection)).toEqual(['', '', '', '']);
    // A police row with no fulfilled item has an empty rate.
    expect(cells(4, ['demandsRecorded', 'itemsAccepted', 'fulfilmentOnTimeRate'])).toEqual([
      '3',
      '1',
      '',
    ]);
  });

  it('fills the demands awaiting assignment in the overall row only', () => {
    const { header, rows } = parse(qualityCsv(report()));
    const awaiting = column(header, 'demandsAwaitingAssignment');
    expect(rows.slice(0, -1).map((row) => row[awaiting])).toEqual(['', '', '', '', '']);
    const overall = rows.at(-1)!;
    expect(overall[awaiting]).toBe('2');
    expect(overall[column(header, 'demandsRecorded')]).toBe('8');
    expect(overall[column(header, 'systems')]).toBe('56');
    expect(overall[column(header, 'deadEnds')]).toBe('3');
  });

  it('leaves the demand and inventory cells empty for a report published before they existed', () => {
    const { demands: _d, inventory: _i, ...old } = report();
    const { header, rows } = parse(qualityCsv(old));
    expect(rows.map((row) => row[0])).toEqual(['zj-market', 'zj-police', '']);
    expect(rows.at(-1)![column(header, 'systems')]).toBe('');
    expect(rows.at(-1)![column(header, 'entries')]).toBe('6');
  });

  it('ends lines with CRLF and quotes a name with a comma or quote', () => {
    const base = catalogOnly();
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
    const base = catalogOnly();
    const hostile: QualityReport = {
      ...base,
      agencies: [{ ...base.agencies[0]!, name: { zh: '=HYPERLINK("http://x")' } }],
    };
    expect(parse(qualityCsv(hostile)).rows[0]![1]).toBe('\'=HYPERLINK("http://x")');
  });
});
