import * as z from 'zod';
import { ITEM_TYPES, ZONES } from './vocabulary.ts';
import { TimestampSchema } from './common.ts';
import { EntryCodeSchema } from './catalog-entry.ts';
import { DistributionSchema } from './distribution.ts';

const TABLE_FIELD_TYPES = [...new Set(Object.values(ITEM_TYPES))] as [string, ...string[]];

/** A Frictionless Table Schema field, as published with every version. */
export const TableFieldSchema = z.object({
  name: z.string().min(1),
  type: z.enum(TABLE_FIELD_TYPES as ['string', 'number', 'integer', 'date', 'datetime', 'boolean']),
  title: z.string().optional(),
  description: z.string().optional(),
  constraints: z.object({ required: z.boolean().optional() }).optional(),
});
export type TableField = z.infer<typeof TableFieldSchema>;

/** A Frictionless Table Schema. */
export const TableSchemaSchema = z.object({
  fields: z.array(TableFieldSchema).min(1),
  primaryKey: z.array(z.string()).optional(),
});
export type TableSchema = z.infer<typeof TableSchemaSchema>;

/** How the source file was read, as detected or declared. */
export const SourceDialectSchema = z.object({
  encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']),
  delimiter: z.string().length(1),
  header: z.boolean(),
});
export type SourceDialect = z.infer<typeof SourceDialectSchema>;

/** One immutable version of a dataset, written before the catalog pointer moves to it. */
export const DatasetVersionSchema = z.object({
  code: EntryCodeSchema,
  version: z.number().int().positive(),
  zone: z.enum(ZONES),
  /** SHA-256 of the source bytes and of everything that shapes the output (schema, zone). */
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: TimestampSchema,
  source: SourceDialectSchema.extend({ path: z.string(), bytes: z.number().int().nonnegative() }),
  rowCount: z.number().int().nonnegative(),
  schema: TableSchemaSchema,
  distributions: z.array(DistributionSchema).min(1),
  /** Which publish run claimed this version number, and when (see publish/claim.ts). */
  claim: z.object({ token: z.string(), at: TimestampSchema }),
  /**
   * Set on a version a provider published to correct disputed cells: the disputes it
   * corrects, and the `inputSha256` of the source file the chain of corrections started from,
   * so publishing that same file again does not undo the correction.
   */
  corrects: z
    .object({
      disputes: z.array(z.string()).min(1),
      sourceInputSha256: z.string().regex(/^[0-9a-f]{64}$/),
      /** The provider's note on the correction. */
      note: z.string().max(1000).optional(),
    })
    .optional(),
});
export type DatasetVersion = z.infer<typeof DatasetVersionSchema>;
