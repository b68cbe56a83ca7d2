import { describe, expect, it } from 'vitest';
import { scanCell } from '../../../functions/src/core/personal-data/cell-scanner.ts';
import { PersonalDataTally } from '../../../functions/src/core/personal-data/personal-data-tally.ts';
import { TODAY } from './valid-numbers.ts';

describe('PersonalDataTally', () => {
  it('counts rows per column per kind and says so in one sentence per column', () => {
    const tally = new PersonalDataTally();
    for (let row = 0; row < 12; row++) tally.add('联系电话', ['mobile']);
    tally.add('备注', ['resident-id', 'mobile']);
    tally.add('备注', ['resident-id']);
    expect(tally.report()).toEqual({
      findings: [
        { column: '联系电话', kind: 'mobile', rows: 12 },
        { column: '备注', kind: 'resident-id', rows: 2 },
        { column: '备注', kind: 'mobile', rows: 1 },
      ],
      sentences: [
        'column "联系电话": 12 rows hold mainland mobile numbers',
        'column "备注": 2 rows hold resident ID numbers, 1 row holds mainland mobile numbers',
      ],
    });
  });

  it('lists kinds in a fixed order whatever order they were added in', () => {
    const tally = new PersonalDataTally();
    tally.add('账户', ['bank-card']);
    tally.add('账户', ['resident-id']);
    expect(tally.report().findings.map((finding) => finding.kind)).toEqual([
      'resident-id',
      'bank-card',
    ]);
  });

  it('reports nothing for cells in which nothing was found', () => {
    const tally = new PersonalDataTally();
    tally.add('名称', []);
    expect(tally.report()).toEqual({ findings: [], sentences: [] });
  });

  it('quotes column names so that a quote inside one cannot break the sentence', () => {
    const tally = new PersonalDataTally();
    tally.add('卡号 "主"', ['bank-card']);
    expect(tally.report().sentences).toEqual([
      'column "卡号 \\"主\\"": 1 row holds bank card numbers',
    ]);
  });

  it('never puts a scanned value in its report', () => {
    const cells = ['13812345678', '身份证号11010519491231002X', '6205 5000 0000 0000 004'];
    const tally = new PersonalDataTally();
    for (const cell of cells) tally.add('数据', scanCell(cell, TODAY));
    const report = JSON.stringify(tally.report());
    expect(tally.report().findings).toHaveLength(3);
    for (const fragment of ['1381234', '110105', '19491231', '6205', '5678', '002X']) {
      expect(report).not.toContain(fragment);
    }
  });
});
