import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CatalogSnapshotSchema } from '../../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
import { FederatedCatalogSchema } from '../../core/federation/federated-catalog.ts';
import type { FederatedCatalog } from '../../core/federation/federated-catalog.ts';
import { IsoDateSchema } from '../../core/schemas/common.ts';
import type { QualityReport } from '../../core/quality/quality-report.ts';
import type { CorrectionsLog } from '../../core/disputes/dispute-views.ts';
import { SITE_INPUT_FILES } from './site-layout.ts';

/** The first rows of an entry's published data, as the entry page shows them. */
export const PreviewSchema = z.object({
  /** Column names, as in the header of the published CSV. */
  columns: z.array(z.string()),
  /** At most `PREVIEW_ROWS` rows, each cell as the CSV holds it. */
  rows: z.array(z.array(z.string())),
});
export type Preview = z.infer<typeof PreviewSchema>;

/** Settings of one site build that are not catalog data. */
export const SiteOptionsSchema = z.object({
  /** The origin the site is served from, for absolute links (JSON-LD, API examples). */
  siteUrl: z.url(),
  /**
   * The day (Asia/Shanghai) entry pages judge freshness on: the quality report's, so that entry
   * pages and the quality page agree.
   * @default the day the pages are rendered
   */
  day: IsoDateSchema.optional(),
});
export type SiteOptions = z.infer<typeof SiteOptionsSchema>;

/** Rows shown in an entry page's preview. */
export const PREVIEW_ROWS = 20;

/** Everything the Astro site reads, in one folder. */
export type SiteInput = {
  snapshot: CatalogSnapshot;
  options: SiteOptions;
  /** Previews by entry slug (`103-000004`), for entries with open data. */
  previews: ReadonlyMap<string, Preview>;
  /**
   * The harvested catalogs, by source id, holding only entries the public may see.
   * @default []
   */
  federation?: readonly FederatedCatalog[];
  /** The quality report, once one has been published. */
  quality?: QualityReport | undefined;
  /** The public corrections log, once one has been published. */
  corrections?: CorrectionsLog | undefined;
};

/**
 * Writes a site input folder from scratch: the snapshot, the options, the harvested catalogs,
 * the quality report and corrections log where there are some, and one preview file per entry
 * with data, so an entry page reads only its own preview.
 */
export async function writeSiteInput(inputDir: string, input: SiteInput): Promise<void> {
  await rm(inputDir, { recursive: true, force: true });
  await mkdir(join(inputDir, SITE_INPUT_FILES.previews), { recursive: true });
  await writeFile(join(inputDir, SITE_INPUT_FILES.snapshot), JSON.stringify(input.snapshot));
  await writeFile(join(inputDir, SITE_INPUT_FILES.options), JSON.stringify(input.options));
  await writeFile(
    join(inputDir, SITE_INPUT_FILES.federation),
    JSON.stringify(input.federation ?? []),
  );
  if (input.quality)
    await writeFile(join(inputDir, SITE_INPUT_FILES.quality), JSON.stringify(input.quality));
  if (input.corrections)
    await writeFile(
      join(inputDir, SITE_INPUT_FILES.corrections),
      JSON.stringify(input.corrections),
    );
  for (const [slug, preview] of input.previews)
    await writeFile(
      join(inputDir, SITE_INPUT_FILES.previews, `${slug}.json`),
      JSON.stringify(preview),
    );
}

const FederationFileSchema = z.array(FederatedCatalogSchema);

/** A value made on first use and kept: validating a large snapshot costs seconds. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * Opens a site input folder: its options, validated, and its snapshot and harvested catalogs,
 * parsed but validated only when first asked for, so a build can start rendering while they are
 * checked.
 */
export async function readSiteInput(inputDir: string): Promise<{
  options: SiteOptions;
  /** Own entries and harvested ones: what decides how the pages are rendered. */
  entryCount: number;
  snapshot: () => CatalogSnapshot;
  federation: () => FederatedCatalog[];
}> {
  const read = async (name: string) =>
    JSON.parse(await readFile(join(inputDir, name), 'utf8')) as unknown;
  const options = SiteOptionsSchema.parse(await read(SITE_INPUT_FILES.options));
  const raw = await read(SITE_INPUT_FILES.snapshot);
  const harvested = await read(SITE_INPUT_FILES.federation);
  const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  const federatedCount = Array.isArray(harvested)
    ? harvested.reduce(
        (sum: number, catalog: { entries?: unknown }) => sum + count(catalog.entries),
        0,
      )
    : 0;
  return {
    options,
    entryCount: count((raw as { entries?: unknown }).entries) + federatedCount,
    snapshot: once(() => CatalogSnapshotSchema.parse(raw)),
    federation: once(() => FederationFileSchema.parse(harvested)),
  };
}
