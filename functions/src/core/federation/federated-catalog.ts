import * as z from 'zod';
import { AgencySchema } from '../schemas/agency.ts';
import { CatalogEntrySchema } from '../schemas/catalog-entry.ts';
import { LocalizedTextSchema, TimestampSchema } from '../schemas/common.ts';

/**
 * What a harvest source is: another datarun instance (its DCAT-AP export at
 * `{url}/catalog/dcat.jsonld`), any DCAT document (JSON-LD, Turtle or RDF/XML), or a CKAN site
 * (its `package_search`, paged).
 */
export const HARVEST_KINDS = ['datarun', 'dcat', 'ckan'] as const;
export type HarvestKind = (typeof HARVEST_KINDS)[number];

/** One platform this instance harvests, as `federation.yaml` in the catalog folder lists it. */
export const FederationSourceSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,62}$/, 'expected a lower-case identifier such as "zhoushan"'),
    name: LocalizedTextSchema,
    kind: z.enum(HARVEST_KINDS),
    /** datarun: the instance's origin; dcat: the document's URL; ckan: the site's origin. */
    url: z.url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL such as http://localhost:4322',
    }),
    /** How often the scheduler harvests it. */
    everyMinutes: z.number().int().min(5).max(10_080).default(60),
  })
  .strict();
export type FederationSource = z.infer<typeof FederationSourceSchema>;

/** `federation.yaml`: the platforms this instance harvests. */
export const FederationFileSchema = z.object({ sources: z.array(FederationSourceSchema) }).strict();

/** A harvested entry: the entry as mapped (with its origin), and when it was seen to change. */
export const FederatedEntrySchema = z.object({
  entry: CatalogEntrySchema,
  /** SHA-256 of the entry's metadata: an unchanged record is not rewritten. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  firstHarvestedAt: TimestampSchema,
  lastChangedAt: TimestampSchema,
  /** Set when a later harvest no longer found the record; cleared if it comes back. */
  removedAt: TimestampSchema.optional(),
});
export type FederatedEntry = z.infer<typeof FederatedEntrySchema>;

/** Everything harvested from one source: its agencies and entries, codes unique within it. */
export const FederatedCatalogSchema = z.object({
  source: FederationSourceSchema,
  /** The last harvest that changed something (an unchanged run does not rewrite this). */
  harvestedAt: TimestampSchema,
  platform: z.string().min(1),
  agencies: z.array(AgencySchema),
  entries: z.array(FederatedEntrySchema),
});
export type FederatedCatalog = z.infer<typeof FederatedCatalogSchema>;

/** What one harvest run did. */
export const HarvestReportSchema = z.object({
  source: z.string().min(1),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
  records: z.number().int().nonnegative(),
  added: z.array(z.string()),
  changed: z.array(z.string()),
  removed: z.array(z.string()),
  unchanged: z.number().int().nonnegative(),
  skipped: z.array(
    z.object({
      index: z.number().int(),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
      id: z.string().optional(),
      reason: z.string(),
    }),
  ),
  /** Set when the run failed as a whole (source unreachable, unreadable); nothing was changed. */
  error: z.string().optional(),
});
export type HarvestReport = z.infer<typeof HarvestReportSchema>;
