import type { CatalogSnapshot, SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import type { CatalogEntry } from '../../core/schemas/catalog-entry.ts';
import type { Agency } from '../../core/schemas/agency.ts';
import type { FederatedCatalog } from '../../core/federation/federated-catalog.ts';
import { codeSlug } from '../../core/publish/object-keys.ts';
import { OWN_SOURCE, federatedEntryPath } from './site-layout.ts';

/** One Pagefind custom record (the shape of pagefind's `CustomRecord`). */
export type SearchRecord = {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
};

/**
 * The language of the one search index. Every record goes into a single index, whatever the page
 * language, so that the English site finds Chinese entries and mixed queries match both texts:
 * Pagefind otherwise builds one index per language and searches only the page's own.
 */
export const SEARCH_LANGUAGE = 'zh-cn';

/**
 * The filters the search page offers. Every record carries them all, except that harvested
 * entries have no `agency`: their agency codes are their source's own and may collide with ours.
 */
export const SEARCH_FILTERS = [
  'agency',
  'category',
  'openType',
  'format',
  'updateCycle',
  'source',
] as const;

/** How much of an abstract is indexed and shown in a result: enough to match and to judge. */
const ABSTRACT_INDEXED = 240;
const ABSTRACT_SHOWN = 120;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;

/**
 * Splits Chinese text into words with spaces between them, as the browser's `Intl.Segmenter`
 * (ICU) splits the query: 上海市企业登记 → 上海市 企业 登记. Indexing the same words the
 * query is cut into is what makes unspaced multi-word queries match.
 */
export function segmentWords(text: string): string {
  if (!HAN.test(text)) return text;
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text))
    if (isWordLike) words.push(segment);
  return words.join(' ');
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** What a record is made of besides the entry: its page, its filters, more to show. */
type RecordParts = {
  url: string;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
};

function entryRecord(
  entry: CatalogEntry | SnapshotEntry,
  agency: Agency | undefined,
  parts: RecordParts,
): SearchRecord {
  const texts = [
    entry.title.zh,
    entry.title.en,
    entry.keywords.join(' '),
    clip(entry.abstract.zh, ABSTRACT_INDEXED),
    entry.abstract.en && clip(entry.abstract.en, ABSTRACT_INDEXED),
    agency?.name.zh,
    agency?.name.en,
  ];
  const meta: Record<string, string> = {
    title: entry.title.zh,
    code: entry.code,
    abstract: clip(entry.abstract.zh, ABSTRACT_SHOWN),
    agency: agency?.name.zh ?? entry.provider,
    modified: entry.modified,
    ...parts.meta,
  };
  if (entry.title.en) meta.title_en = entry.title.en;
  if (entry.abstract.en) meta.abstract_en = clip(entry.abstract.en, ABSTRACT_SHOWN);
  if (agency?.name.en) meta.agency_en = agency.name.en;
  return {
    url: parts.url,
    language: SEARCH_LANGUAGE,
    content: texts
      .filter((text): text is string => Boolean(text))
      .map(segmentWords)
      .join('\n'),
    meta,
    filters: {
      category: [entry.category],
      openType: [entry.openType],
      format: [entry.format],
      updateCycle: [entry.updateCycle],
      ...parts.filters,
    },
  };
}

/** The Pagefind record of one publicly listed entry of this platform. */
export function searchRecord(entry: SnapshotEntry, agency: Agency | undefined): SearchRecord {
  return entryRecord(entry, agency, {
    url: `/datasets/${codeSlug(entry.code)}/`,
    filters: { agency: [entry.provider], source: [OWN_SOURCE] },
    meta: entry.latest
      ? { formats: entry.latest.distributions.map((d) => d.format).join(' ') }
      : {},
  });
}

/**
 * The Pagefind record of one harvested entry: it leads to the entry's page in the federated
 * section, and a result names the source it came from.
 */
export function federatedSearchRecord(
  catalog: FederatedCatalog,
  entry: CatalogEntry,
  agency: Agency | undefined,
): SearchRecord {
  const { source } = catalog;
  return entryRecord(entry, agency, {
    url: federatedEntryPath(source.id, entry.code),
    filters: { source: [source.id] },
    meta: { source: source.name.zh, ...(source.name.en && { source_en: source.name.en }) },
  });
}

/**
 * The Pagefind records of a public snapshot and the harvested catalogs: one per entry, for both
 * site languages. Entries a source no longer lists keep their pages but leave the index.
 */
export function searchRecords(
  snapshot: CatalogSnapshot,
  federation: readonly FederatedCatalog[] = [],
): SearchRecord[] {
  const agencies = new Map(snapshot.agencies.map((agency) => [agency.code, agency]));
  const own = snapshot.entries.map((entry) => searchRecord(entry, agencies.get(entry.provider)));
  const harvested = federation.flatMap((catalog) => {
    const theirs = new Map(catalog.agencies.map((agency) => [agency.code, agency]));
    return catalog.entries
      .filter((federated) => !federated.removedAt)
      .map(({ entry }) => federatedSearchRecord(catalog, entry, theirs.get(entry.provider)));
  });
  return [...own, ...harvested];
}
