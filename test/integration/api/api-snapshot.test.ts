import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { buildSnapshot } from '../../../functions/src/core/publish/snapshot.ts';
import { nextRecord } from '../../../functions/src/core/publish/catalog-record.ts';
import { PUBLIC_SNAPSHOT_KEY } from '../../../functions/src/core/publish/object-keys.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { ObjectStore } from '../../../functions/src/core/ports/object-store.ts';
import { createApi } from '../../../functions/src/api/app.ts';
import { CatalogStatsSchema } from '../../../functions/src/core/search/catalog-stats.ts';
import { DatasetDetailSchema } from '../../../functions/src/api/dataset-views.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { agency, openEntry } from '../../support/entries.ts';
import { call, failure, success } from './api-under-test.ts';

let storage: TestStorage;
const now = new Date('2026-11-28T10:00:00.000Z');

/** Writes a public snapshot of these entries, as publishing does. */
async function putSnapshot(entries: CatalogEntryInput[]): Promise<void> {
  const records = entries.map((entry) =>
    nextRecord(CatalogEntrySchema.parse(entry), undefined, undefined, now)!,
  );
  const snapshot = buildSnapshot('public', records, new Map(), [agency()]);
  await storage.stores.objects.putText(
    'open',
    PUBLIC_SNAPSHOT_KEY,
    JSON.stringify(snapshot),
    'application/json',
  );
}

/** The real object store, counting the calls the cache makes. */
function counted(objects: ObjectStore) {
  const calls = { head: 0, getText: 0 };
  return {
    calls,
    objects: {
      head: (...args: Parameters<ObjectStore['head']>) => {
        calls.head += 1;
        return objects.head(...args);
      },
      getText: (...args: Parameters<ObjectStore['getText']>) => {
        calls.getText += 1;
        return objects.getText(...args);
      },
    },
  };
}

function clockedApi(checkEveryMs: number, rereadEveryMs: number) {
  const clock = { ms: 0 };
  const store = counted(storage.stores.objects);
  const app: Hono = createApi({
    stores: { objects: { ...storage.stores.objects, ...store.objects } },
    snapshot: { checkEveryMs, rereadEveryMs, now: () => clock.ms },
  });
  const title = async () =>
    success(await call(app, '/api/v1/datasets/103-000001'), DatasetDetailSchema).data.title.zh;
  return { app, clock, calls: store.calls, title };
}

beforeAll(async () => {
  storage = await startTestStorage();
});
beforeEach(async () => {
  await storage.stores.objects.delete('open', PUBLIC_SNAPSHOT_KEY);
});
afterAll(() => storage?.stop());

describe('the snapshot held in memory', () => {
  it('answers many requests from one read', async () => {
    await putSnapshot([openEntry()]);
    const { app, calls } = clockedApi(5000, 60_000);
    for (let i = 0; i < 5; i++) success(await call(app, '/api/v1/stats'), CatalogStatsSchema);
    expect(calls).toEqual({ head: 1, getText: 1 });
  });

  it('shares one read among requests that arrive together', async () => {
    await putSnapshot([openEntry()]);
    const { app, calls } = clockedApi(5000, 60_000);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call(app, '/api/v1/agencies')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(calls).toEqual({ head: 1, getText: 1 });
  });

  it('picks up a republished snapshot once the check interval has passed', async () => {
    await putSnapshot([openEntry()]);
    const { clock, calls, title } = clockedApi(5000, 60_000);
    expect(await title()).toBe('行政区划代码');
    await putSnapshot([openEntry({ title: { zh: '行政区划代码（新版）' } })]);
    clock.ms = 4999;
    expect(await title()).toBe('行政区划代码');
    clock.ms = 5000;
    expect(await title()).toBe('行政区划代码（新版）');
    expect(calls).toEqual({ head: 2, getText: 2 });
  });

  it('asks storage only for the headers while the snapshot is unchanged', async () => {
    await putSnapshot([openEntry()]);
    const { clock, calls, title } = clockedApi(5000, 60_000);
    await title();
    clock.ms = 5000;
    await title();
    clock.ms = 10_000;
    await title();
    expect(calls).toEqual({ head: 3, getText: 1 });
  });

  it('sees a change that keeps the size at the next check, by its ETag', async () => {
    await putSnapshot([openEntry({ title: { zh: '行政区划代码甲' } })]);
    const { clock, title } = clockedApi(5000, 60_000);
    expect(await title()).toBe('行政区划代码甲');
    await putSnapshot([openEntry({ title: { zh: '行政区划代码乙' } })]);
    clock.ms = 4000;
    expect(await title()).toBe('行政区划代码甲');
    clock.ms = 5000;
    expect(await title()).toBe('行政区划代码乙');
  });
});

describe('answers when the snapshot is missing or broken', () => {
  // A broken snapshot is logged for operators; the client learns only that it failed.
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => logged.mockClear());
  afterAll(() => logged.mockRestore());

  const expectError = async (app: Hono, status: number) => {
    for (const url of [
      '/api/v1/datasets',
      '/api/v1/datasets/103-000001',
      '/api/v1/agencies',
      '/api/v1/stats',
    ]) {
      const answer = await call(app, url);
      expect(answer.status, url).toBe(status);
      expect(failure(answer).status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
    return failure(await call(app, '/api/v1/datasets'));
  };

  it('answers 503 saying how to publish when nothing has been published', async () => {
    const error = await expectError(createApi({ stores: storage.stores }), 503);
    expect(error.error).toContain('npx datarun publish');
  });

  it('answers 500 without details when the snapshot is not valid JSON', async () => {
    await storage.stores.objects.putText(
      'open',
      PUBLIC_SNAPSHOT_KEY,
      '{"kind":"public",',
      'application/json',
    );
    const error = await expectError(createApi({ stores: storage.stores }), 500);
    expect(error).toEqual({
      ok: false,
      status: 500,
      error: 'internal error; the problem has been logged',
      errors: [],
    });
    expect(logged).toHaveBeenCalledWith(expect.any(SyntaxError));
  });

  it('answers 500 without details when the snapshot does not match its schema', async () => {
    await putSnapshot([openEntry()]);
    const text = (await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!;
    await storage.stores.objects.putText(
      'open',
      PUBLIC_SNAPSHOT_KEY,
      text.replace('"counts":{"entries":1', '"counts":{"entries":"one"'),
      'application/json',
    );
    const answer = await call(createApi({ stores: storage.stores }), '/api/v1/stats');
    expect(answer.status).toBe(500);
    expect(answer.text).not.toMatch(/entries|ZodError|at .*\.ts/);
  });

  it('refuses to serve a share snapshot as the public catalog', async () => {
    await putSnapshot([openEntry()]);
    const text = (await storage.stores.objects.getText('open', PUBLIC_SNAPSHOT_KEY))!;
    await storage.stores.objects.putText(
      'open',
      PUBLIC_SNAPSHOT_KEY,
      text.replace('"kind":"public"', '"kind":"share"'),
      'application/json',
    );
    expect((await call(createApi({ stores: storage.stores }), '/api/v1/stats')).status).toBe(500);
  });

  it('recovers on the next request once a good snapshot is back', async () => {
    await storage.stores.objects.putText(
      'open',
      PUBLIC_SNAPSHOT_KEY,
      'not json',
      'application/json',
    );
    const app = createApi({ stores: storage.stores });
    expect((await call(app, '/api/v1/stats')).status).toBe(500);
    await putSnapshot([openEntry()]);
    expect((await call(app, '/api/v1/stats')).status).toBe(200);
  });
});
