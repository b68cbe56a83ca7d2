import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { createStores } from '../../../../functions/src/adapters/index.ts';
import { createTableInput } from '../../../../functions/src/local/embedded-storage.ts';
import { TABLES } from '../../../../functions/src/storage-layout.ts';
import { usageSubject } from '../../../../functions/src/core/access/usage.ts';
import { issueApiKey } from '../../../../functions/src/services/access/issue-api-key.ts';
import { DatasetUsageSchema } from '../../../../functions/src/api/routes/dataset-usage.ts';
import { KeyShowSchema } from '../../../../functions/src/api/routes/key-show.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { failure, publishedStorage, success } from '../api-under-test.ts';
import { accessApi, callFrom, testClock } from './access-under-test.ts';

let storage: TestStorage;
beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
});
afterAll(() => storage?.stop());

const usageOf = async (app: ReturnType<typeof accessApi>['app'], slug: string) =>
  success(await callFrom(app, '192.0.2.99', `/api/v1/datasets/${slug}/usage`), DatasetUsageSchema)
    .data;

describe('usage counting', () => {
  it('counts API calls and downloads per dataset, for anyone, readable once flushed', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { now: clock.now });
    const before = await usageOf(app, '103-000002');
    expect(before).toMatchObject({ code: '103/000002', total: { calls: 0, downloads: 0 } });
    await callFrom(app, '192.0.2.1', '/api/v1/datasets/103-000002');
    await callFrom(app, '192.0.2.2', '/api/v1/datasets/103%2F000002');
    const download = await callFrom(app, '192.0.2.1', '/api/v1/datasets/103-000002/download');
    expect(download.status).toBe(302);
    await callFrom(app, '192.0.2.1', '/api/v1/datasets/103-000002/download?format=parquet');
    // Neither a HEAD, nor a failed download, nor reading the usage itself counts.
    await callFrom(app, '192.0.2.1', '/api/v1/datasets/103-000002', { method: 'HEAD' });
    await callFrom(app, '192.0.2.1', '/api/v1/datasets/103-000002/download?version=99');
    const after = await usageOf(app, '103-000002');
    expect(after.total).toEqual({ calls: 2, downloads: 2 });
    expect(after.recent).toMatchObject({ calls: 2, downloads: 2, days: 30, since: '2026-04-02' });
    expect(after.daily).toEqual([{ day: '2026-05-01', calls: 2, downloads: 2 }]);
  });

  it('counts every request of a key for the key, and shows it on /keys/me', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { now: clock.now });
    const { secret, record } = await issueApiKey(storage.stores.apiKeys, {
      name: 'Wang',
      email: 'wang@example.org',
    });
    const withKey = { headers: { 'X-API-Key': secret } };
    await callFrom(app, '192.0.2.3', '/api/v1/stats', withKey);
    await callFrom(app, '192.0.2.3', '/api/v1/datasets/103-000003', withKey);
    await callFrom(app, '192.0.2.3', '/api/v1/datasets/999-999999', withKey);
    await callFrom(app, '192.0.2.3', '/api/v1/datasets/103-000003/download', withKey);
    const me = success(await callFrom(app, '192.0.2.3', '/api/v1/keys/me', withKey), KeyShowSchema);
    expect(me.data.id).toBe(record.id);
    expect(me.data.usage.total).toEqual({ calls: 3, downloads: 1 });
    // The unknown code was the key's call, but no dataset's.
    expect(await storage.stores.usage.days(usageSubject.dataset('999/999999'))).toEqual([]);
    expect((await usageOf(app, '103-000003')).total).toEqual({ calls: 1, downloads: 1 });
  });

  it('writes counts at most every few seconds, at the end of the request that finds a write due', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { now: clock.now, usageFlushSeconds: 5 });
    const stored = async () =>
      (await storage.stores.usage.days(usageSubject.dataset('103/000004')))
        .map((d) => d.calls)
        .reduce((a, b) => a + b, 0);
    const start = await stored();
    for (let i = 0; i < 3; i++) await callFrom(app, '192.0.2.4', '/api/v1/datasets/103-000004');
    expect(await stored()).toBe(start);
    clock.advance(5000);
    await callFrom(app, '192.0.2.4', '/api/v1/datasets/103-000004');
    expect(await stored()).toBe(start + 4);
  });

  it('never fails a request when the usage store fails, and keeps the counts for the next write', async () => {
    const table = `usage-late-${Date.now()}`;
    const late = createStores(
      { ...storage.config, tables: { ...storage.config.tables, usage: table } },
      storage.clients,
    );
    const { app, warnings } = accessApi(storage, { stores: late, now: testClock().now });
    const answer = await callFrom(app, '192.0.2.5', '/api/v1/datasets/201-000001');
    expect(answer.status).toBe(200);
    expect(warnings.join('\n')).toContain('usage counts could not be stored');
    await storage.clients.dynamodb.send(
      new CreateTableCommand(createTableInput(table, TABLES.usage)),
    );
    await callFrom(app, '192.0.2.5', '/api/v1/datasets/201-000001');
    const days = await late.usage.days(usageSubject.dataset('201/000001'));
    expect(days.map((d) => d.calls)).toEqual([2]);
    // Reading fails with a 503 that says so, not a 500.
    const broken = createStores(
      { ...storage.config, tables: { ...storage.config.tables, usage: 'no-such-table' } },
      storage.clients,
    );
    const read = await callFrom(
      accessApi(storage, { stores: broken }).app,
      '192.0.2.5',
      '/api/v1/datasets/201-000001/usage',
    );
    expect(failure(read)).toMatchObject({ status: 503, errors: [{ code: 'storage' }] });
  });
});

describe('GET /api/v1/datasets/{code}/usage', () => {
  it('answers 404 for codes the public catalog does not list, as dataset_show does', async () => {
    const { app } = accessApi(storage);
    for (const code of ['999-999999', '101-000001'])
      expect(
        failure(await callFrom(app, '192.0.2.6', `/api/v1/datasets/${code}/usage`)).status,
      ).toBe(404);
  });

  it('is public and cacheable for a minute, with an ETag that changes with the figures', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { now: clock.now });
    const first = await callFrom(app, '192.0.2.7', '/api/v1/datasets/201-000002/usage');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag')!;
    const again = await callFrom(app, '192.0.2.7', '/api/v1/datasets/201-000002/usage', {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    await callFrom(app, '192.0.2.7', '/api/v1/datasets/201-000002');
    const changed = await callFrom(app, '192.0.2.7', '/api/v1/datasets/201-000002/usage', {
      headers: { 'If-None-Match': etag },
    });
    expect(changed.status).toBe(200);
  });
});
