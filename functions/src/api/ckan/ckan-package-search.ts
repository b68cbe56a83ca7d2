import * as z from 'zod';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import type { Category } from '../../core/schemas/vocabulary.ts';
import { matchScore } from '../../core/search/catalog-index.ts';
import { normalizeQuery, queryTerms } from '../../core/search/search-text.ts';
import { codeOfPackageRef, packageName } from './ckan-ids.ts';
import {
  CATEGORY_GROUPS,
  CkanPackageSchema,
  NO_LICENCE,
  RESOURCE_FORMAT_LABELS,
  toCkanPackage,
} from './ckan-package.ts';
import type { CkanView } from './ckan-package.ts';
import type {
  Bound,
  Clause,
  FacetField,
  PackageSearch,
  RangeField,
  SortField,
  TermField,
} from './ckan-search-params.ts';

/**
 * Runs a package search over the public catalog. Search words go through the catalog search
 * of the v1 API (`matchScore` over the same index: Chinese segmentation, weights, phrase
 * bonus); filters, order, facet counts and the page are then taken as CKAN takes them.
 * Facets count the whole result, after every filter, as Solr does for CKAN.
 */

/** One value of a facet with its count, as `search_facets` lists them. */
export const FacetItemSchema = z.object({
  name: z.string(),
  display_name: z.string(),
  count: z.number().int(),
});

/** The result of package_search. */
export const PackageSearchResultSchema = z.object({
  count: z.number().int().nonnegative(),
  sort: z.string(),
  facets: z
    .record(z.string(), z.record(z.string(), z.number().int()))
    .describe('Deprecated in CKAN: value → count per facet field'),
  search_facets: z.record(
    z.string(),
    z.object({ title: z.string(), items: z.array(FacetItemSchema) }),
  ),
  results: z.array(CkanPackageSchema),
});

export type PackageSearchResult = z.infer<typeof PackageSearchResultSchema>;

const TERM_VALUES: Record<TermField, (entry: SnapshotEntry) => readonly string[]> = {
  id: (entry) => [factsOf(entry).name],
  name: (entry) => [factsOf(entry).name],
  organization: (entry) => [entry.provider],
  owner_org: (entry) => [entry.provider],
  agency: (entry) => [entry.provider],
  tags: (entry) => [...new Set(entry.keywords)],
  res_format: (entry) =>
    entry.latest?.distributions.map((d) => RESOURCE_FORMAT_LABELS[d.format]) ?? [],
  groups: (entry) => [CATEGORY_GROUPS[entry.category]],
  category: (entry) => [entry.category],
  openType: (entry) => [entry.openType],
  format: (entry) => [entry.format],
  updateCycle: (entry) => [entry.updateCycle],
  license_id: (entry) => [entry.licence ?? NO_LICENCE.id],
  state: () => ['active'],
  capacity: () => ['public'],
  dataset_type: () => ['dataset'],
};

/** What every search compares of an entry, worked out once per snapshot entry. */
type Facts = { name: string; modified: number; created: number };
const FACTS = new WeakMap<SnapshotEntry, Facts>();

function factsOf(entry: SnapshotEntry): Facts {
  let facts = FACTS.get(entry);
  if (!facts) {
    facts = {
      name: packageName(entry.code),
      modified: Date.parse(entry.updatedAt),
      created: Date.parse(`${entry.issued}T00:00:00Z`),
    };
    FACTS.set(entry, facts);
  }
  return facts;
}

const RANGE_VALUES: Record<RangeField, (entry: SnapshotEntry) => number> = {
  metadata_modified: (entry) => factsOf(entry).modified,
  metadata_created: (entry) => factsOf(entry).created,
  num_resources: (entry) => entry.latest?.distributions.length ?? 0,
  num_tags: (entry) => new Set(entry.keywords).size,
};

/**
 * The form a value is compared in. A package may be named by code, slug or name; formats
 * match in any case; a group may be named by its ASCII name or by the 信息资源分类 itself.
 */
function comparable(field: TermField, value: string): string {
  switch (field) {
    case 'id':
    case 'name': {
      const code = codeOfPackageRef(value);
      return code ? packageName(code) : value.toLowerCase();
    }
    case 'res_format':
      return value.toLowerCase();
    case 'groups':
      return CATEGORY_GROUPS[value as Category] ?? value;
    default:
      return value;
  }
}

function within(value: number, min: Bound | undefined, max: Bound | undefined): boolean {
  if (min && (min.inclusive ? value < min.value : value <= min.value)) return false;
  if (max && (max.inclusive ? value > max.value : value >= max.value)) return false;
  return true;
}

/** Whether an entry satisfies one clause. */
export function clauseHolds(clause: Clause, entry: SnapshotEntry): boolean {
  let holds: boolean;
  if ('values' in clause) {
    const have = TERM_VALUES[clause.field](entry).map((v) => comparable(clause.field, v));
    holds =
      clause.values === 'any'
        ? have.length > 0
        : clause.values.some((v) => have.includes(comparable(clause.field, v)));
  } else {
    holds = within(RANGE_VALUES[clause.field](entry), clause.min, clause.max);
  }
  return clause.negate ? !holds : holds;
}

type Hit = { entry: SnapshotEntry; score: number; keys: (string | number)[] };

const TITLE_ORDER = new Intl.Collator('zh-CN');

/** The value each order sorts by; titles compare in pinyin order, everything else as is. */
const SORT_KEY: Record<SortField, (entry: SnapshotEntry, score: number) => string | number> = {
  score: (_entry, score) => score,
  metadata_modified: (entry) => RANGE_VALUES.metadata_modified(entry),
  metadata_created: (entry) => RANGE_VALUES.metadata_created(entry),
  title_string: (entry) => entry.title.zh,
  name: (entry) => factsOf(entry).name,
  id: (entry) => factsOf(entry).name,
  num_resources: (entry) => RANGE_VALUES.num_resources(entry),
  num_tags: (entry) => RANGE_VALUES.num_tags(entry),
};

function compareKeys(field: SortField, a: string | number, b: string | number): number {
  if (field === 'title_string') return TITLE_ORDER.compare(String(a), String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a facet value is shown: agencies and groups by their titles, licences by theirs. */
function displayName(view: CkanView, field: FacetField, value: string): string {
  switch (field) {
    case 'organization':
    case 'agency':
      return view.index.agencies.get(value)?.name.zh ?? value;
    case 'groups':
      return (
        (Object.keys(CATEGORY_GROUPS) as Category[]).find((c) => CATEGORY_GROUPS[c] === value) ??
        value
      );
    case 'license_id':
      return value === NO_LICENCE.id ? NO_LICENCE.title : value;
    default:
      return value;
  }
}

/** The entries that match a search, in the order it asks for. */
export function matchingEntries(view: CkanView, search: PackageSearch): SnapshotEntry[] {
  const terms = queryTerms(search.text);
  const phrase = terms.length > 0 ? normalizeQuery(search.text) : '';
  // The name is unique, so the order is total and pages neither skip nor repeat an entry.
  const order = [...search.sort, { field: 'name' as const, descending: false }];
  const hits: Hit[] = [];
  for (const indexed of view.index.entries) {
    const score = terms.length > 0 ? matchScore(indexed, terms, phrase) : 0;
    if (score === undefined) continue;
    if (!search.filter.every((group) => group.some((c) => clauseHolds(c, indexed.entry)))) continue;
    hits.push({
      entry: indexed.entry,
      score,
      keys: order.map(({ field }) => SORT_KEY[field](indexed.entry, score)),
    });
  }
  hits.sort((a, b) => {
    for (const [i, { field, descending }] of order.entries()) {
      const result = compareKeys(field, a.keys[i]!, b.keys[i]!);
      if (result !== 0) return descending ? -result : result;
    }
    return 0;
  });
  return hits.map((hit) => hit.entry);
}

/**
 * Counts one facet over the result: values with at least `mincount` entries, most first (ties
 * by value), cut to `limit` (a negative limit keeps all). `search_facets` then orders them by
 * display name, descending, as CKAN's package_search does after its plugins have run.
 */
function countFacet(
  view: CkanView,
  field: FacetField,
  entries: readonly SnapshotEntry[],
  options: { limit: number; mincount: number },
) {
  const counts = new Map<string, number>();
  for (const entry of entries)
    for (const value of new Set(TERM_VALUES[field](entry)))
      counts.set(value, (counts.get(value) ?? 0) + 1);
  const top = [...counts]
    .filter(([, count]) => count >= options.mincount)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const kept = options.limit < 0 ? top : top.slice(0, options.limit);
  const items = kept
    .map(([name, count]) => ({ name, display_name: displayName(view, field, name), count }))
    .sort((a, b) =>
      a.display_name < b.display_name ? 1 : a.display_name > b.display_name ? -1 : 0,
    );
  return { counts: Object.fromEntries(kept), items };
}

/** Runs a package search: count, the requested page of packages, and the requested facets. */
export function runPackageSearch(view: CkanView, search: PackageSearch): PackageSearchResult {
  const entries = matchingEntries(view, search);
  const facets: PackageSearchResult['facets'] = {};
  const searchFacets: PackageSearchResult['search_facets'] = {};
  for (const field of search.facet?.fields ?? []) {
    const { counts, items } = countFacet(view, field, entries, search.facet!);
    facets[field] = counts;
    searchFacets[field] = { title: field, items };
  }
  return {
    count: entries.length,
    sort: search.sortText,
    facets,
    search_facets: searchFacets,
    results: entries
      .slice(search.start, search.start + search.rows)
      .map((entry) => toCkanPackage(entry, view)),
  };
}
