import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import * as z from 'zod';
import { CKAN_ACTIONS } from '../../../../functions/src/api/ckan/ckan-actions.ts';
import { PackageSearchResultSchema } from '../../../../functions/src/api/ckan/ckan-package-search.ts';
import { parseResourceId } from '../../../../functions/src/api/ckan/ckan-ids.ts';
import {
  CkanOrganizationDetailSchema,
  CkanPackageSchema,
} from '../../../../functions/src/api/ckan/ckan-package.ts';
import type { CkanPackage } from '../../../../functions/src/api/ckan/ckan-package.ts';
import type { CatalogRecord } from '../../../../functions/src/core/schemas/catalog-entry.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import { apiOver, call, publishedStorage } from '../api-under-test.ts';
import type { Answer } from '../api-under-test.ts';

let storage: TestStorage;
let app: Hono;
let records: CatalogRecord[];
let publicRecords: CatalogRecord[];

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  app = apiOver(storage);
  records = await storage.stores.catalog.list();
  publicRecords = records.filter((r) => r.status === 'published' && r.openType !== '不予开放');
});
afterAll(() => storage?.stop());

const HELP = 'http://localhost/api/3/action/help_show?name=';
const get = (url: string, init?: RequestInit) => call(app, url, init);
const post = (url: string, body: unknown, type = 'application/json') =>
  call(app, url, {
    method: 'POST',
    headers: { 'Content-Type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

const SearchResultSchema = PackageSearchResultSchema;

/** The result of a successful CKAN answer, checked against the envelope and its schema. */
function result<T extends z.ZodType>(answer: Answer, action: string, schema: T): z.output<T> {
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${answer.text}`);
  const body = z
    .strictObject({
      help: z.literal(`${HELP}${action}`),
      success: z.literal(true),
      result: z.unknown(),
    })
    .parse(answer.body);
  return schema.parse(body.result);
}

/** The error of a failed CKAN answer, checked against CKAN's envelope. */
function error(answer: Answer, status: number, type: string) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.text).not.toMatch(/node_modules|\.ts:\d+|\n\s+at /);
  const body = z
    .strictObject({
      help: z.string().startsWith(HELP),
      success: z.literal(false),
      error: z.looseObject({ __type: z.literal(type), message: z.string() }),
    })
    .parse(answer.body);
  return body.error as { __type: string; message: string } & Record<string, unknown>;
}

const search = async (params: Record<string, string>) =>
  result(
    await get(`/api/3/action/package_search?${query(params)}`),
    'package_search',
    SearchResultSchema,
  );

describe('the CKAN entry points', () => {
  it('answers /api/3 with the API version, as clients probe it', async () => {
    const answer = await get('/api/3');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: 3 });
  });

  it('says what it is in status_show', async () => {
    const status = result(await get('/api/3/action/status_show'), 'status_show', z.looseObject({}));
    expect(status).toMatchObject({
      ckan_version: '2.10-compatible (datarun)',
      site_url: 'http://localhost',
      extensions: [],
    });
  });

  it('describes each action in help_show', async () => {
    const help = result(
      await get('/api/3/action/help_show?name=package_search'),
      'help_show',
      z.string(),
    );
    expect(help).toContain(':param fq:');
  });
});

describe('package_search', () => {
  it('searches Chinese words, filters with fq and counts facets over the result', async () => {
    const found = await search({
      q: '行政区划代码',
      fq: 'organization:nbs +res_format:CSV',
      'facet.field': '["organization","res_format","groups"]',
      rows: '2',
    });
    const expected = publicRecords.filter(
      (r) =>
        r.provider === 'nbs' &&
        r.keywords.includes('区划代码') &&
        r.hasData &&
        r.openType === '无条件开放',
    );
    expect(found.count).toBe(expected.length);
    expect(found.count).toBeGreaterThan(2);
    expect(found.results).toHaveLength(2);
    for (const pkg of found.results) CkanPackageSchema.strict().parse(pkg);
    expect(found.search_facets.organization).toEqual({
      title: 'organization',
      items: [{ name: 'nbs', display_name: '国家统计局', count: found.count }],
    });
    expect(found.facets.res_format).toEqual({
      CSV: found.count,
      JSON: found.count,
      Parquet: found.count,
    });
    expect(found.sort).toBe('score desc, metadata_modified desc');
  });

  it('ranks the entry named by the query first', async () => {
    const found = await search({ q: '统计用区划代码（县级）', rows: '1' });
    expect(found.results[0]!.name).toBe('103-000004');
  });

  it('pages through the whole public catalog once with start and rows', async () => {
    const seen: string[] = [];
    let count = -1;
    for (let start = 0; count === -1 || start < count; start += 7) {
      const page = await search({ start: String(start), rows: '7', sort: 'name asc' });
      count = page.count;
      seen.push(...page.results.map((p) => p.name));
    }
    expect(count).toBe(publicRecords.length);
    expect(seen).toEqual(publicRecords.map((r) => r.code.replace('/', '-')).sort());
    const withheld = records
      .filter((r) => r.openType === '不予开放')
      .map((r) => r.code.replace('/', '-'));
    expect(withheld.length).toBeGreaterThan(0);
    for (const name of withheld) expect(seen).not.toContain(name);
  });

  it('gives the same answer to a POST with a JSON body as ckanapi sends it', async () => {
    const params = { q: '人口', fq: 'groups:population OR groups:departmental', rows: 3 };
    const byGet = await search({ ...params, rows: '3', 'facet.field': '["tags"]' });
    const byPost = result(
      await post('/api/3/action/package_search', { ...params, 'facet.field': ['tags'] }),
      'package_search',
      SearchResultSchema,
    );
    expect(byPost).toEqual(byGet);
    const unversioned = result(
      await post('/api/action/package_search', { ...params, 'facet.field': ['tags'] }),
      'package_search',
      SearchResultSchema,
    );
    expect(unversioned).toEqual(byGet);
  });

  it('reads a form body whose only key is JSON, as curl -d sends it', async () => {
    const byForm = result(
      await post(
        '/api/3/action/package_search',
        '{"fq":"organization:nbs","rows":1}',
        'application/x-www-form-urlencoded',
      ),
      'package_search',
      SearchResultSchema,
    );
    expect(byForm.count).toBe(publicRecords.filter((r) => r.provider === 'nbs').length);
  });

  it('answers a query it cannot run with a 400 Search Query Error', async () => {
    const answer = await get(`/api/3/action/package_search?${query({ fq: 'title_en:x' })}`);
    const body = error(answer, 400, 'Search Query Error');
    expect(body.fq).toEqual([expect.stringContaining('unknown field "title_en"')]);
  });

  it('answers a malformed number with a 409 Validation Error listing the parameter', async () => {
    const body = error(await get('/api/3/action/package_search?rows=ten'), 409, 'Validation Error');
    expect(body.rows).toEqual([expect.stringContaining('Invalid integer')]);
  });

  it('answers a body that is not a JSON object with a 400', async () => {
    error(await post('/api/3/action/package_search', '{"q":'), 400, 'Bad Request');
    error(await post('/api/3/action/package_search', '[1,2]'), 400, 'Bad Request');
    error(await post('/api/3/action/package_search', 'q=x', 'text/plain'), 400, 'Bad Request');
  });

  it('keeps GET answers with an ETag, and POST answers not at all', async () => {
    const url = `/api/3/action/package_search?${query({ q: '人口' })}`;
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await get(url, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(
      (await post('/api/3/action/package_search', { q: '人口' })).headers.get('cache-control'),
    ).toBe('no-store');
  });
});

describe('package_show', () => {
  it('finds an entry by its code, its slug and its package name alike', async () => {
    const show = async (id: string) =>
      result(
        await get(`/api/3/action/package_show?id=${encodeURIComponent(id)}`),
        'package_show',
        CkanPackageSchema.strict(),
      );
    const byCode = await show('103/000004');
    expect(await show('103-000004')).toEqual(byCode);
    expect(await show(byCode.name)).toEqual(byCode);
    expect(byCode).toMatchObject({
      name: '103-000004',
      title: '统计用区划代码（县级）',
      owner_org: 'nbs',
    });
  });

  it('lists the published files as resources whose URLs serve exactly those bytes', async () => {
    const pkg: CkanPackage = result(
      await post('/api/action/package_show', { id: '103-000002' }),
      'package_show',
      CkanPackageSchema.strict(),
    );
    expect(pkg.resources.map((r) => r.format)).toEqual(['CSV', 'JSON', 'Parquet']);
    expect(pkg.resources.map((r) => r.datastore_active)).toEqual([true, false, false]);
    for (const resource of pkg.resources) {
      expect(resource.url).toBe(
        `http://localhost/open/datasets/103-000002/1/data.${resource.format.toLowerCase()}`,
      );
      expect(parseResourceId(resource.id)).toEqual({
        code: '103/000002',
        version: 1,
        format: resource.format.toLowerCase(),
      });
      const response = await app.request(resource.url);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(resource.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(resource.hash);
    }
  });

  it('answers withheld and unpublished entries exactly as ids that do not exist', async () => {
    const withheld = records.find((r) => r.openType === '不予开放' && r.status === 'published')!;
    const draft = records.find((r) => r.status !== 'published')!;
    const missing = error(
      await get('/api/3/action/package_show?id=999-999999'),
      404,
      'Not Found Error',
    );
    for (const record of [withheld, draft]) {
      const answer = await get(`/api/3/action/package_show?id=${encodeURIComponent(record.code)}`);
      const body = error(answer, 404, 'Not Found Error');
      expect(body.message.replace(record.code, 'X')).toBe(
        missing.message.replace('999-999999', 'X'),
      );
      expect(answer.text).not.toContain(record.title.zh);
    }
  });

  it('answers a missing id with a 409 Validation Error', async () => {
    const body = error(await get('/api/3/action/package_show'), 409, 'Validation Error');
    expect(body.id).toEqual(['Missing value']);
  });
});

describe('organization_list and organization_show', () => {
  it('lists the agencies by name, or in full with their counts of public entries', async () => {
    const names = result(
      await get('/api/3/action/organization_list?sort=name%20asc'),
      'organization_list',
      z.array(z.string()),
    );
    const agencies = (await storage.stores.agencies.list()).map((a) => a.code).sort();
    expect(names).toEqual(agencies);
    const counted: number[] = [];
    for (let offset = 0; offset < names.length; offset += 25) {
      const page = result(
        await get(`/api/3/action/organization_list?all_fields=true&limit=1000&offset=${offset}`),
        'organization_list',
        z.array(CkanOrganizationDetailSchema.strict()),
      );
      // With all_fields CKAN gives at most 25 to a page, whatever the limit.
      expect(page.length).toBe(Math.min(25, names.length - offset));
      counted.push(...page.map((o) => o.package_count!));
    }
    expect(counted.reduce((sum, count) => sum + count, 0)).toBe(publicRecords.length);
  });

  it('shows one agency with its newest packages', async () => {
    const nbs = result(
      await get('/api/3/action/organization_show?id=nbs&include_datasets=true'),
      'organization_show',
      CkanOrganizationDetailSchema.strict(),
    );
    expect(nbs).toMatchObject({ name: 'nbs', title: '国家统计局' });
    expect(nbs.package_count).toBe(publicRecords.filter((r) => r.provider === 'nbs').length);
    expect(nbs.packages!.length).toBe(Math.min(10, nbs.package_count!));
    error(await get('/api/3/action/organization_show?id=nobody'), 404, 'Not Found Error');
  });
});

describe('the action API', () => {
  it('answers an action it does not offer with a 400 naming it', async () => {
    const body = error(await get('/api/3/action/package_create'), 400, 'Bad Request');
    expect(body.message).toContain('Action name not known: package_create');
    error(await post('/api/action/datastore_upsert', {}), 400, 'Bad Request');
  });

  it('answers methods other than GET and POST with a 405 and the methods allowed', async () => {
    for (const url of ['/api/3/action/package_show', '/api/action/package_show']) {
      const answer = await get(url, { method: 'PUT' });
      error(answer, 405, 'Method Not Allowed');
      expect(answer.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    }
    const version = await get('/api/3', { method: 'DELETE' });
    expect(version.status).toBe(405);
  });

  it('labels every answer JSON, forbids sniffing, and allows any origin', async () => {
    for (const url of [
      '/api/3',
      '/api/3/action/package_search',
      '/api/3/action/package_show?id=nope',
      '/api/3/action/nope',
      '/api/action/status_show',
    ]) {
      const answer = await get(url, { headers: { Origin: 'https://example.org' } });
      expect(answer.headers.get('content-type'), url).toMatch(/^application\/json/);
      expect(answer.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(answer.headers.get('access-control-allow-origin'), url).toBe('*');
    }
  });

  it('is described in the OpenAPI document, GET and POST for each action', async () => {
    const spec = (await get('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const action of CKAN_ACTIONS)
      expect(
        Object.keys(spec.paths[`/api/3/action/${action.name}`] ?? {}).sort(),
        action.name,
      ).toEqual(['get', 'post']);
    expect(spec.paths['/api/3']).toHaveProperty('get');
  });
});

describe('datastore_search', () => {
  const RESOURCE = '103-000002.v1.csv';
  const rows = (answer: Answer) =>
    result(
      answer,
      'datastore_search',
      CKAN_ACTIONS.find((a) => a.name === 'datastore_search')!.result,
    ) as {
      fields: { id: string; type: string }[];
      records: Record<string, unknown>[];
      total?: number;
      limit: number;
      offset: number;
      _links: { next: string };
    };

  it('answers the rows of the CSV resource package_show lists, typed as the DataStore types them', async () => {
    const shown = result(
      await get('/api/3/action/package_show?id=103-000002'),
      'package_show',
      CkanPackageSchema,
    );
    const csv = shown.resources.find((r) => r.format === 'CSV')!;
    expect(csv.id).toBe(RESOURCE);
    const page = rows(await get(`/api/3/action/datastore_search?resource_id=${csv.id}&limit=5`));
    expect(page.fields.map((f) => f.id)).toEqual(['code', 'name']);
    expect(page.records).toHaveLength(5);
    expect(page.records[0]).toEqual({ code: '11', name: '北京市' });
    expect(page.total).toBe(31);
  });

  it('filters with a JSON object posted as ckanapi posts it, and pages with _links.next', async () => {
    const filtered = rows(
      await post('/api/3/action/datastore_search', {
        resource_id: RESOURCE,
        filters: { name: ['上海市', '浙江省'] },
        sort: 'code desc',
      }),
    );
    expect(filtered.records).toEqual([
      { code: '33', name: '浙江省' },
      { code: '31', name: '上海市' },
    ]);
    const first = rows(
      await get(`/api/3/action/datastore_search?resource_id=${RESOURCE}&limit=20`),
    );
    const second = rows(await get(first._links.next));
    expect(second.offset).toBe(20);
    expect(second.records).toHaveLength(11);
    expect(new Set([...first.records, ...second.records].map((r) => r.code)).size).toBe(31);
  });

  it('refuses an unknown column and an unknown resource in CKAN’s error shape', async () => {
    const column = await get(
      `/api/3/action/datastore_search?resource_id=${RESOURCE}&filters=${encodeURIComponent('{"nope":"1"}')}`,
    );
    expect(column.status).toBeGreaterThanOrEqual(400);
    expect(column.status).toBeLessThan(500);
    expect(column.text).toContain('nope');
    error(
      await get('/api/3/action/datastore_search?resource_id=999-999999.v1.csv'),
      404,
      'Not Found Error',
    );
  });
});

describe('links behind the CDN', () => {
  it('builds help and resource links on the public host the CDN passes, not the API’s own name', async () => {
    const answer = await get('/api/3/action/package_show?id=103-000002', {
      headers: { 'X-Datarun-Public-Host': 'data.example.gov.cn' },
    });
    const body = answer.body as { help: string; result: CkanPackage };
    expect(body.help).toBe('https://data.example.gov.cn/api/3/action/help_show?name=package_show');
    for (const resource of body.result.resources)
      expect(resource.url).toMatch(
        /^https:\/\/data\.example\.gov\.cn\/open\/datasets\/103-000002\//,
      );
  });

  it('ignores a public host header that is not a host name', async () => {
    const answer = await get('/api/3/action/status_show', {
      headers: { 'X-Datarun-Public-Host': 'evil.example/<script>' },
    });
    expect((answer.body as { help: string }).help.startsWith(HELP)).toBe(true);
  });
});
