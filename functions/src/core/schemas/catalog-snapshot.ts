import * as z from 'zod';
import { AgencySchema } from './agency.ts';
import { CatalogRecordFieldsSchema } from './catalog-entry.ts';
import { DistributionSchema } from './distribution.ts';
import { TableSchemaSchema } from './dataset-version.ts';
import { TimestampSchema } from './common.ts';

/** A version as the catalog lists it. */
export const SnapshotVersionSchema = z.object({
  version: z.number().int().positive(),
  createdAt: TimestampSchema,
  rowCount: z.number().int().nonnegative(),
});

/** The latest version with what a reader needs to download and understand it. */
export const SnapshotDataSchema = SnapshotVersionSchema.extend({
  schema: TableSchemaSchema,
  distributions: z.array(DistributionSchema),
});

/** A catalog entry in a snapshot: its record, and its data where the reader may have it. */
export const SnapshotEntrySchema = CatalogRecordFieldsSchema.omit({
  metadataSha256: true,
  revision: true,
}).extend({
  latest: SnapshotDataSchema.optional(),
  versions: z.array(SnapshotVersionSchema),
});
export type SnapshotEntry = z.infer<typeof SnapshotEntrySchema>;

/**
 * A catalog snapshot: `public` (entries the public may see, open data only) in the open
 * bucket, or `share` (every published entry, for agencies) in the shared bucket. The site
 * build and exports read it.
 */
export const CatalogSnapshotSchema = z.object({
  kind: z.enum(['public', 'share']),
  generatedAt: TimestampSchema,
  counts: z.object({
    entries: z.number().int().nonnegative(),
    agencies: z.number().int().nonnegative(),
    withData: z.number().int().nonnegative(),
    /** 目录挂接率: the share of entries linked to published data. */
    linkRate: z.number().min(0).max(1),
  }),
  agencies: z.array(AgencySchema),
  entries: z.array(SnapshotEntrySchema),
});
export type CatalogSnapshot = z.infer<typeof CatalogSnapshotSchema>;
