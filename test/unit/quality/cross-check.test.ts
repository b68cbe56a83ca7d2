import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { VersionTable } from '../../../functions/src/core/disputes/locate-row.ts';
import {
  compareWithReference,
  parseCrossChecks,
  referenceValues,
} from '../../../functions/src/core/quality/cross-check.ts';

const FILE = 'data/cross-checks.yaml';

function table(
  code: string,
  columns: string[],
  rows: string[][],
  keyColumns: string[] = [],
): VersionTable {
  return { code, version: 1, columns, rows, keyColumns };
}

const provinces = table(
  '103/000002',
  ['code', 'name'],
  [
    ['11', '北京市'],
    ['12', '天津市'],
    ['13', '河北省'],
  ],
);

function thrown(text: string): DatarunError {
  try {
    parseCrossChecks({ path: FILE, text });
  } catch (error) {
    return error as DatarunError;
  }
  throw new Error('expected the file to be refused');
}

const target = {
  column: 'provinceCode',
  referenceCode: '103/000002',
  referenceColumn: 'code',
};

describe('parseCrossChecks', () => {
  it('reads a check with defaults', () => {
    const config = parseCrossChecks({
      path: FILE,
      text: [
        'checks:',
        '  - id: province-codes',
        '    title: { zh: 省级区划代码一致, en: Province codes match }',
        '    field: 省级区划代码',
        '    reference: { code: 103/000002, column: code }',
        '    compare:',
        '      - { code: 103/000003, column: provinceCode }',
      ].join('\n'),
    });
    expect(config.checks[0]).toMatchObject({ id: 'province-codes', maxFindings: 10 });
    expect(config.where(['checks', 0, 'compare', 0, 'column'])).toMatchObject({
      file: FILE,
      line: 7,
      field: 'checks[0].compare[0].column',
    });
  });

  it('names the line and field of a missing column', () => {
    const error = thrown(
      [
        'checks:',
        '  - id: province-codes',
        '    title: { zh: 省级区划代码一致, en: Province codes match }',
        '    field: 省级区划代码',
        '    reference: { code: 103/000002, column: code }',
        '    compare:',
        '      - { code: 103/000003 }',
      ].join('\n'),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 7,
        field: 'checks[0].compare[0].column',
        message: 'is required',
      }),
    ]);
  });

  it('refuses an entry code that is not 分类码/顺序码 and an unknown field', () => {
    const error = thrown(
      [
        'checks:',
        '  - id: x',
        '    title: { zh: 甲, en: A }',
        '    field: f',
        '    reference: { code: provinces, column: code }',
        '    compare: [ { code: 103/000003, column: c } ]',
        '    maxfindings: 3',
      ].join('\n'),
    );
    expect(error.problems.map((p) => [p.field, p.line])).toEqual([
      ['checks[0].reference.code', 5],
      ['checks[0]', 2],
    ]);
    expect(error.problems[1]!.message).toContain('maxfindings');
  });

  it('refuses a check id used twice, at the second', () => {
    const check = (title: string) => [
      '  - id: same',
      `    title: { zh: ${title}, en: ${title} }`,
      '    field: f',
      '    reference: { code: 103/000002, column: code }',
      '    compare: [ { code: 103/000003, column: provinceCode } ]',
    ];
    const error = thrown(['checks:', ...check('a'), ...check('b')].join('\n'));
    expect(error.problems).toEqual([
      expect.objectContaining({ code: 'duplicate', line: 7, field: 'checks[1].id' }),
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const error = thrown('checks:\n  - id: a\n    title: { zh: 甲\n');
    expect(error.problems[0]).toMatchObject({ code: 'yaml-syntax', file: FILE });
    expect(error.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });
});

describe('compareWithReference', () => {
  it('finds each distinct value the reference does not hold, with its rows and count', () => {
    const cities = table(
      '103/000003',
      ['code', 'name', 'provinceCode'],
      [
        ['1101', '市辖区', '11'],
        ['9901', '甲', '99'],
        ['1301', '石家庄市', '13'],
        ['9902', '乙', '99'],
        ['7701', '丙', '77'],
      ],
      ['code'],
    );
    const result = compareWithReference(referenceValues(provinces, 'code'), cities, target, 10);
    expect(result).toMatchObject({ compared: 5, mismatches: 2, mismatchedRows: 3 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'unknown-value',
        column: 'provinceCode',
        value: '99',
        rows: [2, 4],
        count: 2,
        key: { code: '9901' },
      }),
      expect.objectContaining({ value: '77', rows: [5], count: 1 }),
    ]);
    expect(result.findings[0]!.detail).toBe(
      '"99" in column provinceCode (version 1 of 103/000003, rows 2, 4) is not a value of column code of 103/000002',
    );
  });

  it('does not count empty cells as mismatches', () => {
    const cities = table('103/000003', ['provinceCode'], [[''], ['11'], ['']]);
    const result = compareWithReference(referenceValues(provinces, 'code'), cities, target, 10);
    expect(result).toEqual({ compared: 1, mismatches: 0, mismatchedRows: 0, findings: [] });
  });

  it('compares the published text exactly: a padded code is a mismatch', () => {
    const cities = table('103/000003', ['provinceCode'], [[' 11'], ['011']]);
    const result = compareWithReference(referenceValues(provinces, 'code'), cities, target, 10);
    expect(result.findings.map((f) => f.value)).toEqual([' 11', '011']);
  });

  it('lists at most maxFindings values but counts them all, and the first rows only', () => {
    const rows = [...Array(30).keys()].map((i) => [String(50 + (i % 12))]);
    const cities = table('103/000003', ['provinceCode'], rows);
    const result = compareWithReference(referenceValues(provinces, 'code'), cities, target, 4);
    expect(result.mismatches).toBe(12);
    expect(result.mismatchedRows).toBe(30);
    expect(result.findings.map((f) => f.value)).toEqual(['50', '51', '52', '53']);
    expect(result.findings[0]).toMatchObject({ rows: [1, 13, 25], count: 3 });
    const many = table('103/000003', ['provinceCode'], Array(9).fill(['99']));
    const [finding] = compareWithReference(
      referenceValues(provinces, 'code'),
      many,
      target,
      4,
    ).findings;
    expect(finding).toMatchObject({ rows: [1, 2, 3, 4, 5], count: 9 });
    expect(finding!.detail).toContain('rows 1, 2, 3, 4, 5 (9 rows in all)');
  });

  it('with labels, finds a value labelled otherwise than the reference, but not an empty label', () => {
    const gdp = table(
      '301/000008',
      ['Country Name', 'Country Code'],
      [
        ['北京', '11'],
        ['Peking', '11'],
        ['', '12'],
        ['天津市', '12'],
        ['Atlantis', '99'],
      ],
    );
    const result = compareWithReference(
      referenceValues(provinces, 'code', 'name'),
      gdp,
      {
        column: 'Country Code',
        labelColumn: 'Country Name',
        referenceCode: '103/000002',
        referenceColumn: 'code',
      },
      10,
    );
    expect(result).toMatchObject({ compared: 5, mismatches: 2, mismatchedRows: 3 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'label',
        column: 'Country Name',
        value: '11',
        label: '北京',
        expected: ['北京市'],
        rows: [1, 2],
      }),
      expect.objectContaining({ kind: 'unknown-value', column: 'Country Code', value: '99' }),
    ]);
    expect(result.findings[0]!.detail).toContain('labels it "北京市"');
  });

  it('accepts any label the reference gives a value it lists twice', () => {
    const reference = table(
      'r',
      ['code', 'name'],
      [
        ['11', '北京市'],
        ['11', 'Beijing'],
      ],
    );
    const compared = table(
      'c',
      ['code', 'name'],
      [
        ['11', 'Beijing'],
        ['11', '北京市'],
      ],
    );
    const result = compareWithReference(
      referenceValues(reference, 'code', 'name'),
      compared,
      { column: 'code', labelColumn: 'name', referenceCode: 'r', referenceColumn: 'code' },
      10,
    );
    expect(result.mismatches).toBe(0);
  });
});
