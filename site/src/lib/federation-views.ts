import { facetCounts, paginate } from './catalog-views.ts';
import type { FacetKind, ListPage } from './catalog-views.ts';
import { TERMS } from './vocabulary.ts';
import { siteData } from './site-data.ts';
import type { FederatedEntry, FederatedSource } from './site-data.ts';

export {
  OWN_SOURCE,
  federatedEntryPath,
} from '../../../functions/src/services/site/site-layout.ts';

/** Harvested entries per page of a source's list: a table row each, so more than the catalog's cards. */
export const FEDERATED_PAGE_SIZE = 100;

/** The federated section's start page. */
export const FEDERATED_PATH = '/federated/';

/** What a page of `federated/[...view]` shows: the list of sources, or one page of a source's entries. */
export type FederatedView =
  { kind: 'sources' } | { kind: 'source'; source: FederatedSource; list: ListPage<FederatedEntry> };

/** The path of a page of a source's entries: `/federated/{source}/`, `/federated/{source}/page/2/`. */
export function sourcePath(sourceId: string, page = 1): string {
  return page === 1 ? `/federated/${sourceId}/` : `/federated/${sourceId}/page/${page}/`;
}

/** Every page of the federated section but the entry pages: none when nothing is harvested. */
export function federatedViews(): FederatedView[] {
  const { federation } = siteData();
  if (federation.length === 0) return [];
  return [
    { kind: 'sources' },
    ...federation.flatMap((source) =>
      paginate(source.entries, FEDERATED_PAGE_SIZE).map((list) => ({
        kind: 'source' as const,
        source,
        list,
      })),
    ),
  ];
}

/** The path parameter of `federated/[...view].astro`: the view's path without `/federated/`. */
export function federatedViewParam(view: FederatedView): string | undefined {
  if (view.kind === 'sources') return undefined;
  return sourcePath(view.source.catalog.source.id, view.list.page).slice(FEDERATED_PATH.length, -1);
}

/** Harvested entries the search index holds: those their source still lists. */
function searchableHarvested(): FederatedEntry[] {
  return siteData().federation.flatMap((source) => source.entries.filter((e) => !e.removedAt));
}

/** How many entries of the search index have each term of a facet, own and harvested alike. */
export function searchFacetCounts(kind: FacetKind): { term: string; count: number }[] {
  const counts = new Map(facetCounts(kind).map(({ term, count }) => [term, count]));
  for (const { entry } of searchableHarvested())
    counts.set(entry[kind], (counts.get(entry[kind]) ?? 0) + 1);
  return (TERMS[kind] as readonly string[])
    .filter((term) => counts.has(term))
    .map((term) => ({ term, count: counts.get(term)! }));
}

/** How many entries of the search index each harvested source has, in source order. */
export function searchSourceCounts(): { source: FederatedSource; count: number }[] {
  return siteData().federation.map((source) => ({
    source,
    count: source.entries.length - source.removed,
  }));
}
