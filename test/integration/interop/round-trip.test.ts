import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { importCatalog } from '../../../functions/src/services/interop/import-catalog.ts';
import {
  EXPORT_KEYS,
  PUBLIC_SNAPSHOT_KEY,
} from '../../../functions/src/core/publish/object-keys.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { copyOfDemoCatalog } from '../../support/catalog-folder.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';

// Export, then import into a fresh instance: the same catalog. Instance A publishes the demo
// catalog's metadata; its DCAT-AP export is imported into a new folder, which instance B
// publishes. The data files are left out: the round trip is about the catalog.

const work: string[] = [];
let a: TestStorage;

async function metadataOnlyDemo(): Promise<string> {
  const dir = await copyOfDemoCatalog();
  work.push(dir);
  for (const name of await readdir(join(dir, 'entries'))) {
    const path = join(dir, 'entries', name);
    const entry = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    delete entry.data;
    // A verification service needs data to verify against, and no DCAT term carries one.
    delete entry.verification;
    await writeFile(path, stringify(entry));
  }
  return dir;
}

async function publicSnapshot(storage: TestStorage): Promise<CatalogSnapshot> {
  return JSON.parse(
    (await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!,
  ) as CatalogSnapshot;
}

/** An entry's catalog metadata: what the round trip must keep. */
function metadata(entry: SnapshotEntry) {
  const {
    origin: _origin,
    updatedAt: _updatedAt,
    versions: _versions,
    latest: _latest,
    hasData: _hasData,
    currentVersion: _currentVersion,
    ...rest
  } = entry;
  return rest;
}

async function roundTrip(key: string, file: string): Promise<CatalogSnapshot> {
  const target = await startTestStorage();
  const out = await mkdtemp(join(tmpdir(), 'datarun-round-trip-'));
  work.push(out);
  const text = (await a.stores.objects.getText('open', key))!;
  const report = await importCatalog({
    from: 'dcat',
    file,
    bytes: new TextEncoder().encode(text),
    outDir: out,
  });
  expect(report.skipped).toEqual([]);
  await publishCatalog({
    source: new FolderCatalogSource(out),
    stores: target.stores,
    tmpDir: tmpdir(),
  });
  const snapshot = await publicSnapshot(target);
  await target.stop();
  return snapshot;
}

beforeAll(async () => {
  a = await startTestStorage();
  await publishCatalog({
    source: new FolderCatalogSource(await metadataOnlyDemo()),
    stores: a.stores,
    tmpDir: tmpdir(),
  });
}, 120_000);

afterAll(async () => {
  await a?.stop();
  for (const dir of work) await rm(dir, { recursive: true, force: true });
});

describe('exporting the catalog and importing it into a fresh instance', () => {
  for (const [name, key] of [
    ['DCAT-AP JSON-LD', EXPORT_KEYS.dcatJsonLd],
    ['DCAT-AP Turtle', EXPORT_KEYS.dcatTurtle],
  ] as const)
    it(`gives the same catalog through the ${name} export`, async () => {
      const original = await publicSnapshot(a);
      const copy = await roundTrip(key, key.split('/').pop()!);
      expect(original.entries.length).toBeGreaterThan(50);
      expect(copy.entries.map(metadata)).toEqual(original.entries.map(metadata));
      // Every agency of the copy is the original's, field for field.
      const originals = new Map(original.agencies.map((agency) => [agency.code, agency]));
      for (const agency of copy.agencies) expect(agency).toEqual(originals.get(agency.code));
      const providers = new Set(original.entries.map((e) => e.provider));
      expect(new Set(copy.agencies.map((agency) => agency.code))).toEqual(providers);
      // Provenance: each imported entry names instance A's catalog and its original code.
      for (const entry of copy.entries) expect(entry.origin?.id).toBe(entry.code);
    }, 120_000);
});
