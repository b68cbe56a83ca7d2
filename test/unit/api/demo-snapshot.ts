import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../../../functions/src/services/load-catalog.ts';
import { nextRecord } from '../../../functions/src/core/publish/catalog-record.ts';
import { buildSnapshot } from '../../../functions/src/core/publish/snapshot.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';

/**
 * The public snapshot of the repository's demo catalog, built in memory the way publishing
 * builds it (without data versions), so search is tested on real titles and abstracts.
 */
export async function demoSnapshot(): Promise<CatalogSnapshot> {
  const { agencies, entries } = await loadCatalog(new FolderCatalogSource(DEMO_DATA));
  const now = new Date('2026-11-28T00:00:00Z');
  const records = entries.flatMap(({ entry }) => {
    const record = nextRecord(entry, undefined, undefined, now);
    return record ? [record] : [];
  });
  return buildSnapshot('public', records, new Map(), agencies);
}

/** A snapshot entry to vary in tests, from a real demo entry. */
export function snapshotEntry(
  base: SnapshotEntry,
  overrides: Partial<SnapshotEntry>,
): SnapshotEntry {
  return { ...base, ...overrides };
}
