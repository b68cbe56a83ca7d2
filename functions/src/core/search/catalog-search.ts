import type { SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { CATEGORIES, OPEN_TYPES, RESOURCE_FORMATS, UPDATE_CYCLES } from '../schemas/vocabulary.ts';
import { matchScore } from './catalog-index.ts';
import type { CatalogIndex, IndexedEntry } from './catalog-index.ts';
import { normalizeQuery, queryTerms } from './search-text.ts';

/** The facets a catalog search filters on and counts; `agency` is the providing agency. */
export const FACETS = ['agency', 'category', 'openType', 'format', 'updateCycle'] as const;
export type FacetName = (typeof FACETS)[number];

/** Orders a search can ask for; a leading `-` reverses one. */
export const SORTS = [
  'relevance',
  'modified',
  '-modified',
  'issued',
  '-issued',
  'title',
  '-title',
  'code',
  '-code',
] as const;
export type CatalogSort = (typeof SORTS)[number];

/** Where an entry stands in an order; the last item's key is where the next page starts. */
export type SortKey = readonly (string | number)[];

/** Within one facet any listed value matches; across facets every facet must match. */
export type CatalogFilters = Partial<Record<FacetName, readonly string[]>>;

/** What a search asks for, apart from paging. */
export type CatalogQuery = { q?: string; filters: CatalogFilters; sort?: CatalogSort };

export type FacetCount = { value: string; count: number };

/** One page of results with the total and the facet counts of the whole result. */
export type CatalogPage = {
  items: SnapshotEntry[];
  total: number;
  facets: Record<FacetName, FacetCount[]>;
  /** The key of the last item, when more results follow. */
  next?: SortKey;
};

type PartType = 'number' | 'text' | 'title';
type SortSpec = {
  parts: readonly { type: PartType; descending: boolean }[];
  key(entry: SnapshotEntry, score: number): SortKey;
};

// Every order ends with the code, which is unique, so no two entries ever tie and keyset
// paging can neither skip nor repeat an entry.
const CODE = { type: 'text', descending: false } as const;
const byDate = (field: 'modified' | 'issued', descending: boolean): SortSpec => ({
  parts: [{ type: 'text', descending }, CODE],
  key: (entry) => [entry[field], entry.code],
});
const byTitle = (descending: boolean): SortSpec => ({
  parts: [{ type: 'title', descending }, CODE],
  key: (entry) => [entry.title.zh, entry.code],
});
const byCode = (descending: boolean): SortSpec => ({
  parts: [{ ...CODE, descending }],
  key: (entry) => [entry.code],
});

const SORT_SPECS: Record<CatalogSort, SortSpec> = {
  relevance: {
    parts: [{ type: 'number', descending: true }, { type: 'text', descending: true }, CODE],
    key: (entry, score) => [score, entry.modified, entry.code],
  },
  modified: byDate('modified', false),
  '-modified': byDate('modified', true),
  issued: byDate('issued', false),
  '-issued': byDate('issued', true),
  title: byTitle(false),
  '-title': byTitle(true),
  code: byCode(false),
  '-code': byCode(true),
};

/** Chinese titles in pinyin order, as readers of Chinese catalogs expect. */
const TITLE_ORDER = new Intl.Collator('zh-CN');

function comparePart(type: PartType, a: string | number, b: string | number): number {
  if (type === 'title') return TITLE_ORDER.compare(String(a), String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two sort keys of the same order. */
export function compareSortKeys(sort: CatalogSort, a: SortKey, b: SortKey): number {
  const { parts } = SORT_SPECS[sort];
  for (const [i, part] of parts.entries()) {
    const order = comparePart(part.type, a[i]!, b[i]!);
    if (order !== 0) return part.descending ? -order : order;
  }
  return 0;
}

/** Whether a value has the shape of a key of the given order (for keys read from a cursor). */
export function isSortKey(sort: CatalogSort, value: unknown): value is SortKey {
  const { parts } = SORT_SPECS[sort];
  return (
    Array.isArray(value) &&
    value.length === parts.length &&
    parts.every((part, i) =>
      part.type === 'number' ? Number.isFinite(value[i]) : typeof value[i] === 'string',
    )
  );
}

/** The order a query gets: relevance when it has search words, else newest change first. */
export function resolveSort(query: CatalogQuery): CatalogSort {
  return query.sort ?? (queryTerms(query.q ?? '').length > 0 ? 'relevance' : '-modified');
}

function facetValue(entry: SnapshotEntry, facet: FacetName): string {
  return facet === 'agency' ? entry.provider : entry[facet];
}

function facetVocabulary(index: CatalogIndex, facet: FacetName): readonly string[] {
  switch (facet) {
    case 'agency':
      return [...index.agencies.keys()];
    case 'category':
      return CATEGORIES;
    case 'openType':
      return OPEN_TYPES;
    case 'format':
      return RESOURCE_FORMATS;
    case 'updateCycle':
      return UPDATE_CYCLES;
  }
}

function facetList(
  counts: ReadonlyMap<string, number>,
  vocabulary: readonly string[],
  selected: readonly string[],
): FacetCount[] {
  const position = (value: string) => {
    const at = vocabulary.indexOf(value);
    return at === -1 ? vocabulary.length : at;
  };
  const values = new Set([...counts.keys(), ...selected]);
  return [...values]
    .map((value) => ({ value, count: counts.get(value) ?? 0 }))
    .sort((a, b) => b.count - a.count || position(a.value) - position(b.value));
}

type Ranked = { indexed: IndexedEntry; key: SortKey };

const FIXED_ORDERS = new WeakMap<CatalogIndex, Map<CatalogSort, readonly IndexedEntry[]>>();

/**
 * Every entry of an index in one order, sorted on first use and kept with the index: orders
 * that do not depend on the query only need filtering, not sorting, on every request.
 */
function fixedOrder(index: CatalogIndex, sort: CatalogSort): readonly IndexedEntry[] {
  let orders = FIXED_ORDERS.get(index);
  if (!orders) FIXED_ORDERS.set(index, (orders = new Map()));
  let ordered = orders.get(sort);
  if (!ordered) {
    const spec = SORT_SPECS[sort];
    ordered = index.entries
      .map((indexed) => ({ indexed, key: spec.key(indexed.entry, 0) }))
      .sort((a, b) => compareSortKeys(sort, a.key, b.key))
      .map((ranked) => ranked.indexed);
    orders.set(sort, ordered);
  }
  return ordered;
}

/** The first position in `ranked` whose key comes after `after`. */
function firstAfter(
  ranked: readonly { key: SortKey }[],
  sort: CatalogSort,
  after: SortKey,
): number {
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareSortKeys(sort, ranked[mid]!.key, after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Searches the catalog: every search word must match, every facet filter must hold, and the
 * result is ordered and cut into a page that starts after `after`. Facet counts follow
 * CKAN and data.gov.uk: the count of a value is what the result would hold if that facet's
 * filter were that value and every other filter stayed, so choosing a second value in the
 * same facet widens the result by the count shown.
 */
export function searchCatalog(
  index: CatalogIndex,
  query: CatalogQuery,
  page: { limit: number; after?: SortKey },
): CatalogPage {
  const terms = queryTerms(query.q ?? '');
  const phrase = terms.length > 0 ? normalizeQuery(query.q ?? '') : '';
  const sort = resolveSort(query);
  const spec = SORT_SPECS[sort];
  const active = FACETS.flatMap((facet) => {
    const values = query.filters[facet] ?? [];
    return values.length > 0 ? [{ facet, values: new Set(values) }] : [];
  });
  const counts = new Map(FACETS.map((facet) => [facet, new Map<string, number>()]));
  // Only relevance with search words needs a sort per query; other orders are kept sorted.
  const byScore = sort === 'relevance' && terms.length > 0;
  const ranked: Ranked[] = [];
  for (const indexed of byScore ? index.entries : fixedOrder(index, sort)) {
    const score = terms.length > 0 ? matchScore(indexed, terms, phrase) : 0;
    if (score === undefined) continue;
    const { entry } = indexed;
    const failed = active.filter(({ facet, values }) => !values.has(facetValue(entry, facet)));
    if (failed.length > 1) continue;
    // An entry that fails one filter still counts for that facet: it is what choosing its
    // value there would add.
    for (const facet of failed.length === 1 ? [failed[0]!.facet] : FACETS) {
      const tally = counts.get(facet)!;
      const value = facetValue(entry, facet);
      tally.set(value, (tally.get(value) ?? 0) + 1);
    }
    if (failed.length > 0) continue;
    ranked.push({ indexed, key: spec.key(entry, score) });
  }
  if (byScore) ranked.sort((a, b) => compareSortKeys(sort, a.key, b.key));
  const start = page.after ? firstAfter(ranked, sort, page.after) : 0;
  const slice = ranked.slice(start, start + page.limit);
  const last = slice.at(-1);
  const facets = Object.fromEntries(
    FACETS.map((facet) => [
      facet,
      facetList(counts.get(facet)!, facetVocabulary(index, facet), query.filters[facet] ?? []),
    ]),
  ) as Record<FacetName, FacetCount[]>;
  return {
    items: slice.map((r) => r.indexed.entry),
    total: ranked.length,
    facets,
    ...(last && start + page.limit < ranked.length && { next: last.key }),
  };
}
