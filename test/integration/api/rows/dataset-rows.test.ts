import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { DatasetDetailSchema } from '../../../../functions/src/api/dataset-views.ts';
import { DatasetRowsSchema } from '../../../../functions/src/api/routes/dataset-rows.ts';
import { CsvParser } from '../../../../functions/src/core/ingest/csv-parser.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api-under-test.ts';

let storage: TestStorage;
let app: Hono;

const AREAS = '/api/v1/datasets/103-000004/rows';
const GDP = '/api/v1/datasets/301-000001/rows';

const get = (url: string, init?: RequestInit) => call(app, url, init);
const page = async (url: string) => success(await get(url), DatasetRowsSchema);
const url = (path: string, params: Record<string, string>) =>
  `${path}?${new URLSearchParams(params).toString()}`;

/** Every row of a query, by following `next`; how many pages it took. */
async function walk(path: string, params: Record<string, string>) {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const answer = await page(url(path, { ...params, ...(cursor && { cursor }) }));
    items.push(...answer.data.items);
    cursor = answer.next;
    pages++;
  } while (cursor);
  return { items, pages };
}

/** The rows of a version's published data.csv, as the site serves it. */
async function publishedCsv(slug: string, version = 1): Promise<string[][]> {
  const answer = await get(`/open/datasets/${slug}/${version}/data.csv`);
  const rows: string[][] = [];
  const parser = new CsvParser();
  parser.push(answer.text, (fields) => rows.push(fields));
  parser.end((fields) => rows.push(fields));
  return rows;
}

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  app = apiOver(storage);
});
afterAll(() => storage?.stop());

describe('GET /api/v1/datasets/{code}/rows', () => {
  it('walks every row of a version by its cursors: as many as the version’s rowCount, each once', async () => {
    const detail = success(await get('/api/v1/datasets/103-000004'), DatasetDetailSchema);
    const rowCount = detail.data.latest!.rowCount;
    expect(rowCount).toBe(2978);
    const { items, pages } = await walk(AREAS, { limit: '1000' });
    expect(pages).toBe(3);
    expect(items).toHaveLength(rowCount);
    expect(new Set(items.map((item) => item.code)).size).toBe(rowCount);
    const csv = await publishedCsv('103-000004');
    expect(items.map((item) => item.code)).toEqual(csv.slice(1).map((row) => row[0]));
  });

  it('sorts, ties in row order, and pages a sort to the end', async () => {
    const { items } = await walk(AREAS, { sort: '-provinceCode,name', limit: '250' });
    expect(items).toHaveLength(2978);
    const keys = items.map((item) => [item.provinceCode as string, item.name as string]);
    const sorted = [...keys].sort(([p1, n1], [p2, n2]) =>
      p2! < p1! ? -1 : p2! > p1! ? 1 : n1! < n2! ? -1 : n1! > n2! ? 1 : 0,
    );
    expect(keys).toEqual(sorted);
  });

  it('filters on a Chinese value and counts the matches', async () => {
    const answer = await page(url(AREAS, { name: '朝阳区', count: 'exact' }));
    expect(answer.data.items).toEqual([
      { code: '110105', name: '朝阳区', cityCode: '1101', provinceCode: '11' },
      { code: '220104', name: '朝阳区', cityCode: '2201', provinceCode: '22' },
    ]);
    expect(answer.data.total).toEqual({ value: 2, exact: true });
    expect(answer.next).toBeUndefined();
    const beijing = await walk(AREAS, { provinceCode: '11', name__startswith: '东', limit: '1' });
    expect(beijing.items.map((item) => item.name)).toEqual(['东城区']);
  });

  it('answers the NBS table converted from GBK with typed values and null for empty cells', async () => {
    const answer = await page(
      url(GDP, { q: '国内生产总值', fields: '指标,2020年,2011年', sort: '-2020年' }),
    );
    expect(answer.data.fields).toEqual([
      { name: '指标', type: 'string' },
      { name: '2020年', type: 'number' },
      { name: '2011年', type: 'number' },
    ]);
    expect(answer.data.items).toEqual([
      { 指标: '国内生产总值(亿元)', '2020年': 1015986.2, '2011年': 487940.2 },
      { 指标: '人均国内生产总值(元)', '2020年': 72447, '2011年': 36302 },
      { 指标: expect.stringMatching(/^注：1\./), '2020年': null, '2011年': null },
      { 指标: expect.stringContaining('第四次全国经济普查后'), '2020年': null, '2011年': null },
    ]);
    const big = await page(url(GDP, { '2020年__gte': '384255.3', fields: '指标', count: 'exact' }));
    expect(big.data.items.map((item) => item.指标)).toEqual([
      '国民总收入(亿元)',
      '国内生产总值(亿元)',
      '第二产业增加值(亿元)',
      '第三产业增加值(亿元)',
    ]);
    const empty = await page(url(GDP, { '2020年': '', fields: '指标', count: 'exact' }));
    expect(empty.data.total).toEqual({ value: 4, exact: true });
  });

  it('finds text with q whatever its case or width', async () => {
    const wide = await page(
      url('/api/v1/datasets/301-000001/rows', { q: 'ＧＤＰ', fields: '指标' }),
    );
    expect(wide.data.items).toEqual([{ 指标: expect.stringContaining('（GDP）') }]);
  });

  it('writes NDJSON and CSV pages with a Link to the next one, and walks them to the end', async () => {
    for (const format of ['ndjson', 'csv'] as const) {
      let next: string | undefined = url(AREAS, { provinceCode: '11', format, limit: '5' });
      const codes: string[] = [];
      while (next) {
        const answer = await get(next);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe(
          format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        );
        const lines = answer.text.trimEnd().split('\n');
        if (format === 'csv') {
          expect(lines[0]).toBe('code,name,cityCode,provinceCode');
          codes.push(...lines.slice(1).map((line) => line.split(',')[0]!));
        } else codes.push(...lines.map((line) => (JSON.parse(line) as { code: string }).code));
        next = /^<([^>]+)>; rel="next"$/.exec(answer.headers.get('link') ?? '')?.[1];
      }
      expect(codes).toHaveLength(16);
      expect(codes.every((code) => code.startsWith('11'))).toBe(true);
    }
  });

  it('refuses geojson for a dataset without coordinates', async () => {
    const error = failure(await get(url(AREAS, { format: 'geojson' })));
    expect(error.errors[0]).toMatchObject({ field: 'format' });
    expect(error.error).toContain('no coordinates');
  });

  it('answers 400 naming the parameter for bad input, and 400 pointing to cursors past the offset window', async () => {
    for (const [query, field] of [
      ['nothing=1', 'nothing'],
      ['name__near=x', 'name__near'],
      ['limit=1001', 'limit'],
      ['sort=population', 'sort'],
      ['fields=code,title', 'fields'],
      ['count=all', 'count'],
      ['version=0', 'version'],
      ['cursor=abc', 'cursor'],
      ['q=%ED%A0%80', 'q'],
      ['name=%E4%B8', 'name'],
      ['name=%zz', 'name'],
      ['offset=9950', 'offset'],
    ]) {
      const answer = await get(`${AREAS}?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('cache-control'), query).toBe('no-store');
      expect(
        failure(answer).errors.map((e) => e.field),
        query,
      ).toContain(field);
    }
    expect(failure(await get(`${AREAS}?offset=9950`)).error).toContain('cursor');
    expect((await page(`${AREAS}?offset=2900&limit=100`)).data.items).toHaveLength(78);
  });

  it('answers unknown codes and entries the public may not see exactly as GET /api/v1/datasets/{code}', async () => {
    for (const code of ['999-999999', '101-000001', 'abc', '101%2F000001']) {
      const rows = failure(await get(`/api/v1/datasets/${code}/rows`));
      const show = failure(await get(`/api/v1/datasets/${code}`));
      expect(rows).toEqual({ ...show });
      expect(rows.status).toBe(404);
    }
  });

  it('answers 404 saying so for entries without open data, and for a version that does not exist', async () => {
    const none = failure(await get('/api/v1/datasets/102-000002/rows'));
    expect(none).toMatchObject({
      status: 404,
      error: expect.stringContaining('no published open data yet'),
    });
    const conditional = failure(await get('/api/v1/datasets/103-000005/rows'));
    expect(conditional.error).toContain('有条件开放');
    const version = failure(await get(`${AREAS}?version=9`));
    expect(version.errors[0]).toMatchObject({
      field: 'version',
      message: expect.stringContaining('versions are 1'),
    });
  });

  it('reads the code URL-encoded as well as its slug, and answers HEAD and If-None-Match', async () => {
    const bySlug = await get(`${AREAS}?limit=1`);
    const byCode = await get('/api/v1/datasets/103%2F000004/rows?limit=1');
    expect(JSON.parse(byCode.text).data).toEqual(JSON.parse(bySlug.text).data);
    const etag = bySlug.headers.get('etag')!;
    expect(bySlug.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await get(`${AREAS}?limit=1`, { headers: { 'If-None-Match': etag } })).status).toBe(
      304,
    );
    const head = await get(`${AREAS}?limit=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('is described in the OpenAPI document with its parameters and media types', async () => {
    const spec = (await get('/api/v1/openapi.json')).body as {
      paths: Record<
        string,
        { get: { parameters: { name: string }[]; responses: Record<string, { content?: object }> } }
      >;
    };
    const operation = spec.paths['/api/v1/datasets/{code}/rows']!.get;
    expect(operation.parameters.map((p) => p.name)).toEqual([
      'code',
      'fields',
      'q',
      'sort',
      'limit',
      'offset',
      'cursor',
      'count',
      'format',
      'version',
      'filters',
    ]);
    expect(Object.keys(operation.responses['200']!.content!)).toEqual([
      'application/json',
      'application/x-ndjson',
      'text/csv; charset=utf-8',
      'application/geo+json',
    ]);
  });
});
