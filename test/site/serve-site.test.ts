import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { serveSite } from '../../functions/src/services/site/serve-site.ts';

let dir: string;
let app: Hono;

const FILES: Record<string, string> = {
  'index.html': '<h1>首页</h1>',
  '404.html': '<h1>找不到这个页面</h1>',
  'en/404/index.html': '<h1>Page not found</h1>',
  'datasets/103-000004/index.html': '<h1>统计用区划代码（县级）</h1>',
  '_astro/site.abc123.css': 'body{color:#000}',
  'pagefind/index/zh-cn_1.pf_index': 'binary',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-serve-'));
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await writeFile(join(dirname(dir), 'secret.txt'), 'outside the site');
  app = new Hono();
  app.on(['GET', 'HEAD'], '*', serveSite(dir));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(dirname(dir), 'secret.txt'), { force: true });
});

describe('serveSite', () => {
  it('serves a folder path from its index.html as HTML', async () => {
    const response = await app.request('/datasets/103-000004/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('县级');
  });

  it('redirects a folder path without its slash, keeping the query', async () => {
    const response = await app.request('/datasets/103-000004?x=1');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/datasets/103-000004/?x=1');
  });

  it('answers unknown paths with the 404 page of their language and status 404', async () => {
    const chinese = await app.request('/datasets/999-999999/');
    expect(chinese.status).toBe(404);
    expect(await chinese.text()).toContain('找不到');
    const english = await app.request('/en/datasets/999-999999/');
    expect(english.status).toBe(404);
    expect(await english.text()).toContain('Page not found');
  });

  it('never serves a file outside the site folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('outside the site');
    }
  });

  it('gzips text for clients that accept it and caches hashed assets for a year', async () => {
    const response = await app.request('/_astro/site.abc123.css', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(
      FILES['_astro/site.abc123.css'],
    );
    const index = await app.request('/pagefind/index/zh-cn_1.pf_index', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(index.headers.get('content-encoding')).toBeNull();
    expect(index.headers.get('cache-control')).toContain('must-revalidate');
  });
});
