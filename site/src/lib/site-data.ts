import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agency } from '../../../functions/src/core/schemas/agency.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { codeSlug } from '../../../functions/src/core/publish/object-keys.ts';
import {
  SITE_INPUT_ENV,
  SITE_INPUT_FILES,
  previewPath,
} from '../../../functions/src/services/site/site-layout.ts';
import type { Preview, SiteOptions } from '../../../functions/src/services/site/site-input.ts';

export type { Agency, Preview, SnapshotEntry };

/** The catalog as the site reads it, with the lookups every page needs. */
export type SiteData = {
  snapshot: CatalogSnapshot;
  options: SiteOptions;
  agencies: ReadonlyMap<string, Agency>;
  bySlug: ReadonlyMap<string, SnapshotEntry>;
  /** Entries per agency code, in catalog order. */
  byAgency: ReadonlyMap<string, readonly SnapshotEntry[]>;
};

let loaded: SiteData | undefined;

function inputDir(): string {
  const dir = process.env[SITE_INPUT_ENV];
  if (!dir)
    throw new Error(`${SITE_INPUT_ENV} is not set: build the site with \`datarun build-site\``);
  return dir;
}

/**
 * The site input, read once per build. `datarun build-site` has validated it against the
 * snapshot schema before Astro starts, so it is trusted here.
 */
export function siteData(): SiteData {
  if (loaded) return loaded;
  const dir = inputDir();
  const snapshot = JSON.parse(
    readFileSync(join(dir, SITE_INPUT_FILES.snapshot), 'utf8'),
  ) as CatalogSnapshot;
  const options = JSON.parse(
    readFileSync(join(dir, SITE_INPUT_FILES.options), 'utf8'),
  ) as SiteOptions;
  const byAgency = new Map<string, SnapshotEntry[]>();
  for (const entry of snapshot.entries) {
    const list = byAgency.get(entry.provider) ?? [];
    list.push(entry);
    byAgency.set(entry.provider, list);
  }
  loaded = {
    snapshot,
    options,
    agencies: new Map(snapshot.agencies.map((agency) => [agency.code, agency])),
    bySlug: new Map(snapshot.entries.map((entry) => [codeSlug(entry.code), entry])),
    byAgency,
  };
  return loaded;
}

/** The first rows of an entry's open data, or undefined when it has none. */
export function preview(entry: SnapshotEntry): Preview | undefined {
  if (!entry.latest) return undefined;
  return JSON.parse(readFileSync(previewPath(inputDir(), entry.code), 'utf8')) as Preview;
}

export { codeSlug };
