import { describe, expect, it } from 'vitest';
import {
  normalizeQuery,
  normalizeText,
  queryTerms,
  stemWord,
} from '../../../functions/src/core/search/search-text.ts';

describe('queryTerms', () => {
  it('cuts an unspaced Chinese phrase into words', () => {
    expect(queryTerms('上海市企业登记')).toEqual([
      { text: '上海市', kind: 'han' },
      { text: '企业', kind: 'han' },
      { text: '登记', kind: 'han' },
    ]);
  });

  it('keeps Chinese and English words of a mixed query apart', () => {
    expect(queryTerms('上海 Community health')).toEqual([
      { text: '上海', kind: 'han' },
      { text: 'community', kind: 'word' },
      { text: 'health', kind: 'word' },
    ]);
  });

  it('splits Latin letters written against Chinese', () => {
    expect(queryTerms('GDP国内生产总值').map((t) => t.text)).toEqual([
      'gdp',
      '国内',
      '生产',
      '总值',
    ]);
  });

  it('drops words that only say the reader is searching', () => {
    expect(queryTerms('行政区划代码查询').map((t) => t.text)).toEqual(['行政', '区划', '代码']);
  });

  it('keeps stop words when nothing else is left', () => {
    expect(queryTerms('查询')).toEqual([{ text: '查询', kind: 'han' }]);
  });

  it('reads full-width letters as ASCII and ignores punctuation', () => {
    expect(queryTerms('ＧＤＰ，（人口）')).toEqual([
      { text: 'gdp', kind: 'word' },
      { text: '人口', kind: 'han' },
    ]);
  });

  it('asks for each word once', () => {
    expect(queryTerms('province provinces 人口 人口')).toEqual([
      { text: 'province', kind: 'word' },
      { text: '人口', kind: 'han' },
    ]);
  });

  it('finds no terms in punctuation alone', () => {
    expect(queryTerms(' ，。!? ')).toEqual([]);
  });
});

describe('stemWord', () => {
  it('turns regular English plurals into their singular', () => {
    expect(['provinces', 'countries', 'codes'].map(stemWord)).toEqual([
      'province',
      'country',
      'code',
    ]);
  });

  it('leaves short words and double s alone', () => {
    expect(['gas', 'bus', 'address', 'gdp'].map(stemWord)).toEqual([
      'gas',
      'bus',
      'address',
      'gdp',
    ]);
  });
});

describe('normalizeText', () => {
  it('folds full-width forms and case', () => {
    expect(normalizeText('ＣＯ２ Ｍａｕｎａ')).toBe('co2 mauna');
  });
});

describe('normalizeQuery', () => {
  it('collapses spaces, full-width spaces included', () => {
    expect(normalizeQuery('  上海\u3000 Elderly   care ')).toBe('上海 elderly care');
  });
});
