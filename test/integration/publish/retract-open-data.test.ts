import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { PUBLIC_SNAPSHOT_KEY } from '../../../functions/src/core/publish/object-keys.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';

const CODE = '103/000001';
let storage: TestStorage;
let dir: string;
const publish = () =>
  publishCatalog({ source: new FolderCatalogSource(dir), stores: storage.stores, tmpDir: '/tmp' });
const rewrite = (overrides: object) =>
  writeFile(
    join(dir, 'entries/103-000001.yaml'),
    stringify({ ...entryWithData(CODE, 'p.csv'), ...overrides }),
  );

beforeAll(async () => {
  storage = await startTestStorage();
  dir = await catalogFolder([entryWithData(CODE, 'p.csv')], {
    'datasets/p.csv': 'code,name\n110000,北京市\n',
  });
  await publish();
});
afterAll(async () => {
  await storage?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an entry that stops being open', () => {
  it('takes every earlier version out of the open bucket and keeps it for agencies', async () => {
    expect(await storage.stores.objects.list('open', 'open/datasets/103-000001/')).toHaveLength(4);
    await rewrite({ level: 2, openType: '有条件开放', openCondition: '经申请审核后开放' });
    await publish();

    expect(await storage.stores.objects.list('open', 'open/')).toEqual([]);
    const versions = await storage.stores.versions.list(CODE);
    expect(versions.map((v) => [v.version, v.zone])).toEqual([
      [1, 'shared'],
      [2, 'shared'],
    ]);
    expect(
      await storage.stores.objects.getText('shared', 'shared/datasets/103-000001/1/data.csv'),
    ).toBe('code,name\n110000,北京市\n');
    const snapshot = JSON.parse(
      (await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!,
    );
    expect(snapshot.entries[0].latest).toBeUndefined();
    expect(snapshot.entries[0].versions).toEqual([]);
  });

  it('moves the data of a withdrawn entry to the private zone', async () => {
    await rewrite({ status: 'approved' });
    await publish();
    expect(await storage.stores.objects.list('open', 'open/datasets/103-000001/')).toHaveLength(4);
    await rewrite({ status: 'withdrawn' });
    await publish();
    expect(await storage.stores.objects.list('open', 'open/')).toEqual([]);
    const record = await storage.stores.catalog.get(CODE);
    expect(record?.status).toBe('withdrawn');
    const live = await storage.stores.versions.get(CODE, record!.currentVersion!);
    expect(live?.zone).toBe('staging');
  });
});
