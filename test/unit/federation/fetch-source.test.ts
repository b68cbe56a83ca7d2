import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { FederationSourceSchema } from '../../../functions/src/core/federation/federated-catalog.ts';
import { fetchSource } from '../../../functions/src/services/federation/fetch-source.ts';

const source = (kind: 'datarun' | 'dcat' | 'ckan', url = 'https://data.example.gov.cn') =>
  FederationSourceSchema.parse({ id: 'example', name: { zh: '示例平台' }, kind, url });

/** A fetch that answers every request with `answer(url)` and remembers what was asked. */
function fakeFetch(answer: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; accept: string | null }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, accept: new Headers(init?.headers).get('Accept') });
    return answer(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems[0]!;
}

const DCAT_TURTLE = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.gov.cn/catalog> a dcat:Catalog ;
  dct:title "示例目录"@zh ;
  dcat:dataset <https://data.example.gov.cn/datasets/1> .
<https://data.example.gov.cn/datasets/1> a dcat:Dataset ;
  dct:identifier "1" ;
  dct:title "公交线路"@zh ;
  dct:description "全市公交线路及站点。"@zh .
`;

describe('fetchSource', () => {
  it('reads another datarun instance’s DCAT-AP export at /catalog/dcat.jsonld, asking for JSON-LD', async () => {
    const { fetch, requests } = fakeFetch(
      () =>
        new Response(JSON.stringify({ '@context': {}, '@graph': [] }), {
          headers: { 'Content-Type': 'application/ld+json' },
        }),
    );
    const fetched = await fetchSource(source('datarun', 'http://localhost:4322/'), { fetch });
    expect(requests).toEqual([
      {
        url: 'http://localhost:4322/catalog/dcat.jsonld',
        accept: expect.stringMatching(/^application\/ld\+json/),
      },
    ]);
    expect(fetched).toMatchObject({
      from: 'dcat',
      url: 'http://localhost:4322/catalog/dcat.jsonld',
    });
    expect(fetched.read.records).toEqual([]);
  });

  it('reads a DCAT document in the syntax its content type names', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Response(DCAT_TURTLE, { headers: { 'Content-Type': 'text/turtle; charset=utf-8' } }),
    );
    const fetched = await fetchSource(source('dcat', 'https://data.example.gov.cn/catalog'), {
      fetch,
    });
    expect(fetched.read.records.map((record) => record.title.zh)).toEqual(['公交线路']);
  });

  it('names the source when it cannot be reached, and why', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4322'), {
      code: 'ECONNREFUSED',
    });
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed', { cause: refused });
    });
    const found = await problemOf(
      fetchSource(source('datarun', 'http://localhost:4322'), { fetch }),
    );
    expect(found).toMatchObject({
      code: 'unreachable',
      message: 'http://localhost:4322 unreachable (connection refused)',
    });
  });

  it('gives up on a source that does not answer within the timeout', async () => {
    const { fetch } = fakeFetch(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    const found = await problemOf(fetchSource(source('datarun'), { fetch, timeoutMs: 50 }));
    expect(found.message).toBe('https://data.example.gov.cn unreachable (no answer within 0.05 s)');
  });

  it('names the URL and the status of an HTTP error', async () => {
    const { fetch } = fakeFetch(() => new Response('no', { status: 404, statusText: 'Not Found' }));
    const found = await problemOf(fetchSource(source('datarun'), { fetch }));
    expect(found).toMatchObject({
      code: 'unreachable',
      message: 'https://data.example.gov.cn/catalog/dcat.jsonld answered 404 Not Found',
    });
  });

  it('refuses a body larger than the limit, declared or streamed', async () => {
    const big = 'x'.repeat(2048);
    const declared = fakeFetch(
      () => new Response(big, { headers: { 'Content-Length': String(big.length) } }),
    );
    const streamed = fakeFetch(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big));
              controller.close();
            },
          }),
        ),
    );
    for (const { fetch } of [declared, streamed]) {
      const found = await problemOf(fetchSource(source('dcat'), { fetch, maxBytes: 1024 }));
      expect(found.message).toMatch(/^https:\/\/data\.example\.gov\.cn is larger than/);
    }
  });

  it('refuses a body that is not UTF-8, naming the URL', async () => {
    const { fetch } = fakeFetch(() => new Response(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3])));
    const found = await problemOf(fetchSource(source('dcat'), { fetch }));
    expect(found).toMatchObject({ code: 'encoding', file: 'https://data.example.gov.cn' });
  });

  it('pages a CKAN site’s package_search until its count is read, positions counted over all pages', async () => {
    const packages = Array.from({ length: 5 }, (_, i) => ({
      id: `p${i}`,
      name: `dataset-${i}`,
      title: `Dataset ${i}`,
      notes: 'Real enough to be read',
      metadata_created: '2020-01-01T00:00:00',
      metadata_modified: '2020-01-02T00:00:00',
      resources: [],
      tags: [],
    }));
    const { fetch, requests } = fakeFetch((url) => {
      const params = new URL(url).searchParams;
      const start = Number(params.get('start'));
      const rows = Number(params.get('rows'));
      return Response.json({
        success: true,
        result: { count: packages.length, results: packages.slice(start, start + rows) },
      });
    });
    const fetched = await fetchSource(source('ckan', 'https://ckan.example.org/'), {
      fetch,
      ckanRows: 2,
    });
    expect(requests.map((r) => r.url)).toEqual([
      'https://ckan.example.org/api/3/action/package_search?rows=2&start=0',
      'https://ckan.example.org/api/3/action/package_search?rows=2&start=2',
      'https://ckan.example.org/api/3/action/package_search?rows=2&start=4',
    ]);
    expect(fetched.from).toBe('ckan');
    expect(fetched.read.total).toBe(5);
    expect(fetched.read.records.map((record) => record.at.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops at an empty page even when the count promised more', async () => {
    const { fetch, requests } = fakeFetch(() =>
      Response.json({ success: true, result: { count: 38, results: [] } }),
    );
    const fetched = await fetchSource(source('ckan'), { fetch });
    expect(requests).toHaveLength(1);
    expect(fetched.read.total).toBe(0);
  });

  it('refuses an answer that is not a package_search answer, naming the page', async () => {
    const broken = fakeFetch(() => new Response('{"success": true, "result": '));
    const other = fakeFetch(() => Response.json({ success: true, result: [] }));
    expect(await problemOf(fetchSource(source('ckan'), { fetch: broken.fetch }))).toMatchObject({
      code: 'json-syntax',
      file: 'https://data.example.gov.cn/api/3/action/package_search?rows=1000&start=0',
    });
    expect(await problemOf(fetchSource(source('ckan'), { fetch: other.fetch }))).toMatchObject({
      code: 'json-syntax',
      field: 'result.count',
    });
  });
});
