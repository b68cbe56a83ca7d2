import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { startTestStorage, storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';

// Synthetic numbers that pass every check (GB 11643 example ID, allocated mobile segment);
// no real person's data is used.
const ID = '11010519491231002X';
const MOBILE = '13812345678';
const CSV = `姓名,证件号码,联系电话,备注\n张某,${ID},${MOBILE},无\n李某,110105194912310038,,电话${MOBILE}\n`;
const items = [
  { name: '姓名', type: '字符型' as const },
  { name: '证件号码', type: '字符型' as const },
  { name: '联系电话', type: '字符型' as const },
  { name: '备注', type: '字符型' as const },
];
let storage: TestStorage;
const folders: string[] = [];

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(async () => {
  await storage?.stop();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('the personal-data gate', () => {
  it('blocks open publication, naming columns and row counts but never values', async () => {
    const dir = await catalogFolder([entryWithData('101/000009', 'people.csv', { items })], {
      'datasets/people.csv': CSV,
    });
    folders.push(dir);
    const before = await storageFingerprint(storage);
    const error = (await publishCatalog({
      source: new FolderCatalogSource(dir),
      stores: storage.stores,
      tmpDir: '/tmp',
    }).catch((e) => e)) as DatarunError;
    expect(error).toBeInstanceOf(DatarunError);
    expect(error.problems.map((p) => [p.code, p.field])).toEqual([
      ['personal-data', '证件号码'],
      ['personal-data', '联系电话'],
      ['personal-data', '备注'],
    ]);
    expect(error.problems[0]!.message).toMatch(/^column "证件号码": 2 rows hold/);
    expect(error.message).not.toContain(ID.slice(0, 10));
    expect(error.message).not.toContain(MOBILE);
    expect(await storageFingerprint(storage)).toBe(before);
  });

  it('lets the same data into the shared zone when the entry is not open', async () => {
    const entry = entryWithData('101/000009', 'people.csv', {
      items,
      level: 3,
      openType: '不予开放',
      shareType: '有条件共享',
      shareCondition: '仅用于身份核验',
    });
    const dir = await catalogFolder([entry], { 'datasets/people.csv': CSV });
    folders.push(dir);
    const summary = await publishCatalog({
      source: new FolderCatalogSource(dir),
      stores: storage.stores,
      tmpDir: '/tmp',
    });
    expect(summary.published).toEqual([{ code: '101/000009', version: 1 }]);
    expect(await storage.stores.objects.list('open', 'open/')).toEqual([]);
    expect(
      await storage.stores.objects.list('shared', 'shared/datasets/101-000009/1/'),
    ).toHaveLength(4);
  });
});
