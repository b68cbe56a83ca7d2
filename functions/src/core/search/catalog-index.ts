import type { Agency } from '../schemas/agency.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { latinWords, normalizeText } from './search-text.ts';
import type { SearchTerm } from './search-text.ts';

/** A field as search reads it: normalized text for Chinese terms, stemmed words for the rest. */
type IndexedField = { weight: number; text: string; words: readonly string[] };

/** An entry with its searchable fields prepared once, when the snapshot is loaded. */
export type IndexedEntry = {
  entry: SnapshotEntry;
  fields: readonly IndexedField[];
  /** Normalized titles (zh, en), for the phrase bonus. */
  titles: readonly string[];
};

/** The public catalog ready to search: entries, and lookups by code and by agency. */
export type CatalogIndex = {
  entries: readonly IndexedEntry[];
  byCode: ReadonlyMap<string, SnapshotEntry>;
  agencies: ReadonlyMap<string, Agency>;
};

/**
 * How much a match in each field counts. A title says what a dataset is; keywords were chosen
 * to describe it; the provider and the abstract mention many things in passing.
 */
const WEIGHTS = { title: 8, keywords: 4, provider: 2, abstract: 1 } as const;
const PHRASE_BONUS = 10;

function indexField(weight: number, text: string | undefined): IndexedField[] {
  if (!text) return [];
  const normalized = normalizeText(text);
  return [{ weight, text: normalized, words: latinWords(normalized) }];
}

/** Prepares a snapshot for search: text normalized and segmented once, not per query. */
export function buildCatalogIndex(snapshot: CatalogSnapshot): CatalogIndex {
  const agencies = new Map(snapshot.agencies.map((agency) => [agency.code, agency]));
  const entries = snapshot.entries.map((entry): IndexedEntry => {
    const provider = agencies.get(entry.provider)?.name;
    return {
      entry,
      fields: [
        ...indexField(WEIGHTS.title, entry.title.zh),
        ...indexField(WEIGHTS.title, entry.title.en),
        ...indexField(WEIGHTS.keywords, entry.keywords.join(' ')),
        ...indexField(WEIGHTS.provider, provider?.zh),
        ...indexField(WEIGHTS.provider, provider?.en),
        ...indexField(WEIGHTS.abstract, entry.abstract.zh),
        ...indexField(WEIGHTS.abstract, entry.abstract.en),
      ],
      titles: [entry.title.zh, entry.title.en].flatMap((t) => (t ? [normalizeText(t)] : [])),
    };
  });
  return {
    entries,
    byCode: new Map(snapshot.entries.map((entry) => [entry.code, entry])),
    agencies,
  };
}

function fieldMatches(field: IndexedField, term: SearchTerm): boolean {
  return term.kind === 'han'
    ? field.text.includes(term.text)
    : field.words.some((word) => word.startsWith(term.text));
}

/**
 * How well an entry matches every term, or `undefined` when some term matches nowhere. Each
 * term scores the weights of the fields it occurs in; the whole query found in a title scores
 * a bonus, so 统计用区划代码 ranks the entry of that name above entries that merely mention it.
 */
export function matchScore(
  indexed: IndexedEntry,
  terms: readonly SearchTerm[],
  phrase: string,
): number | undefined {
  let score = 0;
  for (const term of terms) {
    let termScore = 0;
    for (const field of indexed.fields) if (fieldMatches(field, term)) termScore += field.weight;
    if (termScore === 0) return undefined;
    score += termScore;
  }
  if (phrase && indexed.titles.some((title) => title.includes(phrase))) score += PHRASE_BONUS;
  return score;
}
