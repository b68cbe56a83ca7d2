import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSiteInput } from '../../functions/src/services/site/site-input.ts';
import { SITE_INPUT_ENV } from '../../functions/src/services/site/site-layout.ts';
import type { FederatedCatalog } from '../../functions/src/core/federation/federated-catalog.ts';
import type { CatalogSnapshot } from '../../functions/src/core/schemas/catalog-snapshot.ts';
import {
  FEDERATED_PAGE_SIZE,
  federatedViewParam,
  federatedViews,
  searchFacetCounts,
  searchSourceCounts,
} from '../../site/src/lib/federation-views.ts';
import { zhoushanCatalog } from './federation-fixture.ts';

/** How many entries the large source has: two full pages and one more entry. */
const LARGE = 2 * FEDERATED_PAGE_SIZE + 1;

let dir: string;
let small: FederatedCatalog;

/**
 * A source as large as needed, made of the fixture's real entries under new codes, each
 * changed a minute after the one before it and every tenth one removed.
 */
function largeCatalog(base: FederatedCatalog): FederatedCatalog {
  return {
    ...base,
    source: { ...base.source, id: 'large', name: { zh: '大来源' } },
    entries: Array.from({ length: LARGE }, (_, i) => {
      const { entry, sha256 } = base.entries[i % base.entries.length]!;
      const changed = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
      return {
        entry: { ...entry, code: `330/${String(i).padStart(6, '0')}` },
        sha256,
        firstHarvestedAt: '2026-11-01T00:00:00.000Z',
        lastChangedAt: changed,
        ...(i % 10 === 0 && { removedAt: changed }),
      };
    }),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-federation-views-'));
  small = await zhoushanCatalog();
  const snapshot = {
    kind: 'public',
    generatedAt: '2026-11-28T00:00:00.000Z',
    counts: { entries: 0, agencies: 0, withData: 0, linkRate: 0 },
    agencies: [],
    entries: [],
  } satisfies CatalogSnapshot;
  await writeSiteInput(dir, {
    snapshot,
    options: { siteUrl: 'http://localhost:4321' },
    previews: new Map(),
    federation: [largeCatalog(small), small],
  });
  process.env[SITE_INPUT_ENV] = dir;
});

afterAll(async () => {
  delete process.env[SITE_INPUT_ENV];
  await rm(dir, { recursive: true, force: true });
});

describe('federatedViews', () => {
  it('has the list of sources, then each source’s entries in pages of 100', () => {
    const views = federatedViews();
    expect(views.map(federatedViewParam)).toEqual([
      undefined,
      'large',
      'large/page/2',
      'large/page/3',
      'zhoushan',
    ]);
    const pages = views.flatMap((view) => (view.kind === 'source' ? [view.list] : []));
    expect(pages.map((list) => list.entries.length)).toEqual([100, 100, 1, 3]);
    expect(pages.map((list) => list.pageCount)).toEqual([3, 3, 3, 1]);
  });

  it('lists entries the source still lists first, most recently changed first, removed ones last', () => {
    const large = federatedViews().flatMap((view) =>
      view.kind === 'source' && view.source.catalog.source.id === 'large' ? view.list.entries : [],
    );
    expect(large).toHaveLength(LARGE);
    const removedFrom = large.findIndex((e) => e.removedAt);
    expect(large.slice(removedFrom).every((e) => e.removedAt)).toBe(true);
    expect(large.length - removedFrom).toBe(Math.ceil(LARGE / 10));
    const present = large.slice(0, removedFrom).map((e) => e.lastChangedAt);
    expect(present).toEqual([...present].sort().reverse());
  });
});

describe('searchFacetCounts', () => {
  it('counts the harvested entries the search index holds, without the removed ones', () => {
    const counts = Object.fromEntries(searchFacetCounts('category').map((c) => [c.term, c.count]));
    const searchable = [...largeCatalog(small).entries, ...small.entries].filter(
      (e) => !e.removedAt,
    );
    const expected: Record<string, number> = {};
    for (const { entry } of searchable)
      expected[entry.category] = (expected[entry.category] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });
});

describe('searchSourceCounts', () => {
  it('gives each source, in source order, the number of entries it still lists', () => {
    expect(
      searchSourceCounts().map(({ source, count }) => [source.catalog.source.id, count]),
    ).toEqual([
      ['large', LARGE - Math.ceil(LARGE / 10)],
      ['zhoushan', 2],
    ]);
  });
});
