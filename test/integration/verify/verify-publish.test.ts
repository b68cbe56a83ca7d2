import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import { SHARE_SNAPSHOT_KEY } from '../../../functions/src/core/publish/object-keys.ts';
import { CatalogSnapshotSchema } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';
import { openEntry } from '../../support/entries.ts';
import { startTestStorage, storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';

const CSV = 'code,name\n110101,东城区\n110102,西城区\n';
const DECLARED = entryWithData('103/000001', 'areas.csv', {
  verification: { keyFields: ['code'], verifiableFields: ['name'] },
});
let storage: TestStorage;
const folders: string[] = [];

async function publish(entries: CatalogEntryInput[]) {
  const dir = await catalogFolder(entries, { 'datasets/areas.csv': CSV });
  folders.push(dir);
  return publishCatalog({
    source: new FolderCatalogSource(dir),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
}

/** Publishing must fail with these problems and leave storage exactly as it was. */
async function refused(entries: CatalogEntryInput[]): Promise<Problem[]> {
  const before = await storageFingerprint(storage);
  const error = await publish(entries).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatarunError);
  expect(await storageFingerprint(storage)).toBe(before);
  return [...(error as DatarunError).problems];
}

beforeAll(async () => {
  storage = await startTestStorage();
  await publish([DECLARED]);
});
afterAll(async () => {
  await storage?.stop();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('publishCatalog with verification declarations', () => {
  it('carries the declaration into the share catalog snapshot', async () => {
    const text = await storage.stores.objects.getText('shared', SHARE_SNAPSHOT_KEY);
    const snapshot = CatalogSnapshotSchema.parse(JSON.parse(text!));
    expect(snapshot.entries.find((e) => e.code === '103/000001')?.verification).toEqual({
      keyFields: ['code'],
      verifiableFields: ['name'],
    });
  });

  it('refuses a new entry naming columns its data lacks, naming the file and each field', async () => {
    const problems = await refused([
      DECLARED,
      entryWithData('103/000002', 'areas.csv', {
        verification: { keyFields: ['统一社会信用代码'], verifiableFields: ['name', '法定代表人'] },
      }),
    ]);
    expect(problems.map((p) => [p.file, p.field])).toEqual([
      [expect.stringMatching(/entries\/103-000002\.yaml$/), 'verification.keyFields.0'],
      [expect.stringMatching(/entries\/103-000002\.yaml$/), 'verification.verifiableFields.1'],
    ]);
    expect(problems[0]!.message).toContain('the columns are code, name');
  });

  it('refuses a changed declaration on data already live', async () => {
    const problems = await refused([
      { ...DECLARED, verification: { keyFields: ['code'], verifiableFields: ['population'] } },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['verification.verifiableFields.0']);
  });

  it('refuses a declaration on an entry without data', async () => {
    const problems = await refused([
      DECLARED,
      openEntry({ code: '103/000003', verification: { keyFields: ['code'] } }),
    ]);
    expect(problems.map((p) => p.field)).toEqual(['verification']);
    expect(problems[0]!.file).toMatch(/entries\/103-000003\.yaml$/);
  });
});
