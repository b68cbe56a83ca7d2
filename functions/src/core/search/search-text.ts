/**
 * How search reads text. Chinese is written without spaces, so text is cut into words with the
 * ICU dictionary behind `Intl.Segmenter` (in Node and in browsers alike): 上海市企业登记 becomes
 * 上海市 | 企业 | 登记. A Chinese query word matches wherever it occurs in a field, so the way a
 * field happens to be segmented does not matter; other words (English, numbers) match the start
 * of a word, so "pop" finds "population" but "art" does not find "department".
 */

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
const WORD_RUNS = /[\p{L}\p{N}]+/gu;

/**
 * Words that on their own say nothing about a dataset, and words that say what the reader is
 * doing rather than what they look for (行政区划代码查询 looks for 行政区划代码). They are dropped
 * from a query unless nothing else is left, so "人口和GDP" asks for 人口 and GDP.
 */
const STOP_WORDS = new Set([
  '查询',
  '检索',
  '搜索',
  '的',
  '和',
  '与',
  '及',
  '或',
  'a',
  'an',
  'and',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
]);

/** One word of a query: Chinese words match as substrings, others as word prefixes. */
export type SearchTerm = { text: string; kind: 'han' | 'word' };

/** The form text is compared in: NFKC (full-width ＧＤＰ is GDP) and lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The words of an already normalized text, punctuation and spaces left out. */
export function segmentWords(normalized: string): string[] {
  const words: string[] = [];
  for (const segment of SEGMENTER.segment(normalized))
    if (segment.isWordLike) words.push(segment.segment);
  return words;
}

/**
 * The non-Chinese words of a normalized text, stemmed: runs of letters and digits. A regular
 * expression, not the segmenter, because it does the same for these words at a fifteenth of
 * the cost, and catalogs of 15,000 entries are indexed when a Lambda container starts.
 */
export function latinWords(normalized: string): string[] {
  return (normalized.replace(HAN_RUNS, ' ').match(WORD_RUNS) ?? []).map(stemWord);
}

/** Whether a word is Chinese, and so matched as a substring. */
export function isHanWord(word: string): boolean {
  return HAN.test(word);
}

/**
 * A light English plural stemmer, applied to query and text alike, so "provinces" finds
 * "province" and "countries" finds "country". Anything subtler would need a dictionary.
 */
export function stemWord(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The terms a query asks for; every one of them must match an entry for it to be found. */
export function queryTerms(query: string): SearchTerm[] {
  const words = segmentWords(normalizeText(query));
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  const terms = new Map<string, SearchTerm>();
  for (const word of meaningful.length > 0 ? meaningful : words) {
    const found: SearchTerm[] = isHanWord(word)
      ? [{ text: word, kind: 'han' }]
      : latinWords(word).map((text) => ({ text, kind: 'word' }));
    for (const term of found) terms.set(`${term.kind}:${term.text}`, term);
  }
  return [...terms.values()];
}

/** The query as one normalized string with single spaces, for phrase matching and fingerprints. */
export function normalizeQuery(query: string): string {
  return normalizeText(query).trim().replace(/\s+/gu, ' ');
}
