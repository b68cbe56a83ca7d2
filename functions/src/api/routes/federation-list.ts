import * as z from 'zod';
import { HARVEST_KINDS } from '../../core/federation/federated-catalog.ts';
import type { FederatedCatalog, HarvestReport } from '../../core/federation/federated-catalog.ts';
import { sha256 } from '../../core/publish/canonical-hash.ts';
import { LocalizedTextSchema, TimestampSchema } from '../../core/schemas/common.ts';
import { defineRoute } from '../route.ts';

const count = z.number().int().nonnegative();

/** What the last harvest run of a source did. */
export const HarvestRunSummarySchema = z.object({
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
  records: count.describe('Records found at the source'),
  added: count,
  changed: count,
  removed: count,
  unchanged: count,
  skipped: count.describe('Records that could not be used'),
  error: z
    .string()
    .optional()
    .describe('Why the run failed (source unreachable, unreadable); nothing was changed'),
});

/** A harvested platform as the list shows it. */
export const FederationSourceSummarySchema = z.object({
  id: z.string().describe('The source id, as federation.yaml names it'),
  name: LocalizedTextSchema,
  kind: z.enum(HARVEST_KINDS).describe('datarun instance, DCAT document or CKAN site'),
  url: z.string(),
  platform: z.string().describe('The platform the entries come from, for provenance'),
  everyMinutes: count.describe('How often it is harvested'),
  harvestedAt: TimestampSchema.describe('The last harvest that changed something'),
  entries: count.describe('Entries the source lists now'),
  removed: count.describe('Entries the source no longer lists, kept and marked'),
  lastRun: HarvestRunSummarySchema.optional(),
});
export type FederationSourceSummary = z.infer<typeof FederationSourceSummarySchema>;

/** The answer of `GET /api/v1/federation`. */
export const FederationListSchema = z.object({
  items: z.array(FederationSourceSummarySchema),
  total: count,
});

/** A harvested catalog and its last run, summed up. */
export function sourceSummary(
  catalog: FederatedCatalog,
  lastRun: HarvestReport | undefined,
): FederationSourceSummary {
  const removed = catalog.entries.filter((kept) => kept.removedAt !== undefined).length;
  return {
    id: catalog.source.id,
    name: catalog.source.name,
    kind: catalog.source.kind,
    url: catalog.source.url,
    platform: catalog.platform,
    everyMinutes: catalog.source.everyMinutes,
    harvestedAt: catalog.harvestedAt,
    entries: catalog.entries.length - removed,
    removed,
    ...(lastRun && {
      lastRun: {
        startedAt: lastRun.startedAt,
        finishedAt: lastRun.finishedAt,
        records: lastRun.records,
        added: lastRun.added.length,
        changed: lastRun.changed.length,
        removed: lastRun.removed.length,
        unchanged: lastRun.unchanged,
        skipped: lastRun.skipped.length,
        ...(lastRun.error !== undefined && { error: lastRun.error }),
      },
    }),
  };
}

/** `GET /api/v1/federation`: the platforms this instance harvests, with counts and last run. */
export const federationList = defineRoute({
  path: '/api/v1/federation',
  operationId: 'federation_list',
  summary: 'Harvested platforms',
  description:
    'Every platform harvested into the federated section at least once: what it is, how many of its entries are listed and how many were removed since, and what its last harvest run did.',
  answer: FederationListSchema,
  answerName: 'FederationListAnswer',
  maxAge: 60,
  errors: [503],
  async handle(_input, { federation }) {
    const store = federation();
    const items: FederationSourceSummary[] = [];
    for (const id of await store.listSources()) {
      const [catalog, [lastRun]] = await Promise.all([store.read(id), store.listRuns(id, 1)]);
      if (catalog) items.push(sourceSummary(catalog, lastRun));
    }
    return { data: { items, total: items.length }, version: sha256(items) };
  },
});
