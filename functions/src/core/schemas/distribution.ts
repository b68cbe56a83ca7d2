import * as z from 'zod';

/** The formats every published version is offered in. */
export const DISTRIBUTION_FORMATS = ['csv', 'json', 'parquet'] as const;
export type DistributionFormat = (typeof DISTRIBUTION_FORMATS)[number];

export const MEDIA_TYPES: Record<DistributionFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  parquet: 'application/vnd.apache.parquet',
};

/** One downloadable file of a dataset version (dcat:Distribution). */
export const DistributionSchema = z.object({
  format: z.enum(DISTRIBUTION_FORMATS),
  mediaType: z.string(),
  /** The object key in the zone's bucket. */
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Distribution = z.infer<typeof DistributionSchema>;
