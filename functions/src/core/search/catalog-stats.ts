import * as z from 'zod';
import { AgencySchema } from '../schemas/agency.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { TimestampSchema } from '../schemas/common.ts';
import { CATEGORIES, OPEN_TYPES, RESOURCE_FORMATS, UPDATE_CYCLES } from '../schemas/vocabulary.ts';

const ValueCountSchema = z.object({ value: z.string(), count: z.number().int().nonnegative() });

/** Headline figures of the public catalog, with counts for every value of each vocabulary. */
export const CatalogStatsSchema = z.object({
  generatedAt: TimestampSchema,
  entries: z.number().int().nonnegative(),
  agencies: z.number().int().nonnegative(),
  withData: z.number().int().nonnegative(),
  /** 目录挂接率: the share of entries linked to published data. */
  linkRate: z.number().min(0).max(1),
  byCategory: z.array(ValueCountSchema),
  byOpenType: z.array(ValueCountSchema),
  byFormat: z.array(ValueCountSchema),
  byUpdateCycle: z.array(ValueCountSchema),
});
export type CatalogStats = z.infer<typeof CatalogStatsSchema>;

/** An agency with how many public entries it provides, and how many of them have data. */
export const AgencySummarySchema = AgencySchema.extend({
  entries: z.number().int().nonnegative(),
  withData: z.number().int().nonnegative(),
});
export type AgencySummary = z.infer<typeof AgencySummarySchema>;

function countBy(
  entries: readonly SnapshotEntry[],
  vocabulary: readonly string[],
  value: (entry: SnapshotEntry) => string,
): { value: string; count: number }[] {
  const counts = new Map(vocabulary.map((v) => [v, 0]));
  for (const entry of entries) counts.set(value(entry), (counts.get(value(entry)) ?? 0) + 1);
  return [...counts].map(([v, count]) => ({ value: v, count }));
}

/**
 * The figures of a public snapshot. Zero counts are kept, in vocabulary order, so charts show
 * every category; `openType` never counts 不予开放, which the public catalog does not list.
 */
export function catalogStats(snapshot: CatalogSnapshot): CatalogStats {
  const { entries } = snapshot;
  return {
    generatedAt: snapshot.generatedAt,
    ...snapshot.counts,
    byCategory: countBy(entries, CATEGORIES, (e) => e.category),
    byOpenType: countBy(entries, OPEN_TYPES, (e) => e.openType),
    byFormat: countBy(entries, RESOURCE_FORMATS, (e) => e.format),
    byUpdateCycle: countBy(entries, UPDATE_CYCLES, (e) => e.updateCycle),
  };
}

/** Every agency of the snapshot, in its order, with its counts of public entries. */
export function agencySummaries(snapshot: CatalogSnapshot): AgencySummary[] {
  const counts = new Map<string, { entries: number; withData: number }>();
  for (const entry of snapshot.entries) {
    const tally = counts.get(entry.provider) ?? { entries: 0, withData: 0 };
    tally.entries += 1;
    if (entry.hasData) tally.withData += 1;
    counts.set(entry.provider, tally);
  }
  return snapshot.agencies.map((agency) => ({
    ...agency,
    ...(counts.get(agency.code) ?? { entries: 0, withData: 0 }),
  }));
}
