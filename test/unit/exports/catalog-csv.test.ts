import { beforeAll, describe, expect, it } from 'vitest';
import {
  CATALOG_CSV_COLUMNS,
  catalogCsv,
  defuseFormula,
  describeItem,
} from '../../../functions/src/core/exports/catalog-csv.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import type { CatalogSnapshot } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { awkwardSnapshot, demoSnapshot } from './export-fixtures.ts';

let demo: CatalogSnapshot;
let awkward: CatalogSnapshot;

beforeAll(async () => {
  [demo, awkward] = await Promise.all([demoSnapshot(), awkwardSnapshot()]);
});

/** Parses the CSV back with the platform's own reader: rows as objects keyed by header. */
function parse(text: string): { header: string[]; rows: Record<string, string>[] } {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const records: string[][] = [];
  const parser = new CsvParser({ file: 'catalog.csv' });
  parser.push(text.slice(1), (fields) => records.push(fields));
  parser.end((fields) => records.push(fields));
  const [header, ...rows] = records as [string[], ...string[][]];
  return {
    header,
    rows: rows.map((fields) => Object.fromEntries(header.map((h, i) => [h, fields[i]!]))),
  };
}

describe('catalogCsv', () => {
  it('has exactly the template’s columns, in its order, as the one header row', () => {
    const { header } = parse(catalogCsv(demo));
    expect(header).toEqual([
      '信息资源分类',
      '信息资源名称',
      '信息资源代码',
      '信息资源提供方',
      '信息资源提供方代码',
      '信息资源摘要',
      '信息资源格式',
      '信息项信息',
      '共享类型',
      '共享条件',
      '共享方式',
      '是否向社会开放',
      '开放条件',
      '更新周期',
      '发布日期',
      '更新日期',
      '关联资源代码',
    ]);
    expect(header).toEqual([...CATALOG_CSV_COLUMNS]);
  });

  it('has one row per entry, each as wide as the header, in code order', () => {
    const { rows } = parse(catalogCsv(demo));
    expect(rows.map((r) => r['信息资源代码'])).toEqual(demo.entries.map((e) => e.code).sort());
    for (const row of rows) expect(Object.keys(row)).toHaveLength(CATALOG_CSV_COLUMNS.length);
  });

  it('reads back multi-line abstracts, commas and quotes exactly', () => {
    const { rows } = parse(catalogCsv(awkward));
    const [first, second] = awkward.entries as [
      CatalogSnapshot['entries'][0],
      CatalogSnapshot['entries'][0],
    ];
    const byCode = new Map(rows.map((r) => [r['信息资源代码'], r]));
    expect(byCode.get(first.code)!['信息资源名称']).toBe(first.title.zh);
    expect(byCode.get(first.code)!['信息资源摘要']).toBe(`'${first.abstract.zh}`);
    expect(byCode.get(second.code)!['信息项信息']).toBe("'-名称(字符型[20])；数量(整型)");
  });

  it('puts an apostrophe before cells a spreadsheet would run as formulas', () => {
    const { rows } = parse(catalogCsv(awkward));
    const second = rows.find((r) => r['信息资源代码'] === awkward.entries[1]!.code)!;
    expect(second['信息资源名称']).toBe("'+1 电话开头");
    for (const row of rows)
      for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes the provider’s name and code, share and open attributes in the template’s words', () => {
    const { rows } = parse(catalogCsv(awkward));
    const refused = awkward.entries[3]!;
    const row = rows.find((r) => r['信息资源代码'] === refused.code)!;
    const agency = awkward.agencies.find((a) => a.code === refused.provider)!;
    expect(row).toMatchObject({
      信息资源提供方: agency.name.zh,
      信息资源提供方代码: agency.creditCode ?? agency.code,
      共享类型: '不予共享',
      共享条件: refused.shareBasis,
      共享方式: refused.shareMethod.join('；'),
      是否向社会开放: '是',
      发布日期: refused.issued,
      更新日期: refused.modified,
    });
    const related = rows.find((r) => r['信息资源代码'] === awkward.entries[0]!.code)!;
    expect(related['关联资源代码']).toBe(awkward.entries[0]!.related.join('；'));
  });

  it('ends every record with CRLF', () => {
    const text = catalogCsv(demo);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(demo.entries.length + 2);
  });
});

describe('defuseFormula', () => {
  it('leaves ordinary text and dates alone', () => {
    expect(defuseFormula('人口基础信息')).toBe('人口基础信息');
    expect(defuseFormula('2026-01-01')).toBe('2026-01-01');
    expect(defuseFormula('')).toBe('');
  });

  it('defuses =, +, -, @, tab and carriage return at the start', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(defuseFormula(cell)).toBe(`'${cell}`);
  });
});

describe('describeItem', () => {
  it('writes name(type[length]), or name(type) without a length', () => {
    expect(
      describeItem({ name: '姓名', type: '字符型', length: 50, required: true, key: false }),
    ).toBe('姓名(字符型[50])');
    expect(describeItem({ name: '出生日期', type: '日期型', required: false, key: false })).toBe(
      '出生日期(日期型)',
    );
  });
});
