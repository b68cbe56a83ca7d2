import { describe, expect, it } from 'vitest';
import { queryWords, rankedSearch } from '../../site/src/lib/search-engine.ts';
import type { PagefindApi, PagefindResult } from '../../site/src/lib/search-engine.ts';

/** A stand-in for Pagefind's AND search over a few documents, word by word. */
function fakePagefind(documents: Record<string, string[]>): PagefindApi & { queries: string[] } {
  const queries: string[] = [];
  const result = (id: string, score: number): PagefindResult => ({
    id,
    score,
    data: async () => ({ url: `/${id}/`, meta: { code: id } }),
  });
  return {
    queries,
    async search(query, options = {}) {
      queries.push(`${query ?? '(null)'} ${JSON.stringify(options.filters ?? {})}`);
      const words = (query ?? '').split(' ').filter(Boolean);
      const results = Object.entries(documents)
        .filter(([, terms]) => words.every((word) => terms.includes(word)))
        .map(([id, terms]) =>
          result(id, words.filter((w) => terms.includes(w)).length / terms.length),
        );
      return { results: results.sort((a, b) => b.score - a.score) };
    },
  };
}

describe('queryWords', () => {
  it('splits an unspaced Chinese query into words, each once', () => {
    expect(queryWords('上海市企业登记')).toEqual(['上海市', '企业', '登记']);
    expect(queryWords('人口 人口')).toEqual(['人口']);
  });

  it('lower-cases Latin words and drops punctuation, so mixed queries work', () => {
    expect(queryWords('GDP，世界')).toEqual(['gdp', '世界']);
  });

  it('reads full-width letters and digits as their plain forms', () => {
    expect(queryWords('ＣＰＩ ２０２２')).toEqual(['cpi', '2022']);
  });
});

describe('rankedSearch', () => {
  const documents = {
    codes: ['行政', '区划', '代码'],
    engel: ['行政', '区划', '系数'],
    health: ['查询', '接口'],
  };

  it('returns the entries matching every word first, in Pagefind order', async () => {
    const found = await rankedSearch(fakePagefind(documents), '行政区划');
    expect(found.map((r) => [r.result.id, r.complete])).toEqual([
      ['codes', true],
      ['engel', true],
    ]);
  });

  it('follows with entries matching most words when none match them all', async () => {
    const found = await rankedSearch(fakePagefind(documents), '行政区划代码查询');
    expect(found.map((r) => [r.result.id, r.complete])).toEqual([
      ['codes', false],
      ['engel', false],
      ['health', false],
    ]);
  });

  it('passes the filters to every search it makes', async () => {
    const pagefind = fakePagefind(documents);
    await rankedSearch(pagefind, '行政区划代码查询', { agency: ['nbs'] });
    expect(pagefind.queries.every((q) => q.endsWith('{"agency":["nbs"]}'))).toBe(true);
  });

  it('lists everything a filter lets through for an empty query, and nothing without one', async () => {
    const pagefind = fakePagefind(documents);
    expect(await rankedSearch(pagefind, '  ')).toEqual([]);
    await rankedSearch(pagefind, '', { category: ['部门'] });
    expect(pagefind.queries).toEqual(['(null) {"category":["部门"]}']);
  });
});
