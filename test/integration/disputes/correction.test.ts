import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { DisputeSchema } from '../../../functions/src/core/disputes/dispute.ts';
import type { Dispute } from '../../../functions/src/core/disputes/dispute.ts';
import { CorrectionsLogSchema } from '../../../functions/src/core/disputes/dispute-views.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import {
  PUBLIC_SNAPSHOT_KEY,
  QUALITY_KEYS,
} from '../../../functions/src/core/publish/object-keys.ts';
import { CatalogSnapshotSchema } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { DatasetVersion } from '../../../functions/src/core/schemas/dataset-version.ts';
import { publishCorrection } from '../../../functions/src/services/disputes/publish-correction.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { DEMO_DATA, catalogFolder } from '../../support/catalog-folder.ts';
import { startTestStorage, storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';

const DIVISIONS = 'datasets/cn-admin-divisions-modood/csv';
const PROVINCES = '103/000002';
const AREAS = '103/000004';

let storage: TestStorage;
let folder: string;
/** The disputes reported in this file, in order, as stored. */
const disputes: Dispute[] = [];
const realProvinces = await readFile(join(DEMO_DATA, DIVISIONS, 'provinces.csv'), 'utf8');
const realAreas = await readFile(join(DEMO_DATA, DIVISIONS, 'areas.csv'), 'utf8');

/** The demo entry of `code`, reading its data from `datasets/{file}` of the test folder. */
async function demoEntry(code: string, file: string): Promise<CatalogEntryInput> {
  const text = await readFile(join(DEMO_DATA, 'entries', `${code.replace('/', '-')}.yaml`), 'utf8');
  return { ...(parse(text) as CatalogEntryInput), related: [], data: { path: `datasets/${file}` } };
}

/** A public report on one cell, stored as reported. */
async function report(
  code: string,
  version: number,
  key: Record<string, string>,
  rowNumber: number,
  value: string,
): Promise<Dispute> {
  const reporter = {
    user: 'public:zhang@example.org',
    name: '张',
    agency: 'public',
    role: 'public',
  };
  const at = '2025-03-03T02:00:00.000Z';
  const dispute = DisputeSchema.parse({
    id: `dp_${code.replace('/', '')}${rowNumber}aaaaaaaa`,
    revision: 1,
    origin: 'public',
    input: { code, version, row: { key }, field: 'name', description: '名称有错别字' },
    cell: { rowNumber, key, value },
    title: '统计用区划代码',
    provider: 'nbs',
    reporter,
    statusTokenSha256: 'b'.repeat(64),
    state: 'reported',
    createdAt: at,
    updatedAt: at,
    overdue: [],
    history: [{ at, actor: reporter, event: 'report', to: 'reported' }],
  });
  await storage.stores.disputes.create(dispute);
  disputes.push(dispute);
  return dispute;
}

/** Stores a dispute as corrected, as its state machine would after the correction. */
async function recordCorrection(dispute: Dispute, correction: Dispute['correction']) {
  const corrected = {
    ...dispute,
    revision: dispute.revision + 1,
    state: 'corrected' as const,
    correction,
  };
  await storage.stores.disputes.replace(corrected);
  disputes[disputes.indexOf(dispute)] = corrected;
}

async function live(code: string): Promise<DatasetVersion> {
  const record = await storage.stores.catalog.get(code);
  return (await storage.stores.versions.get(code, record!.currentVersion!))!;
}

async function csvOf(version: DatasetVersion): Promise<string[]> {
  const key = version.distributions.find((d) => d.format === 'csv')!.key;
  return (await storage.stores.objects.getText(version.zone, key))!.split('\n');
}

async function publish() {
  return publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
}

async function refusal(promise: Promise<unknown>): Promise<DatarunError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatarunError);
  return error as DatarunError;
}

beforeAll(async () => {
  storage = await startTestStorage();
  // Two misspellings put into the real table, so reports have something true to find.
  folder = await catalogFolder(
    [await demoEntry(PROVINCES, 'provinces.csv'), await demoEntry(AREAS, 'areas.csv')],
    {
      'datasets/provinces.csv': realProvinces
        .replace('"河北省"', '"河北生"')
        .replace('"山西省"', '"山西生"'),
      'datasets/areas.csv': realAreas.replace('"东城区"', '"东成区"'),
    },
  );
  await publish();
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('publishCorrection', () => {
  const hebei = () => disputes[0]!;
  const shanxi = () => disputes[1]!;

  it('refuses a correction that does not change the disputed cell, and writes nothing', async () => {
    await report(PROVINCES, 1, { code: '13' }, 3, '河北生');
    await report(PROVINCES, 1, { code: '14' }, 4, '山西生');
    const before = await storageFingerprint(storage);
    const error = await refusal(
      publishCorrection({
        stores: storage.stores,
        tmpDir: '/tmp',
        dispute: hebei(),
        edits: [
          { field: 'name', value: '河北生' },
          { row: 1, field: 'name', value: '北京' },
        ],
        now: new Date('2025-03-04T02:00:00Z'),
      }),
    );
    expect(error.problems).toEqual([
      {
        code: 'invalid-value',
        message:
          'the correction does not change the disputed cell name of row 3: it is still "河北生"',
        field: 'edits.0.value',
      },
    ]);
    expect(await storageFingerprint(storage)).toBe(before);
    expect((await storage.stores.catalog.get(PROVINCES))!.currentVersion).toBe(1);
    expect(await storage.stores.versions.get(PROVINCES, 2)).toBeUndefined();
  });

  it('publishes version 2 in which only the listed cell differs, and makes it live', async () => {
    const v1 = await live(PROVINCES);
    const revision = (await storage.stores.catalog.get(PROVINCES))!.revision;
    const correction = await publishCorrection({
      stores: storage.stores,
      tmpDir: '/tmp',
      dispute: hebei(),
      edits: [{ field: 'name', value: '河北省' }],
      note: '更正错别字',
      now: new Date('2025-03-04T02:00:00Z'),
    });
    expect(correction).toEqual({
      version: 2,
      basedOn: 1,
      changes: [{ row: 3, key: { code: '13' }, field: 'name', before: '河北生', after: '河北省' }],
      at: '2025-03-04T02:00:00.000Z',
    });
    const record = (await storage.stores.catalog.get(PROVINCES))!;
    expect([record.currentVersion, record.revision]).toEqual([2, revision + 1]);
    const v2 = await live(PROVINCES);
    expect(v2.corrects).toEqual({
      disputes: [hebei().id],
      sourceInputSha256: v1.inputSha256,
      note: '更正错别字',
    });
    expect(v2.inputSha256).not.toBe(v1.inputSha256);
    expect(v2.schema).toEqual(v1.schema);
    expect(v2.rowCount).toBe(31);
    const [before, after] = [await csvOf(v1), await csvOf(v2)];
    const differing = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
    expect(differing).toEqual([['13,河北生', '13,河北省']]);
    expect(after).toHaveLength(before.length);
    await recordCorrection(hebei(), correction);
  });

  it('shows version 2 in the public snapshot and the correction in the corrections log', async () => {
    const snapshot = CatalogSnapshotSchema.parse(
      JSON.parse((await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!),
    );
    const entry = snapshot.entries.find((e) => e.code === PROVINCES)!;
    expect(entry.latest?.version).toBe(2);
    expect(entry.versions.map((v) => v.version)).toEqual([1, 2]);
    const log = CorrectionsLogSchema.parse(
      JSON.parse((await storage.stores.objects.getText('open', QUALITY_KEYS.correctionsJson))!),
    );
    expect(log.entries[PROVINCES]).toEqual({
      corrections: [
        {
          dispute: hebei().id,
          code: PROVINCES,
          reportedVersion: 1,
          version: 2,
          at: '2025-03-04T02:00:00.000Z',
          field: 'name',
          changes: [
            { row: 3, key: { code: '13' }, field: 'name', before: '河北生', after: '河北省' },
          ],
        },
      ],
      open: 1,
      rejected: 0,
    });
  });

  it('corrects a report on version 1 in version 2, found by key, keeping the first source', async () => {
    const v1 = (await storage.stores.versions.get(PROVINCES, 1))!;
    const correction = await publishCorrection({
      stores: storage.stores,
      tmpDir: '/tmp',
      dispute: shanxi(),
      edits: [{ field: 'name', value: '山西省' }],
      now: new Date('2025-03-05T02:00:00Z'),
    });
    expect([correction.version, correction.basedOn]).toEqual([3, 2]);
    await recordCorrection(shanxi(), correction);
    const v3 = await live(PROVINCES);
    expect(v3.corrects?.sourceInputSha256).toBe(v1.inputSha256);
    expect((await csvOf(v3)).slice(3, 5)).toEqual(['13,河北省', '14,山西省']);
  });

  it('keeps the correction live when the unchanged source file is published again', async () => {
    const summary = await publish();
    expect(summary.published).toEqual([]);
    expect(summary.unchanged).toEqual(expect.arrayContaining([PROVINCES, AREAS]));
    expect((await storage.stores.catalog.get(PROVINCES))!.currentVersion).toBe(3);
  });

  it('publishes a new version from a source file the provider changed', async () => {
    await writeFile(join(folder, 'datasets/provinces.csv'), realProvinces);
    const summary = await publish();
    expect(summary.published).toEqual([{ code: PROVINCES, version: 4 }]);
    const v4 = await live(PROVINCES);
    expect(v4.corrects).toBeUndefined();
    expect(await csvOf(v4)).toEqual(
      await csvOf((await storage.stores.versions.get(PROVINCES, 3))!),
    );
  });

  it('keeps personal data out of the open zone in a correction too', async () => {
    const dispute = await report(AREAS, 1, { code: '110101' }, 1, '东成区');
    const before = await storageFingerprint(storage);
    // The example ID number of GB 11643, not a real person's.
    const error = await refusal(
      publishCorrection({
        stores: storage.stores,
        tmpDir: '/tmp',
        dispute,
        edits: [{ field: 'name', value: '东城区 11010519491231002X' }],
        now: new Date('2025-03-06T02:00:00Z'),
      }),
    );
    expect(error.problems.map((p) => [p.code, p.field])).toEqual([['invalid-value', 'edits']]);
    expect(error.message).toMatch(
      /^edits: the corrected data cannot be published: column "name": 1 row holds .*personal data may not be published openly/,
    );
    expect(await storageFingerprint(storage)).toBe(before);
  });

  it('corrects one cell of the 2,978 county rows in one go', async () => {
    const dispute = disputes.at(-1)!;
    const started = performance.now();
    const correction = await publishCorrection({
      stores: storage.stores,
      tmpDir: '/tmp',
      dispute,
      edits: [{ field: 'name', value: '东城区' }],
      now: new Date('2025-03-06T02:00:00Z'),
    });
    const ms = performance.now() - started;
    console.info(`one correction of ${AREAS} (2,978 rows): ${ms.toFixed(0)} ms`);
    expect(correction.changes).toEqual([
      { row: 1, key: { code: '110101' }, field: 'name', before: '东成区', after: '东城区' },
    ]);
    const v2 = await live(AREAS);
    expect(v2.rowCount).toBe(2978);
    // The corrected table is the real one again, byte for byte.
    expect((await csvOf(v2)).join('\n')).toBe(realAreas.replaceAll('"', ''));
  });
});
