import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { PUBLIC_SNAPSHOT_KEY } from '../../../functions/src/core/publish/object-keys.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';

const CODE = '103/000001';
const CSV = 'code,name\n110000,北京市\n120000,天津市\n';
let storage: TestStorage;
let dir: string;

const publish = (faults = {}) =>
  publishCatalog({
    source: new FolderCatalogSource(dir),
    stores: storage.stores,
    tmpDir: '/tmp',
    faults,
  });

beforeAll(async () => {
  storage = await startTestStorage();
  dir = await catalogFolder([entryWithData(CODE, 'provinces.csv')], {
    'datasets/provinces.csv': CSV,
  });
  await publish();
});
afterAll(async () => {
  await storage?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a crash between writing objects and moving the catalog pointer', () => {
  it('leaves the old version live, and the next run completes the new one', async () => {
    await appendFile(join(dir, 'datasets/provinces.csv'), '130000,河北省\n');
    const crash = new Error('power cut');
    await expect(
      publish({
        afterObjectsWritten: () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);

    // The objects of version 2 exist, but nobody reading the catalog can see them.
    expect(
      await storage.stores.objects.head('open', 'open/datasets/103-000001/2/data.csv'),
    ).toBeDefined();
    expect((await storage.stores.catalog.get(CODE))?.currentVersion).toBe(1);
    const snapshot = JSON.parse(
      (await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!,
    );
    expect(snapshot.entries[0].latest).toMatchObject({ version: 1, rowCount: 2 });

    const summary = await publish();
    expect(summary.published).toEqual([{ code: CODE, version: 2 }]);
    expect((await storage.stores.catalog.get(CODE))?.currentVersion).toBe(2);
    const after = JSON.parse((await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!);
    expect(after.entries[0].latest).toMatchObject({ version: 2, rowCount: 3 });
    expect(after.entries[0].versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('keeps every earlier version readable', async () => {
    const v1 = await storage.stores.objects.getText('open', 'open/datasets/103-000001/1/data.csv');
    expect(v1).toBe('code,name\n110000,北京市\n120000,天津市\n');
  });
});
