import type { Agency } from '../schemas/agency.ts';
import type { CatalogRecord } from '../schemas/catalog-entry.ts';
import type { DatasetVersion } from '../schemas/dataset-version.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { isPubliclyListed } from '../catalog/zone.ts';

export type SnapshotKind = CatalogSnapshot['kind'];

/**
 * Builds a catalog snapshot from the stored records and versions. The public snapshot holds
 * only published entries the public may see, and data only from the open zone; the share
 * snapshot holds every published entry with its data wherever it is. `generatedAt` is the
 * newest change, so an unchanged catalog gives identical bytes.
 */
export function buildSnapshot(
  kind: SnapshotKind,
  records: readonly CatalogRecord[],
  versionsByCode: ReadonlyMap<string, readonly DatasetVersion[]>,
  agencies: readonly Agency[],
): CatalogSnapshot {
  const listed = records.filter(
    (record) => record.status === 'published' && (kind === 'share' || isPubliclyListed(record)),
  );
  const entries = listed.map((record) =>
    snapshotEntry(kind, record, versionsByCode.get(record.code) ?? []),
  );
  // 挂接率 counts entries linked to data, whether or not this reader may download it.
  const withData = listed.filter((record) => record.hasData).length;
  const generatedAt = records.reduce(
    (newest, r) => (r.updatedAt > newest ? r.updatedAt : newest),
    '1970-01-01T00:00:00.000Z',
  );
  return {
    kind,
    generatedAt,
    counts: {
      entries: entries.length,
      agencies: agencies.length,
      withData,
      linkRate: entries.length === 0 ? 0 : withData / entries.length,
    },
    agencies: [...agencies],
    entries,
  };
}

function snapshotEntry(
  kind: SnapshotKind,
  record: CatalogRecord,
  versions: readonly DatasetVersion[],
): SnapshotEntry {
  const { metadataSha256: _hash, revision: _revision, ...fields } = record;
  const live = versions
    .filter((v) => record.currentVersion !== undefined && v.version <= record.currentVersion)
    .sort((a, b) => a.version - b.version);
  const readable = live.filter((v) => kind === 'share' || v.zone === 'open');
  const latest = readable.at(-1);
  return {
    ...fields,
    ...(latest && {
      latest: {
        version: latest.version,
        createdAt: latest.createdAt,
        rowCount: latest.rowCount,
        schema: latest.schema,
        distributions: latest.distributions,
      },
    }),
    versions: readable.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      rowCount: v.rowCount,
    })),
  };
}
