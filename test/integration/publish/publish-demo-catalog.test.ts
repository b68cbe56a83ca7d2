import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import type { PublishSummary } from '../../../functions/src/services/publish/publish-catalog.ts';
import { CatalogSnapshotSchema } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { DatasetVersion } from '../../../functions/src/core/schemas/dataset-version.ts';
import { startTestStorage, storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { readCsvIndependently } from '../../support/independent-csv.ts';

let storage: TestStorage;
let first: PublishSummary;

async function getObject(bucket: string, key: string): Promise<Buffer> {
  const object = await storage.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function liveVersion(code: string): Promise<DatasetVersion> {
  const record = await storage.stores.catalog.get(code);
  return (await storage.stores.versions.get(code, record!.currentVersion!))!;
}

async function publishedJson(code: string): Promise<Record<string, unknown>[]> {
  const version = await liveVersion(code);
  const json = version.distributions.find((d) => d.format === 'json')!;
  return JSON.parse(
    (await getObject(storage.config.buckets[version.zone], json.key)).toString('utf8'),
  );
}

beforeAll(async () => {
  storage = await startTestStorage();
  first = await publishCatalog({
    source: new FolderCatalogSource(DEMO_DATA),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
});
afterAll(() => storage?.stop());

describe('publishing the demo catalog', () => {
  it('publishes a first version of every approved entry with data', () => {
    expect(first.published).toHaveLength(15);
    expect(first.published.every((p) => p.version === 1)).toBe(true);
  });

  it('reads back the row counts of the real files', async () => {
    const counts: Record<string, number> = {
      '103/000002': 31, // provinces.csv
      '103/000003': 342, // cities.csv
      '103/000004': 2978, // areas.csv
      '103/000005': 41352, // streets.csv
      '301/000001': 10, // 国内生产总值.csv, GBK, footnote rows included as delivered
      '314/000002': 1003, // de.csv, multi-line cells
    };
    for (const [code, rows] of Object.entries(counts)) {
      expect((await liveVersion(code)).rowCount, code).toBe(rows);
      expect(await publishedJson(code), code).toHaveLength(rows);
    }
  });

  it('keeps Chinese text identical to the source, cell by cell, in JSON and CSV', async () => {
    const source = await readCsvIndependently(
      join(DEMO_DATA, 'datasets/cn-admin-divisions-modood/csv/areas.csv'),
    );
    const json = await publishedJson('103/000004');
    expect(json.map((row) => Object.values(row).map(String))).toEqual(source);
    const version = await liveVersion('103/000004');
    const csvKey = version.distributions.find((d) => d.format === 'csv')!.key;
    const csv = (await getObject(storage.config.buckets.open, csvKey)).toString('utf8');
    expect(csv.split('\n')[1]).toBe('110101,东城区,1101,11');
  });

  it('turns the GBK file into the same text in UTF-8, footnotes and all', async () => {
    const gbkPath = join(DEMO_DATA, 'datasets/cn-nbs-stats-gbk-csv/data/国内生产总值.csv');
    const source = await readCsvIndependently(gbkPath, { gbk: true });
    const json = await publishedJson('301/000001');
    expect(json.map((row) => Object.values(row).map((v) => (v === null ? '' : String(v))))).toEqual(
      source,
    );
    expect(json.at(-1)!['指标']).toBe('数据来源：国家统计局');
    const version = await liveVersion('301/000001');
    expect(version.source).toMatchObject({ encoding: 'gb18030', delimiter: ',', header: true });
  });

  it('keeps multi-line cells whole', async () => {
    const source = await readCsvIndependently(
      join(DEMO_DATA, 'datasets/messy-csv-publicbodies-multiline/de.csv'),
    );
    const json = await publishedJson('314/000002');
    const multiline = source.flat().filter((cell) => cell.includes('\n'));
    expect(multiline.length).toBeGreaterThan(1000);
    const publishedCells = new Set(
      json.flatMap((row) => Object.values(row).filter((v) => typeof v === 'string')),
    );
    for (const cell of multiline) expect(publishedCells.has(cell)).toBe(true);
  });

  it('writes every distribution with the size and checksum the version records', async () => {
    const version = await liveVersion('103/000004');
    expect(version.distributions.map((d) => d.format)).toEqual(['csv', 'json', 'parquet']);
    const { createHash } = await import('node:crypto');
    for (const d of version.distributions) {
      const bytes = await getObject(storage.config.buckets.open, d.key);
      expect(bytes.length).toBe(d.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
    }
    expect(version.distributions[2]!.key).toBe('open/datasets/103-000004/1/data.parquet');
  });

  it('keeps data that is not 无条件开放 out of the open bucket', async () => {
    const open = await storage.clients.s3.send(
      new ListObjectsV2Command({ Bucket: storage.config.buckets.open }),
    );
    const openKeys = (open.Contents ?? []).map((o) => o.Key!);
    expect(openKeys.some((k) => k.includes('103-000005'))).toBe(false);
    expect(openKeys.some((k) => k.includes('314-000002'))).toBe(false);
    expect(openKeys.every((k) => k.startsWith('open/') || k.startsWith('catalog/'))).toBe(true);
    expect((await liveVersion('103/000005')).zone).toBe('shared');
  });

  it('writes a public snapshot without shared-only entries and a share snapshot with all', async () => {
    const pub = CatalogSnapshotSchema.parse(
      JSON.parse(
        (await getObject(storage.config.buckets.open, 'catalog/snapshot.json')).toString(),
      ),
    );
    const share = CatalogSnapshotSchema.parse(
      JSON.parse(
        (await getObject(storage.config.buckets.shared, 'catalog/share-catalog.json')).toString(),
      ),
    );
    expect(pub.entries.every((e) => e.openType !== '不予开放')).toBe(true);
    expect(share.entries.some((e) => e.openType === '不予开放')).toBe(true);
    expect(JSON.stringify(pub)).not.toContain('shared/datasets');
    expect(pub.counts.linkRate).toBeGreaterThan(0);
    expect(pub.counts.linkRate).toBeLessThan(1);
    expect(share.entries.find((e) => e.code === '103/000005')?.latest?.rowCount).toBe(41352);
  });

  it('makes no new version and changes nothing when published again', async () => {
    const before = await storageFingerprint(storage);
    const again = await publishCatalog({
      source: new FolderCatalogSource(DEMO_DATA),
      stores: storage.stores,
      tmpDir: '/tmp',
    });
    expect(again.published).toEqual([]);
    expect(again.unchanged).toHaveLength(15);
    expect(again.recorded).toEqual([]);
    expect(await storageFingerprint(storage)).toBe(before);
  });

  it('reads the GBK source exactly as delivered from the repository', async () => {
    const bytes = await readFile(
      join(DEMO_DATA, 'datasets/cn-nbs-stats-gbk-csv/data/国内生产总值.csv'),
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });
});
