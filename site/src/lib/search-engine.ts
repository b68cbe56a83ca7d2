/**
 * The search the site runs over its Pagefind index, in the browser and in tests alike.
 *
 * Pagefind matches every word of a query (AND) and, for an unspaced Chinese query, does not
 * split it into words on its own. So the query is split here with `Intl.Segmenter` (the same
 * ICU dictionary the index text was split with at build time), and when all words together
 * find too few entries, entries matching only some of them follow, those matching most first:
 * 行政区划代码查询 still finds the division codes though no entry mentions 查询.
 */

/** The part of Pagefind's browser API the search uses. */
export type PagefindApi = {
  search(
    query: string | null,
    options?: { filters?: Record<string, string[]> },
  ): Promise<{ results: PagefindResult[] }>;
};

export type PagefindResult = {
  id: string;
  score: number;
  data(): Promise<{ url: string; meta: Record<string, string> }>;
};

/** A ranked result, and whether it matched every word of the query. */
export type RankedResult = { result: PagefindResult; complete: boolean };

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** The words of a query, in order, each once: 上海市企业登记 → 上海市, 企业, 登记. */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(query.normalize('NFKC')))
    if (isWordLike && !words.includes(segment.toLowerCase())) words.push(segment.toLowerCase());
  return words;
}

/**
 * Runs a query with filters and ranks the results: entries matching every word, in Pagefind's
 * order, then, when those are fewer than `enough`, entries matching some words. An empty query
 * with filters lists every entry the filters let through.
 */
export async function rankedSearch(
  pagefind: PagefindApi,
  query: string,
  filters: Record<string, string[]> = {},
  enough = 10,
): Promise<RankedResult[]> {
  const words = queryWords(query);
  if (words.length === 0) {
    if (Object.keys(filters).length === 0) return [];
    const { results } = await pagefind.search(null, { filters });
    return results.map((result) => ({ result, complete: true }));
  }
  const { results } = await pagefind.search(words.join(' '), { filters });
  const ranked = results.map((result) => ({ result, complete: true }));
  if (words.length === 1 || ranked.length >= enough) return ranked;

  const seen = new Set(results.map((result) => result.id));
  const partial = new Map<string, { result: PagefindResult; matched: number; score: number }>();
  for (const word of words) {
    const { results: found } = await pagefind.search(word, { filters });
    for (const result of found) {
      if (seen.has(result.id)) continue;
      const tally = partial.get(result.id) ?? { result, matched: 0, score: 0 };
      tally.matched += 1;
      tally.score += result.score;
      partial.set(result.id, tally);
    }
  }
  const rest = [...partial.values()].sort((a, b) => b.matched - a.matched || b.score - a.score);
  return [...ranked, ...rest.map(({ result }) => ({ result, complete: false }))];
}
