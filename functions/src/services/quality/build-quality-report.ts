import type { Stores } from '../../adapters/index.ts';
import { usageSubject } from '../../core/access/usage.ts';
import type { Demand } from '../../core/demands/demand.ts';
import type { Dispute } from '../../core/disputes/dispute.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { InformationSystem } from '../../core/inventory/information-system.ts';
import type { DemandRepository } from '../../core/ports/demand-repository.ts';
import type { DisputeRepository } from '../../core/ports/dispute-repository.ts';
import type { SystemRepository } from '../../core/ports/system-repository.ts';
import { PUBLIC_SNAPSHOT_KEY, SHARE_SNAPSHOT_KEY } from '../../core/publish/object-keys.ts';
import { computeQualityReport } from '../../core/quality/quality-figures.ts';
import type { UsageTotals } from '../../core/quality/quality-figures.ts';
import type { QualityReport, SourceConflict } from '../../core/quality/quality-report.ts';
import { sourceConflicts } from '../../core/quality/source-claims.ts';
import { CatalogSnapshotSchema } from '../../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../../core/schemas/catalog-snapshot.ts';
import type { ShareRequest } from '../../core/sharing/share-request.ts';

/**
 * Where the quality report's inputs come from. Publishing reads them from the stores
 * (`storeSources`); the API from what its routes already hold (cached snapshots, usage).
 */
export type QualitySources = {
  /** The share catalog snapshot (every published entry). */
  shareSnapshot(): Promise<CatalogSnapshot>;
  /** The public catalog snapshot: which entries the public sees. */
  publicSnapshot(): Promise<CatalogSnapshot>;
  disputes(): Promise<readonly Dispute[]>;
  shareRequests(): Promise<readonly ShareRequest[]>;
  /** Every demand (需求清单), in any state. */
  demands(): Promise<readonly Demand[]>;
  /** The whole information-system inventory (信息系统清单). */
  systems(): Promise<readonly InformationSystem[]>;
  /** Downloads and API calls of one entry since counting began. */
  usage(code: string): Promise<UsageTotals>;
};

/** The stores the quality report reads. */
export type QualityStores = Pick<Stores, 'objects' | 'shareRequests' | 'usage'> & {
  disputes: Pick<DisputeRepository, 'all'>;
  demands: Pick<DemandRepository, 'all'>;
  systems: Pick<SystemRepository, 'all'>;
};

const SNAPSHOT_KEYS = {
  share: { zone: 'shared', key: SHARE_SNAPSHOT_KEY },
  public: { zone: 'open', key: PUBLIC_SNAPSHOT_KEY },
} as const;

async function readSnapshot(
  objects: QualityStores['objects'],
  kind: CatalogSnapshot['kind'],
): Promise<CatalogSnapshot> {
  const { zone, key } = SNAPSHOT_KEYS[kind];
  const where = { file: `${zone}:${key}` };
  const text = await objects.getText(zone, key);
  if (text === undefined)
    throw new DatarunError(
      problem(
        'file-not-found',
        `there is no ${kind} catalog snapshot yet: run \`datarun publish\``,
        where,
      ),
    );
  const parsed = CatalogSnapshotSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.kind !== kind)
    throw new DatarunError(
      problem(
        'invalid-field',
        parsed.success
          ? `expected the ${kind} snapshot, found kind "${parsed.data.kind}"`
          : `the ${kind} snapshot does not match its schema: ${parsed.error.issues[0]?.message}`,
        where,
      ),
    );
  return parsed.data;
}

/**
 * The quality report's inputs as storage holds them: snapshots, disputes, requests, demands,
 * systems, usage. Demands and systems are read whole (a Scan of each table).
 */
export function storeSources(stores: QualityStores): QualitySources {
  return {
    shareSnapshot: () => readSnapshot(stores.objects, 'share'),
    publicSnapshot: () => readSnapshot(stores.objects, 'public'),
    disputes: () => stores.disputes.all(),
    shareRequests: () => stores.shareRequests.all(),
    demands: () => stores.demands.all(),
    systems: () => stores.systems.all(),
    async usage(code) {
      const days = await stores.usage.days(usageSubject.dataset(code));
      return days.reduce(
        (sum, day) => ({ calls: sum.calls + day.calls, downloads: sum.downloads + day.downloads }),
        { calls: 0, downloads: 0 },
      );
    },
  };
}

export type BuildQualityOptions = {
  /** @default Date.now() */
  nowMs?: number;
  /**
   * Conflicting authoritative-source claims (一数一源); by default those of the share
   * catalog's entries, so that the published report and the API's agree.
   */
  sourceConflicts?: readonly SourceConflict[];
};

/** Reads what the quality figures need and computes the report (see computeQualityReport). */
export async function buildQualityReport(
  sources: QualitySources,
  options: BuildQualityOptions = {},
): Promise<QualityReport> {
  const nowMs = options.nowMs ?? Date.now();
  const [shareSnapshot, publicSnapshot, disputes, shareRequests, demands, systems] =
    await Promise.all([
      sources.shareSnapshot(),
      sources.publicSnapshot(),
      sources.disputes(),
      sources.shareRequests(),
      sources.demands(),
      sources.systems(),
    ]);
  const usage = new Map<string, UsageTotals>();
  const codes = shareSnapshot.entries.map((entry) => entry.code);
  // A few reads at a time: one per entry, and a catalog may hold thousands of entries.
  const worker = async () => {
    for (let code = codes.shift(); code !== undefined; code = codes.shift())
      usage.set(code, await sources.usage(code));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return computeQualityReport({
    shareSnapshot,
    publicCodes: new Set(publicSnapshot.entries.map((entry) => entry.code)),
    disputes,
    shareRequests,
    demands,
    systems,
    usage,
    sourceConflicts: options.sourceConflicts ?? sourceConflicts(shareSnapshot.entries),
    nowMs,
  });
}
