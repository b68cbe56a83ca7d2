import type { CatalogEntry, CatalogRecord } from '../schemas/catalog-entry.ts';
import type { EntryStatus } from '../schemas/vocabulary.ts';
import { computeZone } from '../catalog/zone.ts';
import { sha256 } from './canonical-hash.ts';

/** The metadata of an entry: everything but its workflow state and where its file is. */
export function entryMetadata(entry: CatalogEntry): Omit<CatalogEntry, 'status' | 'data'> {
  const { status: _status, data: _data, ...metadata } = entry;
  return metadata;
}

/** An approved entry is published by the run that processes it. */
export function platformStatus(entry: CatalogEntry): EntryStatus {
  return entry.status === 'approved' ? 'published' : entry.status;
}

/**
 * The record the catalog should hold for an entry after this run, or `undefined` when the
 * stored record already says the same (so an unchanged catalog causes no writes).
 */
export function nextRecord(
  entry: CatalogEntry,
  previous: CatalogRecord | undefined,
  currentVersion: number | undefined,
  now: Date,
): CatalogRecord | undefined {
  const metadata = entryMetadata(entry);
  const metadataSha256 = sha256(metadata);
  const status = platformStatus(entry);
  const zone = computeZone(entry);
  if (
    previous &&
    previous.metadataSha256 === metadataSha256 &&
    previous.status === status &&
    previous.zone === zone &&
    previous.currentVersion === currentVersion
  )
    return undefined;
  return {
    ...metadata,
    status,
    zone,
    metadataSha256,
    ...(currentVersion !== undefined && { currentVersion }),
    hasData: currentVersion !== undefined,
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
}
