import { describe, expect, it } from 'vitest';
import { candidateDispute } from '../../../functions/src/core/disputes/candidate.ts';
import { DisputeSchema } from '../../../functions/src/core/disputes/dispute.ts';
import { tokenSha256 } from '../../../functions/src/core/disputes/dispute-id.ts';
import type { VersionTable } from '../../../functions/src/core/disputes/locate-row.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import {
  compareWithReference,
  CrossCheckSchema,
  referenceValues,
} from '../../../functions/src/core/quality/cross-check.ts';

const check = CrossCheckSchema.parse({
  id: 'country-codes',
  title: { zh: '国家和地区代码符合 ISO 3166-1', en: 'Country codes are ISO 3166-1 alpha-3 codes' },
  field: '国家和地区代码',
  reference: { code: '314/000001', column: 'ISO3166-1-Alpha-3' },
  compare: [{ code: '301/000007', column: 'Country Code' }],
});

const iso: VersionTable = {
  code: '314/000001',
  version: 1,
  columns: ['ISO3166-1-Alpha-3'],
  rows: [['ABW'], ['CHN']],
  keyColumns: [],
};

function population(version: number, rows: string[][]): VersionTable {
  return {
    code: '301/000007',
    version,
    columns: ['Country Name', 'Country Code', 'Year', 'Value'],
    rows,
    keyColumns: [],
  };
}

const entry = (version: number) => ({
  code: '301/000007',
  version,
  title: '世界各国人口',
  provider: 'nbs',
});

function candidates(table: VersionTable, nowIso: string) {
  const { findings } = compareWithReference(
    referenceValues(iso, 'ISO3166-1-Alpha-3'),
    table,
    { column: 'Country Code', referenceCode: '314/000001', referenceColumn: 'ISO3166-1-Alpha-3' },
    10,
  );
  return findings.map((finding) =>
    candidateDispute(finding, check, entry(table.version), nowIso, tokenSha256('secret')),
  );
}

describe('candidateDispute', () => {
  const first = population(1, [
    ['Aruba', 'ABW', '1960', '54922'],
    ['World', 'WLD', '1960', '3031564839'],
    ['World', 'WLD', '1961', '3072510324'],
  ]);

  it('files a valid candidate for the provider, with no deadline, from the system', () => {
    const [dispute] = candidates(first, '2026-11-30T02:00:00.000Z');
    expect(DisputeSchema.parse(dispute)).toEqual(dispute);
    expect(dispute).toMatchObject({
      origin: 'cross-check',
      state: 'candidate',
      provider: 'nbs',
      title: '世界各国人口',
      reporter: SYSTEM_ACTOR,
      input: { code: '301/000007', version: 1, row: { number: 2 }, field: 'Country Code' },
      cell: { rowNumber: 2, value: 'WLD' },
      crossCheck: { check: 'country-codes', reference: '314/000001' },
      overdue: [],
    });
    expect(dispute!.due).toBeUndefined();
    expect(dispute!.history).toEqual([
      {
        at: '2026-11-30T02:00:00.000Z',
        actor: SYSTEM_ACTOR,
        event: 'cross-check',
        to: 'candidate',
      },
    ]);
  });

  it('tells the provider in Chinese what was found and what to do, with the English detail', () => {
    const [dispute] = candidates(first, '2026-11-30T02:00:00.000Z');
    expect(dispute!.input.description).toContain('第 2、3 行');
    expect(dispute!.input.description).toContain(
      '"WLD" 不在权威来源 314/000001 的「ISO3166-1-Alpha-3」列中',
    );
    expect(dispute!.input.description).toContain('请核实');
    expect(dispute!.input.description).toContain(dispute!.crossCheck!.detail);
  });

  it('keeps the same id across runs and versions, so a rerun files nothing new', () => {
    const [before] = candidates(first, '2026-11-30T02:00:00.000Z');
    const later = population(2, [
      ['World', 'WLD', '2024', '8142056446'],
      ['Aruba', 'ABW', '2024', '107359'],
    ]);
    const [after] = candidates(later, '2026-12-07T02:00:00.000Z');
    expect(after!.id).toBe(before!.id);
    expect(after!.cell.rowNumber).toBe(1);
  });

  it('gives different values, columns and checks different ids', () => {
    const two = candidates(
      population(1, [
        ['World', 'WLD', '1960', '1'],
        ['Euro area', 'EMU', '1960', '1'],
      ]),
      '2026-11-30T02:00:00.000Z',
    );
    expect(new Set(two.map((d) => d.id)).size).toBe(2);
    const [finding] = compareWithReference(
      referenceValues(iso, 'ISO3166-1-Alpha-3'),
      first,
      { column: 'Country Code', referenceCode: '314/000001', referenceColumn: 'ISO3166-1-Alpha-3' },
      10,
    ).findings;
    const renamed = candidateDispute(
      finding!,
      { ...check, id: 'iso-codes' },
      entry(1),
      '2026-11-30T02:00:00.000Z',
      tokenSha256('s'),
    );
    expect(renamed.id).not.toBe(candidates(first, '2026-11-30T02:00:00.000Z')[0]!.id);
  });

  it('names the row by its key when the table has one', () => {
    const keyed = {
      ...population(1, [['World', 'WLD', '1960', '1']]),
      keyColumns: ['Country Code', 'Year'],
    };
    const [dispute] = candidates(keyed, '2026-11-30T02:00:00.000Z');
    expect(dispute!.input.row).toEqual({ key: { 'Country Code': 'WLD', Year: '1960' } });
    expect(dispute!.cell).toEqual({
      rowNumber: 1,
      key: { 'Country Code': 'WLD', Year: '1960' },
      value: 'WLD',
    });
  });

  it('disputes the label cell of a value labelled otherwise, with the expected label', () => {
    const names: VersionTable = {
      ...iso,
      columns: ['ISO3166-1-Alpha-3', 'name'],
      rows: [['PRI', 'Puerto Rico (US)']],
    };
    const gdp = population(1, [['Puerto Rico', 'PRI', '2000', '1']]);
    const [finding] = compareWithReference(
      referenceValues(names, 'ISO3166-1-Alpha-3', 'name'),
      gdp,
      {
        column: 'Country Code',
        labelColumn: 'Country Name',
        referenceCode: '314/000001',
        referenceColumn: 'ISO3166-1-Alpha-3',
      },
      10,
    ).findings;
    const dispute = candidateDispute(
      finding!,
      check,
      entry(1),
      '2026-11-30T02:00:00.000Z',
      tokenSha256('s'),
    );
    expect(dispute.input).toMatchObject({ field: 'Country Name', expected: 'Puerto Rico (US)' });
    expect(dispute.cell.value).toBe('Puerto Rico');
    expect(dispute.input.description).toContain('「Country Name」列把 "PRI" 标为 "Puerto Rico"');
  });
});
