import { describe, expect, it } from 'vitest';
import {
  federatedSearchRecord,
  searchRecord,
  searchRecords,
  segmentWords,
} from '../../functions/src/services/site/search-records.ts';
import { OWN_SOURCE } from '../../functions/src/services/site/site-layout.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../functions/src/core/schemas/catalog-snapshot.ts';
import { agency, openEntry } from '../support/entries.ts';
import { zhoushanCatalog } from './federation-fixture.ts';

function entry(overrides: Partial<SnapshotEntry> = {}): SnapshotEntry {
  const { status: _status, data: _data, ...fields } = openEntry();
  return {
    ...(fields as Omit<SnapshotEntry, 'versions' | 'status' | 'zone' | 'hasData' | 'updatedAt'>),
    items: [],
    related: [],
    keywords: ['行政区划', '区划代码'],
    shareMethod: ['文件'],
    level: 1,
    status: 'published',
    zone: 'open',
    hasData: false,
    updatedAt: '2024-01-01T00:00:00.000Z',
    versions: [],
    ...overrides,
  } as SnapshotEntry;
}

describe('segmentWords', () => {
  it('splits unspaced Chinese into the words the browser splits a query into', () => {
    expect(segmentWords('上海市企业登记')).toBe('上海市 企业 登记');
    expect(segmentWords('行政区划代码查询')).toBe('行政 区划 代码 查询');
  });

  it('drops punctuation and keeps Latin words and numbers whole', () => {
    expect(segmentWords('统计用区划代码（县级）')).toBe('统计 用 区划 代码 县 级');
    expect(segmentWords('ISO 3166 国家和地区代码')).toBe('ISO 3166 国家 和 地区 代码');
  });

  it('leaves text without Chinese as it is', () => {
    expect(segmentWords('Statistical division codes: counties')).toBe(
      'Statistical division codes: counties',
    );
  });
});

describe('searchRecord', () => {
  it('indexes both titles, the keywords and the agency in both languages, segmented', () => {
    const record = searchRecord(entry(), agency());
    expect(record.content).toContain('行政 区划 代码');
    expect(record.content).toContain('Administrative division codes');
    expect(record.content).toContain('国家 统计 局');
    expect(record.content).toContain('National Bureau of Statistics');
  });

  it('points at the Chinese entry page and puts every record in the one index', () => {
    const record = searchRecord(entry({ code: '103/000004' }), agency());
    expect(record.url).toBe('/datasets/103-000004/');
    expect(record.language).toBe('zh-cn');
  });

  it('carries the filters of the search page and what a result shows in each language', () => {
    const record = searchRecord(entry(), agency());
    expect(record.filters).toEqual({
      agency: ['nbs'],
      category: ['基础/自然资源和空间地理'],
      openType: ['无条件开放'],
      format: ['电子表格'],
      updateCycle: ['每年'],
      source: [OWN_SOURCE],
    });
    expect(record.meta).toMatchObject({
      title: '行政区划代码',
      title_en: 'Administrative division codes',
      agency: '国家统计局',
      agency_en: 'National Bureau of Statistics',
      code: '103/000001',
    });
    expect(record.meta.formats).toBeUndefined();
  });

  it('keeps long abstracts out of the index past what is worth matching', () => {
    const long = '人口'.repeat(500);
    const record = searchRecord(entry({ abstract: { zh: long } }), agency());
    expect(record.content.length).toBeLessThan(700);
    expect([...record.meta.abstract!].length).toBeLessThanOrEqual(120);
  });
});

describe('federatedSearchRecord', () => {
  it('leads to the entry’s federated page and is filtered by its source, not by agency', async () => {
    const catalog = await zhoushanCatalog();
    const { entry } = catalog.entries[1]!;
    const record = federatedSearchRecord(catalog, entry, catalog.agencies[0]);
    expect(record.url).toBe('/federated/zhoushan/212-000001/');
    expect(record.filters).toEqual({
      category: [entry.category],
      openType: [entry.openType],
      format: [entry.format],
      updateCycle: [entry.updateCycle],
      source: ['zhoushan'],
    });
  });

  it('names the source and the provider of the harvested catalog in each language', async () => {
    const catalog = await zhoushanCatalog();
    const record = federatedSearchRecord(catalog, catalog.entries[1]!.entry, catalog.agencies[0]);
    expect(record.meta).toMatchObject({
      title: '舟山市水雨情信息',
      code: '212/000001',
      agency: '舟山市水利局',
      agency_en: 'Zhoushan Municipal Water Resources Bureau',
      source: '舟山市公共数据开放平台',
      source_en: 'Zhoushan Public Data Portal',
    });
    expect(record.content).toContain('舟山 市 水 雨情 信息');
  });
});

describe('searchRecords', () => {
  it('indexes own entries and the harvested entries their sources still list', async () => {
    const catalog = await zhoushanCatalog();
    const snapshot = { agencies: [agency()], entries: [entry()] } as unknown as CatalogSnapshot;
    const records = searchRecords(snapshot, [catalog]);
    expect(records.map((r) => r.url)).toEqual([
      '/datasets/103-000001/',
      '/federated/zhoushan/212-000001/',
      '/federated/zhoushan/212-000002/',
    ]);
    expect(catalog.entries[0]!.removedAt).toBeDefined();
    expect(records.map((r) => r.filters.source)).toEqual([
      [OWN_SOURCE],
      ['zhoushan'],
      ['zhoushan'],
    ]);
  });
});
