import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { DatasetListSchema } from '../../../functions/src/api/routes/dataset-list.ts';
import { AgencyListSchema } from '../../../functions/src/api/routes/agency-list.ts';
import { DatasetDetailSchema } from '../../../functions/src/api/dataset-views.ts';
import { CatalogStatsSchema } from '../../../functions/src/core/search/catalog-stats.ts';
import type { CatalogRecord } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { TestStorage } from '../../support/storage.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { apiOver, call, failure, publishedStorage, success } from './api-under-test.ts';

let storage: TestStorage;
let app: Hono;
let records: CatalogRecord[];
let publicRecords: CatalogRecord[];

const get = (url: string, init?: RequestInit) => call(app, url, init);
const list = async (url: string) => success(await get(url), DatasetListSchema);

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  app = apiOver(storage);
  records = await storage.stores.catalog.list();
  publicRecords = records.filter((r) => r.status === 'published' && r.openType !== '不予开放');
});
afterAll(() => storage?.stop());

describe('GET /api/v1/datasets', () => {
  it('lists the public catalog newest change first, 20 to a page, with a cursor to the next', async () => {
    const page = await list('/api/v1/datasets');
    expect(page.data.total).toBe(publicRecords.length);
    expect(page.data.items).toHaveLength(20);
    expect(page.next).toEqual(expect.any(String));
    const modified = page.data.items.map((item) => item.modified);
    expect(modified).toEqual([...modified].sort().reverse());
  });

  it('walks the whole public catalog once by following next, and never lists a withheld entry', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/datasets?limit=7';
    while (url) {
      const page = await list(url);
      seen.push(...page.data.items.map((item) => item.code));
      url = page.next && `/api/v1/datasets?limit=7&cursor=${encodeURIComponent(page.next)}`;
    }
    expect(seen.sort()).toEqual(publicRecords.map((r) => r.code).sort());
    const withheld = records.filter((r) => r.openType === '不予开放').map((r) => r.code);
    expect(withheld.length).toBeGreaterThan(0);
    for (const code of withheld) expect(seen).not.toContain(code);
  });

  it('finds entries by unspaced Chinese phrases and mixed queries', async () => {
    const codes = async (q: string) =>
      (await list(`/api/v1/datasets?q=${encodeURIComponent(q)}`)).data.items.map((i) => i.code);
    expect(await codes('上海市企业登记')).toEqual(['102/000002']);
    expect((await codes('行政区划代码查询')).slice(0, 3)).toEqual(
      expect.arrayContaining(['103/000002', '103/000003', '103/000004']),
    );
    expect(await codes('上海 elderly')).toEqual(['203/000002']);
    expect((await codes('Statistical division codes counties'))[0]).toBe('103/000004');
  });

  it('takes facet values repeated or comma-separated alike', async () => {
    const repeated = await list('/api/v1/datasets?category=部门&category=主题/生态环保&limit=100');
    const commas = await list('/api/v1/datasets?category=部门,主题/生态环保&limit=100');
    expect(commas.data).toEqual(repeated.data);
    expect(new Set(repeated.data.items.map((i) => i.category))).toEqual(
      new Set(['部门', '主题/生态环保']),
    );
  });

  it('counts every facet over the results of the other filters', async () => {
    const page = await list('/api/v1/datasets?agency=nbs&openType=无条件开放');
    const nbsOpen = publicRecords.filter(
      (r) => r.provider === 'nbs' && r.openType === '无条件开放',
    );
    expect(page.data.total).toBe(nbsOpen.length);
    const count = (facet: keyof typeof page.data.facets, value: string) =>
      page.data.facets[facet].find((f) => f.value === value)?.count ?? 0;
    expect(count('agency', 'sh-stats')).toBe(
      publicRecords.filter((r) => r.provider === 'sh-stats' && r.openType === '无条件开放').length,
    );
    expect(count('openType', '有条件开放')).toBe(
      publicRecords.filter((r) => r.provider === 'nbs' && r.openType === '有条件开放').length,
    );
    expect(count('format', '电子表格')).toBe(nbsOpen.filter((r) => r.format === '电子表格').length);
  });

  it('sorts by title, code and dates on request', async () => {
    const codes = (await list('/api/v1/datasets?sort=-code&limit=100')).data.items.map(
      (i) => i.code,
    );
    expect(codes).toEqual([...codes].sort().reverse());
    const issued = (await list('/api/v1/datasets?sort=issued&limit=100')).data.items.map(
      (i) => i.issued,
    );
    expect(issued).toEqual([...issued].sort());
  });

  it('summarizes entries with their download formats and row counts', async () => {
    const page = await list('/api/v1/datasets?q=统计用区划代码（县级）');
    expect(page.data.items[0]).toMatchObject({
      code: '103/000004',
      slug: '103-000004',
      providerName: { zh: '国家统计局' },
      formats: ['csv', 'json', 'parquet'],
      rowCount: 2978,
      hasData: true,
    });
  });

  it('accepts the largest page', async () => {
    expect((await list('/api/v1/datasets?limit=100')).data.items).toHaveLength(
      publicRecords.length,
    );
  });
});

describe('GET /api/v1/datasets/{code}', () => {
  it('finds an entry by its URL-encoded code and by its slug alike', async () => {
    const byCode = success(await get('/api/v1/datasets/103%2F000004'), DatasetDetailSchema);
    const bySlug = success(await get('/api/v1/datasets/103-000004'), DatasetDetailSchema);
    expect(bySlug).toEqual(byCode);
    expect(byCode.data).toMatchObject({
      code: '103/000004',
      title: { zh: '统计用区划代码（县级）' },
      versions: [{ version: 1, rowCount: 2978 }],
    });
    expect(byCode.data.items.map((item) => item.name)).toContain('code');
  });

  it('links downloads that serve the published bytes', async () => {
    const { data } = success(await get('/api/v1/datasets/103-000002'), DatasetDetailSchema);
    expect(data.latest?.distributions.map((d) => d.format)).toEqual(['csv', 'json', 'parquet']);
    for (const distribution of data.latest!.distributions) {
      expect(distribution.url).toBe(`/open/datasets/103-000002/1/data.${distribution.format}`);
      const response = await app.request(distribution.url);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(distribution.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(distribution.sha256);
    }
  });

  it('shows a conditionally open entry without data the public may download', async () => {
    const { data } = success(await get('/api/v1/datasets/103-000005'), DatasetDetailSchema);
    expect(data).toMatchObject({ openType: '有条件开放', hasData: true });
    expect(data.latest).toBeUndefined();
  });

  it('answers withheld and unpublished entries exactly as codes that do not exist', async () => {
    const withheld = records.find((r) => r.openType === '不予开放' && r.status === 'published')!;
    const draft = records.find((r) => r.status !== 'published')!;
    const missing = await get('/api/v1/datasets/999-999999');
    for (const record of [withheld, draft]) {
      const answer = await get(`/api/v1/datasets/${encodeURIComponent(record.code)}`);
      expect(answer.status).toBe(404);
      expect(failure(answer).error.replace(record.code, 'X')).toBe(
        failure(missing).error.replace('999-999999', 'X'),
      );
      expect(answer.text).not.toContain(record.title.zh);
    }
  });
});

describe('GET /api/v1/agencies', () => {
  it('lists every agency with its count of public entries', async () => {
    const { data } = success(await get('/api/v1/agencies'), AgencyListSchema);
    expect(data.total).toBe(data.items.length);
    expect(data.items.reduce((sum, a) => sum + a.entries, 0)).toBe(publicRecords.length);
    expect(data.items.find((a) => a.code === 'nbs')).toMatchObject({
      name: { zh: '国家统计局' },
      entries: publicRecords.filter((r) => r.provider === 'nbs').length,
      withData: publicRecords.filter((r) => r.provider === 'nbs' && r.hasData).length,
    });
  });
});

describe('GET /api/v1/stats', () => {
  it('gives the headline figures of the public catalog', async () => {
    const { data } = success(await get('/api/v1/stats'), CatalogStatsSchema);
    const withData = publicRecords.filter((r) => r.hasData).length;
    expect(data).toMatchObject({
      entries: publicRecords.length,
      withData,
      linkRate: withData / publicRecords.length,
    });
    expect(data.byOpenType.find((c) => c.value === '不予开放')?.count).toBe(0);
  });
});

describe('HTTP caching and CORS', () => {
  it('answers a repeated request carrying its ETag with 304 and no body', async () => {
    const first = await get('/api/v1/datasets?q=人口');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await get('/api/v1/datasets?q=人口', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const strong = etag.replace(/^W\//, '');
    expect(
      (await get('/api/v1/datasets?q=人口', { headers: { 'If-None-Match': strong } })).status,
    ).toBe(304);
  });

  it('gives another query another ETag', async () => {
    const a = await get('/api/v1/datasets?q=人口');
    const b = await get('/api/v1/datasets?q=上海');
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    const stale = await get('/api/v1/datasets?q=上海', {
      headers: { 'If-None-Match': a.headers.get('etag')! },
    });
    expect(stale.status).toBe(200);
  });

  it('lets the OpenAPI document be cached longer than lists', async () => {
    const answer = await get('/api/v1/openapi.json');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(answer.headers.get('etag')).toMatch(/^W\//);
  });

  it('allows any origin to read, and answers preflight requests', async () => {
    const answer = await get('/api/v1/stats', { headers: { Origin: 'https://example.org' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toContain('ETag');
    const preflight = await get('/api/v1/datasets', {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get('/api/v1/agencies', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('etag')).toBe((await get('/api/v1/agencies')).headers.get('etag'));
  });

  it('labels every answer application/json and forbids sniffing it as anything else', async () => {
    for (const url of [
      '/api/v1/datasets',
      '/api/v1/datasets/103-000004',
      '/api/v1/agencies',
      '/api/v1/stats',
      '/api/v1/openapi.json',
      '/api/v1/datasets?limit=0',
      '/api/v1/datasets/nope',
      '/api/v1/nope',
    ]) {
      const answer = await get(url);
      expect(answer.headers.get('content-type'), url).toMatch(/^application\/json/);
      expect(answer.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });
});
