import * as z from 'zod';
import { LocalizedTextSchema } from '../core/schemas/common.ts';
import { SnapshotDataSchema, SnapshotEntrySchema } from '../core/schemas/catalog-snapshot.ts';
import type { SnapshotEntry } from '../core/schemas/catalog-snapshot.ts';
import { DISTRIBUTION_FORMATS, DistributionSchema } from '../core/schemas/distribution.ts';
import { codeSlug } from '../core/publish/object-keys.ts';
import type { CatalogIndex } from '../core/search/catalog-index.ts';

const SlugSchema = z
  .string()
  .describe('The code as written in URLs and keys: 103/000004 → 103-000004');
const ProviderNameSchema = LocalizedTextSchema.optional().describe('Name of the providing agency');

/** A catalog entry as a list shows it. */
export const DatasetSummarySchema = SnapshotEntrySchema.pick({
  code: true,
  title: true,
  abstract: true,
  provider: true,
  category: true,
  format: true,
  openType: true,
  updateCycle: true,
  issued: true,
  modified: true,
  keywords: true,
  hasData: true,
}).extend({
  slug: SlugSchema,
  providerName: ProviderNameSchema,
  formats: z
    .array(z.enum(DISTRIBUTION_FORMATS))
    .describe('Download formats of the latest version; empty when the public cannot download data'),
  rowCount: z.number().int().nonnegative().optional().describe('Rows in the latest version'),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

/** A published file with where the public downloads it. */
export const DownloadSchema = DistributionSchema.extend({
  url: z
    .string()
    .describe('Download path on the site origin, e.g. /open/datasets/103-000004/1/data.csv'),
});

/** A catalog entry in full: metadata, 信息项, version history and downloads of the latest version. */
export const DatasetDetailSchema = SnapshotEntrySchema.extend({
  slug: SlugSchema,
  providerName: ProviderNameSchema,
  latest: SnapshotDataSchema.extend({ distributions: z.array(DownloadSchema) })
    .optional()
    .describe('The latest version the public may download; absent when there is none'),
});
export type DatasetDetail = z.infer<typeof DatasetDetailSchema>;

/** The summary of an entry for lists. */
export function toSummary(entry: SnapshotEntry, index: CatalogIndex): DatasetSummary {
  const providerName = index.agencies.get(entry.provider)?.name;
  return {
    code: entry.code,
    slug: codeSlug(entry.code),
    title: entry.title,
    abstract: entry.abstract,
    provider: entry.provider,
    ...(providerName && { providerName }),
    category: entry.category,
    format: entry.format,
    openType: entry.openType,
    updateCycle: entry.updateCycle,
    issued: entry.issued,
    modified: entry.modified,
    keywords: entry.keywords,
    hasData: entry.hasData,
    formats: entry.latest?.distributions.map((d) => d.format) ?? [],
    ...(entry.latest && { rowCount: entry.latest.rowCount }),
  };
}

/** An entry in full, its downloads pointing at the open zone the site serves under `/open/`. */
export function toDetail(entry: SnapshotEntry, index: CatalogIndex): DatasetDetail {
  const providerName = index.agencies.get(entry.provider)?.name;
  const { latest, ...fields } = entry;
  return {
    ...fields,
    slug: codeSlug(entry.code),
    ...(providerName && { providerName }),
    ...(latest && {
      latest: {
        ...latest,
        distributions: latest.distributions.map((d) => ({ ...d, url: `/${d.key}` })),
      },
    }),
  };
}

/** A slug (`103-000004`) back to its code (`103/000004`); codes pass through. */
export function codeOf(value: string): string {
  return /^[0-9A-Z]{1,20}-[0-9]{6}$/.test(value) ? value.replace('-', '/') : value;
}
