import type { ObjectStore } from '../core/ports/object-store.ts';
import { DatarunError, problem } from '../core/errors.ts';
import { sha256 } from '../core/publish/canonical-hash.ts';
import { PUBLIC_SNAPSHOT_KEY } from '../core/publish/object-keys.ts';
import { CatalogSnapshotSchema } from '../core/schemas/catalog-snapshot.ts';
import type { CatalogSnapshot } from '../core/schemas/catalog-snapshot.ts';
import { buildCatalogIndex } from '../core/search/catalog-index.ts';
import type { CatalogIndex } from '../core/search/catalog-index.ts';

/** The public catalog as the API serves it: the snapshot, its search index and its digest. */
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
 * Keeps the public snapshot (`catalog/snapshot.json` in the open bucket) in memory, so a
 * Lambda container answers many requests from one read. Concurrent requests that find the
 * copy due for a check share one round trip to storage.
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
    const info = await this.objects.head('open', PUBLIC_SNAPSHOT_KEY);
    if (!info) throw notPublished();
    const head = JSON.stringify(info);
    const held = this.held;
    const trusted = info.etag !== undefined || now - (held?.readAt ?? 0) < this.rereadEveryMs;
    if (held && held.head === head && trusted) {
      held.checkedAt = now;
      return held.catalog;
    }
    const text = await this.objects.getText('open', PUBLIC_SNAPSHOT_KEY);
    if (text === undefined) throw notPublished();
    const digest = sha256(text);
    const catalog = held?.catalog.digest === digest ? held.catalog : loadCatalog(text, digest);
    this.held = { catalog, head, checkedAt: now, readAt: now };
    return catalog;
  }
}

function notPublished(): DatarunError {
  return new DatarunError(
    problem(
      'storage',
      `the public catalog (${PUBLIC_SNAPSHOT_KEY} in the open bucket) has not been published yet; run \`npx datarun publish\``,
    ),
  );
}

/** Parses and checks a snapshot; a broken one throws, and the API answers 500 without details. */
function loadCatalog(text: string, digest: string): LoadedCatalog {
  const snapshot = CatalogSnapshotSchema.parse(JSON.parse(text));
  if (snapshot.kind !== 'public')
    throw new Error(`${PUBLIC_SNAPSHOT_KEY} is a ${snapshot.kind} snapshot, not the public one`);
  return { snapshot, index: buildCatalogIndex(snapshot), digest };
}
