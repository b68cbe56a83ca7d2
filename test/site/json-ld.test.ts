import { describe, expect, it } from 'vitest';
import { datasetJsonLd, scriptSafeJson } from '../../site/src/lib/json-ld.ts';
import type { SnapshotEntry } from '../../functions/src/core/schemas/catalog-snapshot.ts';

describe('scriptSafeJson', () => {
  it('cannot close the script element or open a comment, and means the same JSON', () => {
    const value = {
      name: '</script><script>alert(1)</script>',
      note: '<!-- & -->',
      line: 'a\u2028b',
    };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('datasetJsonLd', () => {
  const entry = {
    code: '103/000004',
    title: { zh: '统计用区划代码（县级）', en: 'Statistical division codes: counties' },
    abstract: { zh: '县级区划' },
    keywords: ['行政区划'],
    issued: '2024-11-28',
    modified: '2024-11-28',
    licence: 'WTFPL',
    latest: {
      version: 1,
      createdAt: '2024-11-28T00:00:00.000Z',
      rowCount: 2978,
      schema: { fields: [{ name: 'code', type: 'string', title: 'code' }] },
      distributions: [
        {
          format: 'csv',
          mediaType: 'text/csv; charset=utf-8',
          key: 'open/datasets/103-000004/1/data.csv',
          bytes: 79447,
          sha256: 'a'.repeat(64),
        },
      ],
    },
  } as unknown as SnapshotEntry;

  it('describes the entry as a schema.org Dataset with absolute download URLs', () => {
    const ld = datasetJsonLd(entry, undefined, 'https://data.example.gov.cn');
    expect(ld).toMatchObject({
      '@type': 'Dataset',
      url: 'https://data.example.gov.cn/datasets/103-000004/',
      identifier: '103/000004',
      name: '统计用区划代码（县级）',
      alternateName: 'Statistical division codes: counties',
      license: 'WTFPL',
      distribution: [
        {
          '@type': 'DataDownload',
          contentUrl: 'https://data.example.gov.cn/open/datasets/103-000004/1/data.csv',
          encodingFormat: 'text/csv; charset=utf-8',
        },
      ],
    });
  });
});
