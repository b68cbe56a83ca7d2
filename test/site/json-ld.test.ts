import { describe, expect, it } from 'vitest';
import {
  datasetJsonLd,
  federatedDatasetJsonLd,
  scriptSafeJson,
} from '../../site/src/lib/json-ld.ts';
import type { SnapshotEntry } from '../../functions/src/core/schemas/catalog-snapshot.ts';
import { zhoushanCatalog } from './federation-fixture.ts';

const SITE = 'https://data.example.gov.cn';

/**
 * The problems a consumer of schema.org Dataset markup (Google's Dataset rich results) reports:
 * the required name and description, absolute http(s) links, a license that is a URL or a
 * CreativeWork, and identifiers that are text or PropertyValues.
 */
function datasetProblems(ld: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const absolute = (value: unknown) =>
    typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value);
  if (ld['@context'] !== 'https://schema.org' || ld['@type'] !== 'Dataset')
    problems.push('not a schema.org Dataset');
  for (const key of ['name', 'description'])
    if (typeof ld[key] !== 'string' || !(ld[key] as string).trim()) problems.push(`no ${key}`);
  for (const key of ['@id', 'url', 'isBasedOn', 'sameAs'])
    if (key in ld && !absolute(ld[key])) problems.push(`${key} is not an absolute URL`);
  const license = ld.license as unknown;
  if (
    license !== undefined &&
    !absolute(license) &&
    (license as { '@type'?: string })['@type'] !== 'CreativeWork'
  )
    problems.push('license is neither a URL nor a CreativeWork');
  for (const id of [ld.identifier].flat())
    if (typeof id !== 'string' && (id as { '@type'?: string })?.['@type'] !== 'PropertyValue')
      problems.push('identifier is neither text nor a PropertyValue');
  const catalog = ld.includedInDataCatalog as Record<string, unknown> | undefined;
  if (catalog && (catalog['@type'] !== 'DataCatalog' || !absolute(catalog.url)))
    problems.push('includedInDataCatalog is not a DataCatalog with a URL');
  return problems;
}

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
    const ld = datasetJsonLd(entry, undefined, SITE);
    expect(ld).toMatchObject({
      '@type': 'Dataset',
      url: 'https://data.example.gov.cn/datasets/103-000004/',
      identifier: '103/000004',
      name: '统计用区划代码（县级）',
      alternateName: 'Statistical division codes: counties',
      distribution: [
        {
          '@type': 'DataDownload',
          contentUrl: 'https://data.example.gov.cn/open/datasets/103-000004/1/data.csv',
          encodingFormat: 'text/csv; charset=utf-8',
        },
      ],
    });
  });

  it('names a licence given in words as a CreativeWork and keeps a licence URL a URL', () => {
    expect(datasetJsonLd(entry, undefined, SITE).license).toEqual({
      '@type': 'CreativeWork',
      name: 'WTFPL',
    });
    const linked = { ...entry, licence: 'https://creativecommons.org/licenses/by/4.0/' };
    expect(datasetJsonLd(linked, undefined, SITE).license).toBe(
      'https://creativecommons.org/licenses/by/4.0/',
    );
  });

  it('says which record an imported entry is based on, and its identifier there', () => {
    const imported = {
      ...entry,
      origin: {
        platform: 'data.zhoushan.gov.cn',
        id: '4793',
        url: 'http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=4793',
      },
    };
    const ld = datasetJsonLd(imported, undefined, SITE);
    expect(ld.isBasedOn).toBe('http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=4793');
    expect(ld.identifier).toEqual([
      '103/000004',
      { '@type': 'PropertyValue', propertyID: 'data.zhoushan.gov.cn', value: '4793' },
    ]);
    expect(datasetProblems(ld)).toEqual([]);
  });

  it('claims no original page for an imported entry without one', () => {
    const imported = { ...entry, origin: { platform: 'data.zhoushan.gov.cn', id: '4786' } };
    const ld = datasetJsonLd(imported, undefined, SITE);
    expect(ld).not.toHaveProperty('isBasedOn');
    expect(datasetProblems(ld)).toEqual([]);
  });

  it('passes the Dataset checks for an own entry without an origin', () => {
    expect(datasetProblems(datasetJsonLd(entry, undefined, SITE))).toEqual([]);
  });
});

describe('federatedDatasetJsonLd', () => {
  it('describes a harvested entry at its federated page, in the catalog it was harvested from', async () => {
    const catalog = await zhoushanCatalog();
    for (const { entry } of catalog.entries) {
      const agency = catalog.agencies.find((a) => a.code === entry.provider);
      const ld = federatedDatasetJsonLd(catalog.source, entry, agency, SITE);
      expect(ld.url).toBe(`${SITE}/federated/zhoushan/${entry.code.replace('/', '-')}/`);
      expect(ld.includedInDataCatalog).toEqual({
        '@type': 'DataCatalog',
        name: '舟山市公共数据开放平台',
        alternateName: 'Zhoushan Public Data Portal',
        url: catalog.source.url,
      });
      expect(ld.isBasedOn).toBe(entry.origin?.url);
      expect(ld.publisher).toMatchObject({ name: '舟山市水利局' });
      expect(datasetProblems(ld)).toEqual([]);
    }
  });
});
