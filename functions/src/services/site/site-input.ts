import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CatalogSnapshotSchema } from '../../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
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
};

/**
 * Writes a site input folder from scratch: the snapshot, the options and one preview file per
 * entry with data, so an entry page reads only its own preview.
 */
export async function writeSiteInput(inputDir: string, input: SiteInput): Promise<void> {
  await rm(inputDir, { recursive: true, force: true });
  await mkdir(join(inputDir, SITE_INPUT_FILES.previews), { recursive: true });
  await writeFile(join(inputDir, SITE_INPUT_FILES.snapshot), JSON.stringify(input.snapshot));
  await writeFile(join(inputDir, SITE_INPUT_FILES.options), JSON.stringify(input.options));
  for (const [slug, preview] of input.previews)
    await writeFile(
      join(inputDir, SITE_INPUT_FILES.previews, `${slug}.json`),
      JSON.stringify(preview),
    );
}

/**
 * Opens a site input folder: its options, validated, and its snapshot, parsed but validated only
 * when asked for, so a build can start rendering while the snapshot is checked.
 */
export async function readSiteInput(inputDir: string): Promise<{
  options: SiteOptions;
  entryCount: number;
  snapshot: () => CatalogSnapshot;
}> {
  const read = async (name: string) =>
    JSON.parse(await readFile(join(inputDir, name), 'utf8')) as unknown;
  const options = SiteOptionsSchema.parse(await read(SITE_INPUT_FILES.options));
  const raw = await read(SITE_INPUT_FILES.snapshot);
  const entries = (raw as { entries?: unknown }).entries;
  return {
    options,
    entryCount: Array.isArray(entries) ? entries.length : 0,
    snapshot: () => CatalogSnapshotSchema.parse(raw),
  };
}
