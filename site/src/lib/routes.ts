import { listViews, paginate, sortedEntries, viewParam } from './catalog-views.ts';
import type { Lang } from './i18n.ts';
import { codeSlug, siteData } from './site-data.ts';
import type { SnapshotEntry } from './site-data.ts';
import { federatedViewParam, federatedViews } from './federation-views.ts';
import { SITE_LANGS_ENV } from '../../../functions/src/services/site/site-layout.ts';

// The static paths of the dynamic routes, shared by the Chinese pages and their English twins
// under `/en/`, so both languages always have the same pages. A build may render only some
// languages (`DATARUN_SITE_LANGS`): `datarun build-site` renders each language in a process of
// its own, one per core, and merges the two.

function rendered(lang: Lang): boolean {
  const langs = process.env[SITE_LANGS_ENV];
  return !langs || langs.split(',').includes(lang);
}

/** `datasets/[slug]`: one page per public entry. */
export function entryPaths(lang: Lang) {
  if (!rendered(lang)) return [];
  return siteData().snapshot.entries.map((entry) => ({
    params: { slug: codeSlug(entry.code) },
    props: { entry },
  }));
}

/** `datasets/[...view]`: every order and facet value of the catalog list, page by page. */
export function listPaths(lang: Lang) {
  if (!rendered(lang)) return [];
  return listViews().map((view) => ({ params: { view: viewParam(view) }, props: { view } }));
}

/** `agencies/[code]/[...page]`: each agency with its public entries, page by page. */
export function agencyPaths(lang: Lang) {
  if (!rendered(lang)) return [];
  const own = new Map<string, SnapshotEntry[]>();
  for (const entry of sortedEntries('updated')) {
    const list = own.get(entry.provider) ?? [];
    list.push(entry);
    own.set(entry.provider, list);
  }
  return siteData().snapshot.agencies.flatMap((agency) =>
    paginate(own.get(agency.code) ?? []).map((list) => ({
      params: { code: agency.code, page: list.page === 1 ? undefined : `page/${list.page}` },
      props: { agency, list },
    })),
  );
}

/** `federated/[...view]`: the harvested sources, and each source's entries page by page. */
export function federatedListPaths(lang: Lang) {
  if (!rendered(lang)) return [];
  return federatedViews().map((view) => ({
    params: { view: federatedViewParam(view) },
    props: { view },
  }));
}

/** `federated/[source]/[slug]`: one page per harvested entry, removed ones included. */
export function federatedEntryPaths(lang: Lang) {
  if (!rendered(lang)) return [];
  return siteData().federation.flatMap((source) =>
    source.entries.map((federated) => ({
      params: { source: source.catalog.source.id, slug: codeSlug(federated.entry.code) },
      props: { source, federated },
    })),
  );
}
