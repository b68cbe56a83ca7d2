import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agency } from '../../../functions/src/core/schemas/agency.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type { CatalogEntry } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type {
  FederatedCatalog,
  FederatedEntry,
  FederationSource,
} from '../../../functions/src/core/federation/federated-catalog.ts';
import { codeSlug } from '../../../functions/src/core/publish/object-keys.ts';
import {
  SITE_INPUT_ENV,
  SITE_INPUT_FILES,
  previewPath,
} from '../../../functions/src/services/site/site-layout.ts';
import type { Preview, SiteOptions } from '../../../functions/src/services/site/site-input.ts';
import type {
  Freshness,
  QualityReport,
} from '../../../functions/src/core/quality/quality-report.ts';
import type {
  CorrectionLogLine,
  CorrectionsLog,
} from '../../../functions/src/core/disputes/dispute-views.ts';
import { freshnessOf } from '../../../functions/src/core/quality/freshness.ts';
import { shanghaiDay } from '../../../functions/src/core/calendar/working-calendar.ts';

export type {
  Agency,
  CatalogEntry,
  CorrectionLogLine,
  CorrectionsLog,
  FederatedCatalog,
  Freshness,
  QualityReport,
  FederatedEntry,
  FederationSource,
  Preview,
  SnapshotEntry,
};

/** The catalog fields an own entry and a harvested one share: what their metadata tables show. */
export type EntryFields = Omit<CatalogEntry, 'status' | 'data'>;

/** One harvested source as its pages show it. */
export type FederatedSource = {
  catalog: FederatedCatalog;
  /** The source's own agencies, by code: harvested entries name their providers by these. */
  agencies: ReadonlyMap<string, Agency>;
  /** Entries the source still lists, most recently changed first, then those it removed. */
  entries: readonly FederatedEntry[];
  /** Entries by slug (`330900-000001`), for related entries and page lookups. */
  bySlug: ReadonlyMap<string, FederatedEntry>;
  /** How many entries the source no longer lists. */
  removed: number;
};

/** The catalog as the site reads it, with the lookups every page needs. */
export type SiteData = {
  snapshot: CatalogSnapshot;
  options: SiteOptions;
  agencies: ReadonlyMap<string, Agency>;
  bySlug: ReadonlyMap<string, SnapshotEntry>;
  /** Entries per agency code, in catalog order. */
  byAgency: ReadonlyMap<string, readonly SnapshotEntry[]>;
  /** The harvested sources, in source id order; empty when this platform harvests none. */
  federation: readonly FederatedSource[];
  /** The quality report; undefined until one has been published. */
  quality: QualityReport | undefined;
  /** The public corrections log; undefined until one has been published. */
  corrections: CorrectionsLog | undefined;
  /** The day (YYYY-MM-DD, Asia/Shanghai) freshness is judged on. */
  day: string;
};

let loaded: SiteData | undefined;

function inputDir(): string {
  const dir = process.env[SITE_INPUT_ENV];
  if (!dir)
    throw new Error(`${SITE_INPUT_ENV} is not set: build the site with \`datarun build-site\``);
  return dir;
}

/**
 * The site input, read once per build. `datarun build-site` has validated it against the
 * snapshot and federated catalog schemas before Astro starts, so it is trusted here.
 */
export function siteData(): SiteData {
  if (loaded) return loaded;
  const dir = inputDir();
  const snapshot = JSON.parse(
    readFileSync(join(dir, SITE_INPUT_FILES.snapshot), 'utf8'),
  ) as CatalogSnapshot;
  const options = JSON.parse(
    readFileSync(join(dir, SITE_INPUT_FILES.options), 'utf8'),
  ) as SiteOptions;
  const byAgency = new Map<string, SnapshotEntry[]>();
  for (const entry of snapshot.entries) {
    const list = byAgency.get(entry.provider) ?? [];
    list.push(entry);
    byAgency.set(entry.provider, list);
  }
  const federation = JSON.parse(
    readFileSync(join(dir, SITE_INPUT_FILES.federation), 'utf8'),
  ) as FederatedCatalog[];
  const optional = <T>(name: string): T | undefined => {
    const path = join(dir, name);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
  };
  loaded = {
    snapshot,
    options,
    agencies: new Map(snapshot.agencies.map((agency) => [agency.code, agency])),
    bySlug: new Map(snapshot.entries.map((entry) => [codeSlug(entry.code), entry])),
    byAgency,
    federation: federation.map(federatedSource),
    quality: optional<QualityReport>(SITE_INPUT_FILES.quality),
    corrections: optional<CorrectionsLog>(SITE_INPUT_FILES.corrections),
    day: options.day ?? shanghaiDay(Date.now()),
  };
  return loaded;
}

const newestChange = (a: FederatedEntry, b: FederatedEntry) =>
  a.lastChangedAt < b.lastChangedAt
    ? 1
    : a.lastChangedAt > b.lastChangedAt
      ? -1
      : a.entry.code < b.entry.code
        ? -1
        : 1;

function federatedSource(catalog: FederatedCatalog): FederatedSource {
  const present = catalog.entries.filter((e) => !e.removedAt).sort(newestChange);
  const removed = catalog.entries.filter((e) => e.removedAt).sort(newestChange);
  return {
    catalog,
    agencies: new Map(catalog.agencies.map((agency) => [agency.code, agency])),
    entries: [...present, ...removed],
    bySlug: new Map(catalog.entries.map((e) => [codeSlug(e.entry.code), e])),
    removed: removed.length,
  };
}

/** The first rows of an entry's open data, or undefined when it has none. */
export function preview(entry: SnapshotEntry): Preview | undefined {
  if (!entry.latest) return undefined;
  return JSON.parse(readFileSync(previewPath(inputDir(), entry.code), 'utf8')) as Preview;
}

/**
 * How an own entry keeps to its update cycle on the build's day, by the same rule as the quality
 * report (`freshnessOf`).
 */
export function entryFreshness(entry: SnapshotEntry): Freshness {
  return freshnessOf(entry, siteData().day);
}

/** An entry's public corrections log: its corrections, newest first, and the open and rejected reports. */
export function entryCorrections(code: string): {
  corrections: readonly CorrectionLogLine[];
  open: number;
  rejected: number;
} {
  return siteData().corrections?.entries[code] ?? { corrections: [], open: 0, rejected: 0 };
}

export { codeSlug };
