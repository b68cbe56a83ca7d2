import { sha256 } from '../publish/canonical-hash.ts';
import type { SkippedRecord } from '../interop/foreign-dataset.ts';
import type { Agency } from '../schemas/agency.ts';
import type { CatalogEntry } from '../schemas/catalog-entry.ts';
import type {
  FederatedCatalog,
  FederatedEntry,
  FederationSource,
  HarvestReport,
} from './federated-catalog.ts';

/** What one harvest read off a source, mapped to our catalog entries. */
export type HarvestedCatalog = {
  source: FederationSource;
  /** The source platform, for provenance (a datarun instance's origin, a CKAN site …). */
  platform: string;
  agencies: Agency[];
  entries: CatalogEntry[];
  /** Records the readers and the mapping could not use. */
  skipped: SkippedRecord[];
  /** Records found at the source, good or bad. */
  records: number;
};

/** The catalog to keep after a run, the run's report, and whether the catalog must be rewritten. */
export type HarvestDiff = { catalog: FederatedCatalog; report: HarvestReport; changed: boolean };

const byCode = (a: { code: string }, b: { code: string }) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/**
 * Compares a harvest with the catalog kept from the runs before. Entries are matched by code;
 * a later entry repeating a code of this run is skipped. New codes are added, entries whose
 * metadata hash differs (or that come back after being removed) changed, codes no longer
 * found are marked removed once and kept. When nothing differs the previous catalog is
 * returned as it was, `harvestedAt` included, so an unchanged run rewrites nothing.
 */
export function diffHarvest(
  previous: FederatedCatalog | undefined,
  mapped: HarvestedCatalog,
  times: { startedAt: string; finishedAt: string },
): HarvestDiff {
  const stamp = times.startedAt;
  const before = new Map((previous?.entries ?? []).map((kept) => [kept.entry.code, kept]));
  const taken = new Map<string, CatalogEntry>();
  const skipped: SkippedRecord[] = [...mapped.skipped];
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  const entries: FederatedEntry[] = [];

  mapped.entries.forEach((entry, index) => {
    const first = taken.get(entry.code);
    if (first) {
      skipped.push({
        index,
        ...(entry.origin && { id: entry.origin.id }),
        reason: `code ${entry.code} repeats an earlier record's${first.origin ? ` (${first.origin.id})` : ''}; the first was kept`,
      });
      return;
    }
    taken.set(entry.code, entry);
    const hash = sha256(entry);
    const kept = before.get(entry.code);
    if (!kept) {
      added.push(entry.code);
      entries.push({ entry, sha256: hash, firstHarvestedAt: stamp, lastChangedAt: stamp });
    } else if (kept.sha256 === hash && kept.removedAt === undefined) {
      unchanged++;
      entries.push(kept);
    } else {
      changed.push(entry.code);
      entries.push({
        entry,
        sha256: hash,
        firstHarvestedAt: kept.firstHarvestedAt,
        lastChangedAt: stamp,
      });
    }
  });
  for (const kept of previous?.entries ?? []) {
    if (taken.has(kept.entry.code)) continue;
    if (kept.removedAt === undefined) {
      removed.push(kept.entry.code);
      entries.push({ ...kept, removedAt: stamp });
    } else entries.push(kept);
  }

  const agencies = withProvidersKept(mapped.agencies, previous?.agencies ?? [], entries);
  const differs =
    !previous ||
    added.length + changed.length + removed.length > 0 ||
    previous.platform !== mapped.platform ||
    sha256(previous.source) !== sha256(mapped.source) ||
    sha256(previous.agencies) !== sha256(agencies);
  const report: HarvestReport = {
    source: mapped.source.id,
    startedAt: times.startedAt,
    finishedAt: times.finishedAt,
    records: mapped.records,
    added: added.sort(),
    changed: changed.sort(),
    removed: removed.sort(),
    unchanged,
    skipped: skipped.map(({ index, line, column, id, reason }) => ({
      index,
      ...(line !== undefined && { line }),
      ...(column !== undefined && { column }),
      ...(id !== undefined && { id }),
      reason,
    })),
  };
  if (previous && !differs) return { catalog: previous, report, changed: false };
  return {
    catalog: {
      source: mapped.source,
      harvestedAt: stamp,
      platform: mapped.platform,
      agencies,
      entries: entries.sort((a, b) => byCode(a.entry, b.entry)),
    },
    report,
    changed: true,
  };
}

/**
 * The agencies of this harvest, plus those of the previous one that entries still kept (the
 * removed ones) name as provider, so every entry's provider can be looked up.
 */
function withProvidersKept(
  current: readonly Agency[],
  previous: readonly Agency[],
  entries: readonly FederatedEntry[],
): Agency[] {
  const codes = new Set(current.map((agency) => agency.code));
  const providers = new Set(entries.map(({ entry }) => entry.provider));
  const kept = previous.filter((agency) => !codes.has(agency.code) && providers.has(agency.code));
  return [...current, ...kept].sort(byCode);
}

/**
 * What the mapping needs from the catalog kept so far: the code each source record was given
 * (removed ones included, so a record that comes back keeps its code), and the codes held by
 * anything else (entries without an origin, which a harvest never makes).
 */
export function harvestIdentities(previous: FederatedCatalog | undefined): {
  identities: Map<string, string>;
  usedCodes: Set<string>;
} {
  const identities = new Map<string, string>();
  const usedCodes = new Set<string>();
  for (const { entry } of previous?.entries ?? []) {
    if (entry.origin) identities.set(entry.origin.id, entry.code);
    else usedCodes.add(entry.code);
  }
  return { identities, usedCodes };
}

/** A run's counts, as the audit record and the harvest function's log line give them. */
export function harvestCounts(report: HarvestReport) {
  return {
    records: report.records,
    added: report.added.length,
    changed: report.changed.length,
    removed: report.removed.length,
    unchanged: report.unchanged,
    skipped: report.skipped.length,
  };
}
