import { TERMS, termId } from './vocabulary.ts';
import type { VocabularyKind } from './vocabulary.ts';
import { siteData } from './site-data.ts';
import type { SnapshotEntry } from './site-data.ts';

/** Entries per list page: few enough to read, many enough to keep 15,000 entries in ~300 pages. */
export const PAGE_SIZE = 50;

/** The orders the catalog list offers; `updated` is the default. */
export const SORTS = ['updated', 'newest', 'title'] as const;
export type SortKey = (typeof SORTS)[number];

/** The facets with pages of their own under `/datasets/`; agencies have `/agencies/{code}/`. */
export const FACETS = ['category', 'openType', 'format', 'updateCycle'] as const;
export type FacetKind = (typeof FACETS)[number] & VocabularyKind;

/** The URL segment of each facet. */
export const FACET_SEGMENTS: Record<FacetKind, string> = {
  category: 'category',
  openType: 'open-type',
  format: 'format',
  updateCycle: 'update-cycle',
};

const collator = new Intl.Collator('zh-CN');

// ISO dates and codes compare as plain strings; only titles need the (slower) collator.
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byCode = (a: SnapshotEntry, b: SnapshotEntry) => order(a.code, b.code);
const COMPARE: Record<SortKey, (a: SnapshotEntry, b: SnapshotEntry) => number> = {
  updated: (a, b) => order(b.modified, a.modified) || byCode(a, b),
  newest: (a, b) => order(b.issued, a.issued) || byCode(a, b),
  title: (a, b) => collator.compare(a.title.zh, b.title.zh) || byCode(a, b),
};

const sorted = new Map<SortKey, SnapshotEntry[]>();

/** Every public entry in one order, computed once per build. */
export function sortedEntries(sort: SortKey): readonly SnapshotEntry[] {
  let list = sorted.get(sort);
  if (!list) {
    list = [...siteData().snapshot.entries].sort(COMPARE[sort]);
    sorted.set(sort, list);
  }
  return list;
}

/** One page of a list of entries. */
export type ListPage<T = SnapshotEntry> = {
  entries: readonly T[];
  page: number;
  pageCount: number;
  total: number;
};

/** Cuts a list into pages of `size`; an empty list still has one (empty) page. */
export function paginate<T>(entries: readonly T[], size = PAGE_SIZE): ListPage<T>[] {
  const pageCount = Math.max(1, Math.ceil(entries.length / size));
  return Array.from({ length: pageCount }, (_, i) => ({
    entries: entries.slice(i * size, (i + 1) * size),
    page: i + 1,
    pageCount,
    total: entries.length,
  }));
}

/** What a catalog list page shows: an order or a facet value, and one page of it. */
export type ListView = ListPage & {
  sort: SortKey;
  facet?: { kind: FacetKind; term: string };
};

/** The path of a list page, under `/datasets/`. */
export function listPath(view: Pick<ListView, 'sort' | 'facet'>, page = 1): string {
  const base = view.facet
    ? `/datasets/${FACET_SEGMENTS[view.facet.kind]}/${termId(view.facet.kind, view.facet.term)}/`
    : view.sort === 'updated'
      ? '/datasets/'
      : `/datasets/sort/${view.sort}/`;
  return page === 1 ? base : `${base}page/${page}/`;
}

/** Every catalog list page: each order of the whole catalog, and each facet value. */
export function listViews(): ListView[] {
  const views: ListView[] = [];
  for (const sort of SORTS)
    for (const page of paginate(sortedEntries(sort))) views.push({ ...page, sort });
  for (const kind of FACETS)
    for (const { term, entries } of facetGroups(kind))
      for (const page of paginate(entries))
        views.push({ ...page, sort: 'updated', facet: { kind, term } });
  return views;
}

/** The path parameter of `datasets/[...view].astro` for a view: its path without `/datasets/`. */
export function viewParam(view: ListView): string | undefined {
  const path = listPath(view, view.page).slice('/datasets/'.length, -1);
  return path === '' ? undefined : path;
}

/** The entries of each term of a facet that has any, in the standard's order of terms. */
export function facetGroups(kind: FacetKind): { term: string; entries: SnapshotEntry[] }[] {
  const groups = new Map<string, SnapshotEntry[]>();
  for (const entry of sortedEntries('updated')) {
    const term = entry[kind];
    const list = groups.get(term) ?? [];
    list.push(entry);
    groups.set(term, list);
  }
  return (TERMS[kind] as readonly string[])
    .filter((term) => groups.has(term))
    .map((term) => ({ term, entries: groups.get(term)! }));
}

const counts = new Map<FacetKind, { term: string; count: number }[]>();

/** How many entries each term of a facet has, for the facet lists. */
export function facetCounts(kind: FacetKind): { term: string; count: number }[] {
  let list = counts.get(kind);
  if (!list) {
    list = facetGroups(kind).map(({ term, entries }) => ({ term, count: entries.length }));
    counts.set(kind, list);
  }
  return list;
}

/** Agencies with public entries, most entries first. */
export function agenciesByCount(): { code: string; count: number }[] {
  return [...siteData().byAgency]
    .map(([code, entries]) => ({ code, count: entries.length }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}
