import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { FolderCatalogSource } from '../../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../../functions/src/services/publish/publish-catalog.ts';
import { copyOfDemoCatalog } from '../../../support/catalog-folder.ts';
import { startTestStorage } from '../../../support/storage.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { issueApiKey } from '../../../../functions/src/services/access/issue-api-key.ts';
import { createSharingDeps } from '../../../../functions/src/adapters/index.ts';
import { apiOver, call, failure } from '../api-under-test.ts';
import { accessApi, callFrom } from '../keys/access-under-test.ts';

const PROVINCES = 'datasets/cn-admin-divisions-modood/csv/provinces.csv';

let storage: TestStorage;
let app: Hono;
let firstCsv: string;

const get = (url: string, init?: RequestInit) => call(app, url, init);

/** Follows one redirect on the same app, as a browser following Location would. */
async function download(url: string): Promise<{ location: string; text: string }> {
  const answer = await get(url);
  expect(answer.status, answer.text).toBe(302);
  const location = answer.headers.get('location')!;
  const file = await get(location);
  expect(file.status).toBe(200);
  return { location, text: file.text };
}

beforeAll(async () => {
  // The demo catalog published twice: the provinces file is corrected in between (its last
  // row removed), so 103/000002 has versions 1 and 2.
  const folder = await copyOfDemoCatalog();
  storage = await startTestStorage();
  const publish = () =>
    publishCatalog({
      source: new FolderCatalogSource(folder),
      stores: storage.stores,
      tmpDir: '/tmp',
    });
  await publish();
  const path = join(folder, PROVINCES);
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  await writeFile(path, `${lines.slice(0, -1).join('\n')}\n`);
  await publish();
  firstCsv = (await storage.stores.objects.getText('open', 'open/datasets/103-000002/1/data.csv'))!;
  app = apiOver(storage, { snapshot: { checkEveryMs: 0 } });
}, 120_000);
afterAll(() => storage?.stop());

describe('GET /api/v1/datasets/{code}/download', () => {
  it('redirects to the latest CSV on the open zone by default, cacheable for a minute', async () => {
    const answer = await get('/api/v1/datasets/103-000002/download');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/open/datasets/103-000002/2/data.csv');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
    const { text } = await download('/api/v1/datasets/103-000002/download');
    expect(text.split('\n').length).toBe(firstCsv.split('\n').length - 1);
  });

  it('keeps every published version downloadable, byte for byte as published', async () => {
    const { location, text } = await download('/api/v1/datasets/103%2F000002/download?version=1');
    expect(location).toBe('/open/datasets/103-000002/1/data.csv');
    expect(text).toBe(firstCsv);
  });

  it('offers JSON and Parquet as well', async () => {
    for (const format of ['json', 'parquet']) {
      const answer = await get(`/api/v1/datasets/103-000002/download?format=${format}&version=1`);
      expect(answer.headers.get('location')).toBe(`/open/datasets/103-000002/1/data.${format}`);
    }
  });

  it('answers 404 naming the version for a version that was never published', async () => {
    const error = failure(await get('/api/v1/datasets/103-000002/download?version=7'));
    expect(error.status).toBe(404);
    expect(error.errors[0]).toMatchObject({ field: 'version' });
    expect(error.error).toContain('its versions are 1, 2');
  });

  it('answers 400 naming the parameter for an unknown format or a bad version', async () => {
    for (const [query, field] of [
      ['format=xlsx', 'format'],
      ['version=0', 'version'],
      ['version=one', 'version'],
      ['version=1.5', 'version'],
      ['limit=5', 'limit'],
    ]) {
      const error = failure(await get(`/api/v1/datasets/103-000002/download?${query}`));
      expect(error.status, query).toBe(400);
      expect(error.errors[0]?.field, query).toBe(field);
    }
  });

  it('answers an unknown code with the same 404 as a withheld one', async () => {
    const unknown = failure(await get('/api/v1/datasets/999-999999/download'));
    expect(unknown.status).toBe(404);
    expect(unknown.error).toBe('no public dataset "999-999999"');
  });

  it('never hands shared data to a caller without an agency key, and says why for 有条件开放 entries', async () => {
    // 103/000005 (township divisions) is 有条件开放: listed publicly, its data in the shared zone.
    const answer = await get('/api/v1/datasets/103-000005/download');
    expect(answer.status).toBe(404);
    expect(failure(answer).error).toContain('有条件开放');
    expect(answer.headers.get('location')).toBeNull();
    expect(answer.text).not.toContain('X-Amz-Signature');
  });
});

describe('downloading shared data with an agency key', () => {
  let keyed: Hono;
  const keys: Record<string, string> = {};
  const as = (who: string, url: string) =>
    callFrom(keyed, '198.51.100.7', url, who ? { headers: { 'X-API-Key': keys[who]! } } : {});

  beforeAll(async () => {
    keyed = accessApi(storage, {}, { sharing: createSharingDeps(storage.stores) }).app;
    const person = { name: '测试', email: 'ops@example.org' };
    keys.provider = (await issueApiKey(storage.stores.apiKeys, person, { agency: 'nbs' })).secret;
    keys.other = (
      await issueApiKey(storage.stores.apiKeys, person, { agency: 'sh-foreign-affairs' })
    ).secret;
    keys.developer = (await issueApiKey(storage.stores.apiKeys, person)).secret;
  });

  it('gives the providing agency a presigned link that expires within 15 minutes and is never cached', async () => {
    const answer = await as('provider', '/api/v1/datasets/103-000005/download?format=csv');
    expect(answer.status, answer.text).toBe(302);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const link = new URL(answer.headers.get('location')!);
    expect(link.pathname).toContain('/shared/datasets/103-000005/1/data.csv');
    expect(Number(link.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(15 * 60);
    // The link works on its own, as a browser would follow it: the embedded S3 signs as S3 does.
    const file = await fetch(link);
    expect(file.status).toBe(200);
    const published = await storage.stores.objects.getText(
      'shared',
      'shared/datasets/103-000005/1/data.csv',
    );
    expect(await file.text()).toBe(published);
    const page = await storage.stores.audit.list({ action: 'dataset.download-shared' });
    expect(page.records[0]).toMatchObject({
      actor: { agency: 'nbs' },
      subject: 'dataset:103/000005',
      outcome: 'ok',
      details: { version: 1, format: 'csv' },
    });
  });

  it('refuses another agency with a 403 naming the provider, and hands out no link', async () => {
    const answer = await as('other', '/api/v1/datasets/103-000005/download');
    expect(failure(answer).status).toBe(403);
    expect(answer.text).toContain('(nbs)');
    expect(answer.headers.get('location')).toBeNull();
  });

  it('answers a developer key without an agency exactly as an anonymous caller', async () => {
    const developer = await as('developer', '/api/v1/datasets/103-000005/download');
    const anonymous = await as('', '/api/v1/datasets/103-000005/download');
    expect(developer.status).toBe(404);
    expect(failure(developer).error).toBe(failure(anonymous).error);
  });

  it('never presigns an unknown code, even for an agency key', async () => {
    const answer = await as('provider', '/api/v1/datasets/999-999999/download');
    expect(failure(answer).status).toBe(404);
  });
});
