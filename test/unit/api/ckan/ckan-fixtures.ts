import { readFileSync } from 'node:fs';
import { buildCatalogIndex } from '../../../../functions/src/core/search/catalog-index.ts';
import { distributionKey } from '../../../../functions/src/core/publish/object-keys.ts';
import { MEDIA_TYPES } from '../../../../functions/src/core/schemas/distribution.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { CkanView } from '../../../../functions/src/api/ckan/ckan-package.ts';
import { demoSnapshot } from '../demo-snapshot.ts';

/** A real CKAN package_search answer (data.birmingham.gov.uk), as saved in the shared data. */
export const BIRMINGHAM =
  '/work/shared/realdata/ckan-package-search-birmingham-city-council/package_search.json';

type Json = Record<string, unknown>;

/** The real answer's packages. */
export function birminghamPackages(): Json[] {
  const answer = JSON.parse(readFileSync(BIRMINGHAM, 'utf8')) as { result: { results: Json[] } };
  return answer.result.results;
}

export const ORIGIN = 'https://data.example.gov.cn';

/**
 * A version of an entry as publishing records it. Sizes and hashes are placeholders: these
 * tests map metadata and never read the files (the integration test checks real ones).
 */
export function withData(entry: SnapshotEntry, version = 1): SnapshotEntry {
  const createdAt = '2026-11-28T08:30:15.123Z';
  return {
    ...entry,
    currentVersion: version,
    hasData: true,
    latest: {
      version,
      createdAt,
      rowCount: 2978,
      schema: { fields: [{ name: 'code', type: 'string' }] },
      distributions: (['csv', 'json', 'parquet'] as const).map((format, i) => ({
        format,
        mediaType: MEDIA_TYPES[format],
        key: distributionKey('open', entry.code, version, format),
        bytes: 1000 * (i + 1),
        sha256: String(i).repeat(64),
      })),
    },
    versions: [{ version, createdAt, rowCount: 2978 }],
  };
}

/** The demo catalog's public snapshot, with data for the given codes, and a view over it. */
export async function demoView(
  withDataFor: readonly string[] = ['103/000004', '103/000002'],
): Promise<{ snapshot: CatalogSnapshot; view: CkanView }> {
  const base = await demoSnapshot();
  const snapshot = {
    ...base,
    entries: base.entries.map((entry) =>
      withDataFor.includes(entry.code) ? withData(entry) : entry,
    ),
  };
  return { snapshot, view: { index: buildCatalogIndex(snapshot), origin: ORIGIN } };
}

/** The JSON type of a value, as the mapping test compares them. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
