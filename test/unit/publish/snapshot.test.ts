import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../functions/src/core/publish/snapshot.ts';
import { nextRecord } from '../../../functions/src/core/publish/catalog-record.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { DatasetVersion } from '../../../functions/src/core/schemas/dataset-version.ts';
import { agency, openEntry } from '../../support/entries.ts';

const now = new Date('2026-11-28T10:00:00Z');
const record = (overrides: Parameters<typeof openEntry>[0], version?: number) =>
  nextRecord(CatalogEntrySchema.parse(openEntry(overrides)), undefined, version, now)!;
const version = (code: string, n: number, zone: DatasetVersion['zone']): DatasetVersion => ({
  code,
  version: n,
  zone,
  inputSha256: 'a'.repeat(64),
  createdAt: now.toISOString(),
  source: { path: 'x.csv', bytes: 10, encoding: 'utf-8', delimiter: ',', header: true },
  rowCount: 3,
  schema: { fields: [{ name: 'code', type: 'string' }] },
  distributions: [
    {
      format: 'csv',
      mediaType: 'text/csv',
      key: `${zone}/datasets/x/${n}/data.csv`,
      bytes: 10,
      sha256: 'b'.repeat(64),
    },
  ],
  claim: { token: 't', at: now.toISOString() },
});

const records = [
  record({ code: '103/000001' }, 2),
  record(
    {
      code: '103/000002',
      level: 2,
      openType: '有条件开放',
      openCondition: '申请',
      shareType: '有条件共享',
      shareCondition: '用途',
    },
    1,
  ),
  record({
    code: '101/000001',
    level: 3,
    openType: '不予开放',
    shareType: '有条件共享',
    shareCondition: '用途',
  }),
  record({ code: '103/000003', status: 'draft' }),
];
const versions = new Map([
  [
    '103/000001',
    [
      version('103/000001', 1, 'open'),
      version('103/000001', 2, 'open'),
      version('103/000001', 3, 'open'),
    ],
  ],
  ['103/000002', [version('103/000002', 1, 'shared')]],
]);

describe('buildSnapshot', () => {
  it('lists only published entries the public may see, with open data only', () => {
    const snapshot = buildSnapshot('public', records, versions, [agency()]);
    expect(snapshot.entries.map((e) => e.code)).toEqual(['103/000001', '103/000002']);
    expect(snapshot.entries[0]!.latest?.version).toBe(2);
    expect(snapshot.entries[1]!.latest).toBeUndefined();
    expect(JSON.stringify(snapshot)).not.toContain('shared/datasets');
  });

  it('ignores versions above the pointer (claims not yet live)', () => {
    const snapshot = buildSnapshot('public', records, versions, []);
    expect(snapshot.entries[0]!.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('gives agencies every published entry and its shared data', () => {
    const snapshot = buildSnapshot('share', records, versions, []);
    expect(snapshot.entries.map((e) => e.code)).toEqual(['103/000001', '103/000002', '101/000001']);
    expect(snapshot.entries[1]!.latest?.distributions[0]!.key).toMatch(/^shared\//);
  });

  it('counts the link rate (挂接率) over listed entries', () => {
    expect(buildSnapshot('share', records, versions, []).counts).toMatchObject({
      entries: 3,
      withData: 2,
      linkRate: 2 / 3,
    });
  });

  it('is the same for the same catalog', () => {
    expect(JSON.stringify(buildSnapshot('public', records, versions, []))).toBe(
      JSON.stringify(buildSnapshot('public', records, versions, [])),
    );
  });
});
