import * as z from 'zod';
import { codeSlug } from '../core/publish/object-keys.ts';
import { requestableFields } from '../core/sharing/requestable-fields.ts';
import { LocalizedTextSchema } from '../core/schemas/common.ts';
import { SnapshotEntrySchema } from '../core/schemas/catalog-snapshot.ts';
import type { SnapshotEntry } from '../core/schemas/catalog-snapshot.ts';
import type { CatalogIndex } from '../core/search/catalog-index.ts';

/** An entry as agency staff see it in the share catalog: its share attributes and 信息项. */
export const ShareEntrySchema = SnapshotEntrySchema.pick({
  code: true,
  title: true,
  abstract: true,
  provider: true,
  category: true,
  format: true,
  items: true,
  shareType: true,
  shareCondition: true,
  shareBasis: true,
  shareMethod: true,
  openType: true,
  level: true,
  updateCycle: true,
  modified: true,
  keywords: true,
  hasData: true,
  verification: true,
}).extend({
  slug: z.string().describe('The code as written in URLs: 314/000002 → 314-000002'),
  providerName: LocalizedTextSchema.optional().describe('Name of the providing agency'),
  fields: z
    .array(z.string())
    .describe(
      'The 信息项 a share request may name: the declared items, or the columns of the latest version',
    ),
  version: z.number().int().positive().optional().describe('The latest published version'),
  rowCount: z.number().int().nonnegative().optional().describe('Rows in the latest version'),
});
export type ShareEntry = z.infer<typeof ShareEntrySchema>;

/** The share-catalog view of an entry. */
export function toShareEntry(entry: SnapshotEntry, index: CatalogIndex): ShareEntry {
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
    items: entry.items,
    shareType: entry.shareType,
    ...(entry.shareCondition && { shareCondition: entry.shareCondition }),
    ...(entry.shareBasis && { shareBasis: entry.shareBasis }),
    shareMethod: entry.shareMethod,
    openType: entry.openType,
    level: entry.level,
    updateCycle: entry.updateCycle,
    modified: entry.modified,
    keywords: entry.keywords,
    hasData: entry.hasData,
    fields: requestableFields(entry),
    ...(entry.verification && { verification: entry.verification }),
    ...(entry.latest && { version: entry.latest.version, rowCount: entry.latest.rowCount }),
  };
}
