import type { ObjectStore } from '../core/ports/object-store.ts';
import { DatarunError, problem } from '../core/errors.ts';
import { sha256 } from '../core/publish/canonical-hash.ts';
import { PUBLIC_SNAPSHOT_KEY, SHARE_SNAPSHOT_KEY } from '../core/publish/object-keys.ts';
import { CatalogSnapshotSchema } from '../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../core/schemas/catalog-snapshot.ts';
import type { Zone } from '../core/schemas/vocabulary.ts';
import { buildCatalogIndex } from '../core/search/catalog-index.ts';
import type { CatalogIndex } from '../core/search/catalog-index.ts';

/** Where each snapshot is: the public one in the open bucket, the share catalog in the shared one. */
export const SNAPSHOTS = {
  public: { zone: 'open', key: PUBLIC_SNAPSHOT_KEY },
  share: { zone: 'shared', key: SHARE_SNAPSHOT_KEY },
} as const satisfies Record<CatalogSnapshot['kind'], { zone: Zone; key: string }>;

/** A catalog as the API serves it: the snapshot, its search index and its digest. */
export type LoadedCatalog = {
  snapshot: CatalogSnapshot;
  index: CatalogIndex;
  /** SHA-256 of the snapshot's bytes: every answer built from it carries it in its ETag. */
  digest: string;
};

export type SnapshotCacheOptions = {
  /**
   * How long an answer may rely on the copy in memory before asking storage (HEAD) whether
   * the snapshot changed.
   * @default 5000
   */
  checkEveryMs?: number;
  /**
   * How long the copy may be kept on the word of HEAD alone when storage reports no ETag:
   * a republished snapshot often keeps its size, so without an ETag it is read again at
   * least this often. With an ETag (S3 and s3rver give one) HEAD is enough.
   * @default 60000
   */
  rereadEveryMs?: number;
  /** @default Date.now */
  now?: () => number;
};

type Held = { catalog: LoadedCatalog; head: string; checkedAt: number; readAt: number };

/**
 * Keeps a snapshot (by default the public one, `catalog/snapshot.json` in the open bucket) in
 * memory, so a Lambda container answers many requests from one read. Concurrent requests
 * that find the copy due for a check share one round trip to storage.
 */
export class SnapshotCache {
  private held: Held | undefined;
  private pending: Promise<LoadedCatalog> | undefined;
  private readonly checkEveryMs: number;
  private readonly rereadEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly objects: Pick<ObjectStore, 'head' | 'getText'>,
    options: SnapshotCacheOptions = {},
    private readonly kind: CatalogSnapshot['kind'] = 'public',
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 5000;
    this.rereadEveryMs = options.rereadEveryMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The current public catalog, read from storage only when it may have changed. */
  current(): Promise<LoadedCatalog> {
    const held = this.held;
    if (held && this.now() - held.checkedAt < this.checkEveryMs)
      return Promise.resolve(held.catalog);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(): Promise<LoadedCatalog> {
    const now = this.now();
    const { zone, key } = SNAPSHOTS[this.kind];
    const info = await this.objects.head(zone, key);
    if (!info) throw notPublished(this.kind);
    const head = JSON.stringify(info);
    const held = this.held;
    const trusted = info.etag !== undefined || now - (held?.readAt ?? 0) < this.rereadEveryMs;
    if (held && held.head === head && trusted) {
      held.checkedAt = now;
      return held.catalog;
    }
    const text = await this.objects.getText(zone, key);
    if (text === undefined) throw notPublished(this.kind);
    const digest = sha256(text);
    const catalog =
      held?.catalog.digest === digest ? held.catalog : loadCatalog(this.kind, text, digest);
    this.held = { catalog, head, checkedAt: now, readAt: now };
    return catalog;
  }
}

function notPublished(kind: CatalogSnapshot['kind']): DatarunError {
  const { zone, key } = SNAPSHOTS[kind];
  return new DatarunError(
    problem(
      'storage',
      `the ${kind} catalog (${key} in the ${zone} bucket) has not been published yet; run \`npx datarun publish\``,
    ),
  );
}

/** Parses and checks a snapshot; a broken one throws, and the API answers 500 without details. */
function loadCatalog(kind: CatalogSnapshot['kind'], text: string, digest: string): LoadedCatalog {
  const snapshot = CatalogSnapshotSchema.parse(JSON.parse(text));
  if (snapshot.kind !== kind)
    throw new Error(`${SNAPSHOTS[kind].key} is a ${snapshot.kind} snapshot, not the ${kind} one`);
  return { snapshot, index: buildCatalogIndex(snapshot), digest };
}

/** The share catalog as the sharing workflow reads it: entries by code, and the agencies. */
export function shareCatalogReader(cache: SnapshotCache) {
  return async () => {
    const { index } = await cache.current();
    return { entries: index.byCode, agencies: [...index.agencies.values()] };
  };
}
