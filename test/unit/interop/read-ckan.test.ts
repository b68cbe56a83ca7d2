import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCkan } from '../../../functions/src/core/interop/read-ckan.ts';
import { mapEntries } from '../../../functions/src/core/interop/map-entries.ts';

const BIRMINGHAM = readFileSync(
  '/work/shared/realdata/ckan-package-search-birmingham-city-council/package_search.json',
  'utf8',
);

const pkg = (overrides: Record<string, unknown> = {}) => ({
  id: 'p1',
  name: 'air-quality',
  title: 'Air quality',
  metadata_created: '2020-01-01T20:00:00',
  metadata_modified: '2021-02-03T04:05:06',
  ...overrides,
});

describe('readCkan', () => {
  it('reads a real package_search answer, the site known from its help link', () => {
    const result = readCkan(BIRMINGHAM, 'package_search.json');
    expect(result.platform).toBe('data.birmingham.gov.uk');
    expect(result.total).toBe(10);
    expect(result.skipped).toEqual([]);
    const first = result.records[0]!;
    expect(first).toMatchObject({
      id: 'cf552d08-cee9-43bf-8c0f-3196a9311799',
      url: 'https://data.birmingham.gov.uk/dataset/purchase-card-transactions',
      title: { zh: 'Purchase Card Transactions' },
      publisher: { name: { zh: 'Birmingham City Council' }, id: 'birmingham-city-council' },
      keywords: ['payments', 'purchase card'],
      themes: ['Council Business'],
      openType: '无条件开放',
      issued: '2014-12-01T10:29:19.414595Z',
      modified: '2021-01-15T10:25:28.638659Z',
      licence: 'http://reference.data.gov.uk/id/open-government-licence',
    });
    expect(new Set(first.formats)).toEqual(new Set(['XLS']));
    expect(first.contact).toEqual({ name: 'Ian Martin', email: 'ian.martin@birmingham.gov.uk' });
    expect(first.dropped).toEqual(
      expect.arrayContaining(['author', 'author_email', 'resources[].url']),
    );
  });

  it('maps the Birmingham packages onto valid entries of one new agency', () => {
    const mapped = mapEntries(readCkan(BIRMINGHAM, 'package_search.json'), {
      from: 'ckan',
      file: 'package_search.json',
      agencies: [],
      identities: new Map(),
      usedCodes: new Set(),
    });
    expect(mapped.report.imported).toBe(10);
    expect(mapped.agencies).toEqual([
      {
        code: 'birmingham-city-council',
        name: { zh: 'Birmingham City Council', en: 'Birmingham City Council' },
        level: '国家级',
        region: '100000',
      },
    ]);
    const entry = mapped.entries[0]!;
    expect(entry).toMatchObject({
      code: '301/000001',
      title: { zh: 'Purchase Card Transactions', en: 'Purchase Card Transactions' },
      format: '电子表格',
      issued: '2014-12-01',
      modified: '2021-01-15',
      origin: { platform: 'data.birmingham.gov.uk', id: 'cf552d08-cee9-43bf-8c0f-3196a9311799' },
    });
    expect(mapped.report.fields['agency.region']).toEqual({
      mapped: 0,
      defaulted: 1,
      default: '100000',
    });
    expect(mapped.report.dropped.url).toBe(9);
  });

  it('reads a package_show answer and a plain list of packages', () => {
    const show = readCkan(JSON.stringify({ success: true, result: pkg() }), 'show.json');
    expect(show.records.map((r) => r.id)).toEqual(['p1']);
    const list = readCkan(JSON.stringify([pkg(), pkg({ id: 'p2', name: 'b' })]), 'list.json');
    expect(list.records.map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(list.platform).toBe('list.json');
  });

  it('knows the site from the API URL it was fetched from, and uses the package’s url otherwise', () => {
    const text = JSON.stringify({ result: { results: [pkg({ url: 'https://example.org/aq' })] } });
    const fetched = readCkan(text, 'https://ckan.example.org/api/3/action/package_search?rows=10');
    expect(fetched.platform).toBe('ckan.example.org');
    expect(fetched.records[0]!.url).toBe('https://ckan.example.org/dataset/air-quality');
    expect(readCkan(text, 'dump.json').records[0]!.url).toBe('https://example.org/aq');
  });

  it('reads frequency, dates and spatial text from extras, and private packages as 不予开放', () => {
    const extras = [
      { key: 'frequency', value: 'monthly' },
      { key: 'issued', value: '2019-05-01' },
      { key: 'spatial', value: '{"type":"Point","coordinates":[1,2]}' },
      { key: 'spatial_text', value: 'Birmingham' },
      { key: 'theme_x', value: 'y' },
    ];
    const record = readCkan(JSON.stringify([pkg({ extras, private: true })]), 'x.json').records[0]!;
    expect(record).toMatchObject({
      updateCycle: 'monthly',
      issued: '2019-05-01',
      spatial: 'Birmingham',
      openType: '不予开放',
    });
    expect(record.dropped).toContain('extras.theme_x');
  });

  it('skips a package without an id or a title', () => {
    const result = readCkan(JSON.stringify([{ notes: 'x' }, { id: 'p9' }]), 'x.json');
    expect(result.skipped.map((s) => s.reason)).toEqual(['no package id', 'no title']);
  });
});
