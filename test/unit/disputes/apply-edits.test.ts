import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../functions/src/core/disputes/apply-edits.ts';
import type { CorrectionEdit } from '../../../functions/src/core/disputes/apply-edits.ts';
import { DisputeSchema } from '../../../functions/src/core/disputes/dispute.ts';
import type { Dispute, DisputedCell } from '../../../functions/src/core/disputes/dispute.ts';
import type { VersionTable } from '../../../functions/src/core/disputes/locate-row.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import type { TableField } from '../../../functions/src/core/schemas/dataset-version.ts';

// Rows of the real provinces table (国家统计局 2023), with one name misspelt as a report would find it.
const PROVINCES: VersionTable = {
  code: '103/000002',
  version: 1,
  columns: ['code', 'name'],
  rows: [
    ['11', '北京市'],
    ['12', '天津市'],
    ['13', '河北生'],
    ['14', '山西省'],
  ],
  keyColumns: ['code'],
};

const FIELDS: TableField[] = [
  { name: 'code', type: 'string', constraints: { required: true } },
  { name: 'name', type: 'string', constraints: { required: true } },
];

/** A report on one cell of `table`, as the dispute service would store it. */
function disputeOn(
  table: VersionTable,
  rowNumber: number,
  field: string,
  keyed = table.keyColumns.length > 0,
): Pick<Dispute, 'input' | 'cell'> {
  const row = table.rows[rowNumber - 1]!;
  const key = keyed
    ? Object.fromEntries(table.keyColumns.map((k) => [k, row[table.columns.indexOf(k)]!]))
    : undefined;
  const cell: DisputedCell = {
    rowNumber,
    value: row[table.columns.indexOf(field)]!,
    ...(key && { key }),
  };
  const dispute = DisputeSchema.pick({ input: true, cell: true }).parse({
    input: {
      code: table.code,
      version: table.version,
      row: key ? { key } : { number: rowNumber },
      field,
      description: '省份名称有错别字',
    },
    cell,
  });
  return dispute;
}

function problemsOf(call: () => unknown): readonly Problem[] {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems;
}

describe('applyEdits', () => {
  it('lists every cell it changed, with the values before and after and the row key', () => {
    const edits: CorrectionEdit[] = [
      { field: 'name', value: '河北省' },
      { row: 4, field: 'name', value: '山西省（晋）' },
    ];
    const { rows, changes } = applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), edits);
    expect(changes).toEqual([
      { row: 3, key: { code: '13' }, field: 'name', before: '河北生', after: '河北省' },
      { row: 4, key: { code: '14' }, field: 'name', before: '山西省', after: '山西省（晋）' },
    ]);
    expect(rows).toEqual([
      ['11', '北京市'],
      ['12', '天津市'],
      ['13', '河北省'],
      ['14', '山西省（晋）'],
    ]);
    expect(PROVINCES.rows[2]).toEqual(['13', '河北生']);
  });

  it('leaves an edit that changes nothing out of the changes', () => {
    const { changes, rows } = applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [
      { field: 'name', value: '河北省' },
      { row: 1, field: 'name', value: '北京市' },
    ]);
    expect(changes.map((c) => c.row)).toEqual([3]);
    expect(rows[0]).toBe(PROVINCES.rows[0]);
  });

  it('refuses a correction that leaves the disputed cell as it is, saying what it still holds', () => {
    const problems = problemsOf(() =>
      applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [{ field: 'name', value: '河北生' }]),
    );
    expect(problems).toEqual([
      {
        code: 'invalid-value',
        message:
          'the correction does not change the disputed cell name of row 3: it is still "河北生"',
        field: 'edits.0.value',
      },
    ]);
  });

  it('refuses a correction whose edits are all about other cells', () => {
    const problems = problemsOf(() =>
      applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [
        { row: 2, field: 'name', value: '天津' },
      ]),
    );
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      [
        'edits',
        'the correction does not change the disputed cell name of row 3: it is still "河北生"',
      ],
    ]);
  });

  it('finds the disputed row by its key in a later version where rows moved', () => {
    const later: VersionTable = {
      ...PROVINCES,
      version: 2,
      rows: [['10', '测试'], ...PROVINCES.rows],
    };
    const { changes } = applyEdits(later, disputeOn(PROVINCES, 3, 'name'), [
      { field: 'name', value: '河北省' },
    ]);
    expect(changes).toEqual([
      { row: 4, key: { code: '13' }, field: 'name', before: '河北生', after: '河北省' },
    ]);
  });

  it('finds the disputed row by the same number when the table has no key', () => {
    const unkeyed: VersionTable = { ...PROVINCES, keyColumns: [] };
    const later: VersionTable = { ...unkeyed, version: 2, rows: [['10', '测试'], ...unkeyed.rows] };
    const { changes } = applyEdits(later, disputeOn(unkeyed, 3, 'name'), [
      { field: 'name', value: '天津' },
    ]);
    expect(changes).toEqual([{ row: 3, field: 'name', before: '天津市', after: '天津' }]);
  });

  it('says so when the disputed key is gone from the latest version', () => {
    const later: VersionTable = { ...PROVINCES, version: 2, rows: PROVINCES.rows.slice(0, 2) };
    const problems = problemsOf(() =>
      applyEdits(later, disputeOn(PROVINCES, 3, 'name'), [{ field: 'name', value: '河北省' }]),
    );
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['dispute.row.key', 'no row of version 2 of 103/000002 has code=13'],
    ]);
  });

  it('names an unknown column by the edit that gave it', () => {
    const problems = problemsOf(() =>
      applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [
        { field: 'name', value: '河北省' },
        { field: '名称', value: '河北省' },
      ]),
    );
    expect(problems).toEqual([
      {
        code: 'invalid-field',
        message: 'version 1 of 103/000002 has no column "名称"; its columns are code, name',
        field: 'edits.1.field',
      },
    ]);
  });

  it('refuses a row past the last one', () => {
    const problems = problemsOf(() =>
      applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [
        { field: 'name', value: '河北省' },
        { row: 5, field: 'name', value: '内蒙古自治区' },
      ]),
    );
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['edits.1.row', 'version 1 of 103/000002 has 4 rows; there is no row 5'],
    ]);
  });

  it('refuses two edits of one cell, even when one names the row and the other does not', () => {
    const problems = problemsOf(() =>
      applyEdits(PROVINCES, disputeOn(PROVINCES, 3, 'name'), [
        { field: 'name', value: '河北省' },
        { row: 3, field: 'name', value: '河北' },
      ]),
    );
    expect(problems).toEqual([
      {
        code: 'invalid-field',
        message: 'edits.0 already sets name of row 3; give each cell once',
        field: 'edits.1.field',
      },
    ]);
  });

  it('checks new values against the column types and writes them as the CSV does', () => {
    const population: VersionTable = {
      code: '301/000009',
      version: 1,
      columns: ['地区', '人口'],
      rows: [
        ['北京市', '21843'],
        ['天津市', '1363'],
      ],
      keyColumns: [],
    };
    const fields: TableField[] = [
      { name: '地区', type: 'string' },
      { name: '人口', type: 'integer', constraints: { required: true } },
    ];
    const dispute = disputeOn(population, 2, '人口');
    expect(
      applyEdits(population, dispute, [{ field: '人口', value: '+1,386' }], fields).changes,
    ).toEqual([{ row: 2, field: '人口', before: '1363', after: '1386' }]);
    const problems = problemsOf(() =>
      applyEdits(population, dispute, [{ field: '人口', value: '约1386万' }], fields),
    );
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['edits.0.value', '人口: expected an integer such as 42, found "约1386万"'],
    ]);
    const same = problemsOf(() =>
      applyEdits(population, dispute, [{ field: '人口', value: '01363' }], fields),
    );
    expect(same.map((p) => p.field)).toEqual(['edits.0.value']);
    expect(same[0]!.message).toContain('it is still "1363"');
  });

  it('reports every problem of a correction at once', () => {
    const problems = problemsOf(() =>
      applyEdits(
        PROVINCES,
        disputeOn(PROVINCES, 3, 'name'),
        [
          { field: 'nmae', value: '河北省' },
          { row: 9, field: 'name', value: 'x' },
          { row: 1, field: 'code', value: '' },
        ],
        FIELDS,
      ),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'edits.0.field',
      'edits.1.row',
      'edits.2.value',
      'edits',
    ]);
  });
});
