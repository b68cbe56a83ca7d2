import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import type { Stores } from '../../../functions/src/adapters/index.ts';
import { publicSiteFromEnv } from '../../../functions/src/config.ts';
import { NS } from '../../../functions/src/core/interop/dcat-vocabulary.ts';
import { siteIris } from '../../../functions/src/core/interop/site-iris.ts';
import { EXPORT_KEYS } from '../../../functions/src/core/publish/object-keys.ts';
import type { ObjectStore } from '../../../functions/src/core/ports/object-store.ts';
import { createLocalApp } from '../../../functions/src/local/commands/start.ts';
import type { PublishEvent } from '../../../functions/src/services/publish/events.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { SHAPES, parseTurtle, shaclFindings } from '../../unit/exports/export-fixtures.ts';

const CONTENT_TYPES: Record<string, string> = {
  [EXPORT_KEYS.dcatJsonLd]: 'application/ld+json',
  [EXPORT_KEYS.dcatTurtle]: 'text/turtle; charset=utf-8',
  [EXPORT_KEYS.dataJson]: 'application/json',
  [EXPORT_KEYS.catalogCsv]: 'text/csv; charset=utf-8',
  [EXPORT_KEYS.atomFeed]: 'application/atom+xml',
};

let storage: TestStorage;
let work: string;
let app: Hono;
const events: PublishEvent[] = [];
const firstPuts: string[] = [];

/** Publishes the demo catalog, recording the events and every key written as text. */
async function publish(stores: Stores, onEvent: (event: PublishEvent) => void) {
  await publishCatalog({
    source: new FolderCatalogSource(DEMO_DATA),
    stores,
    tmpDir: work,
    onEvent,
  });
}

/** The stores, with every `putText` noted before it goes through. */
function recordingPuts(stores: Stores, puts: string[]): Stores {
  const objects = new Proxy(stores.objects, {
    get(target, property) {
      if (property === 'putText')
        return (...args: Parameters<ObjectStore['putText']>) => {
          puts.push(`${args[0]}:${args[1]}`);
          return target.putText(...args);
        };
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...stores, objects };
}

beforeAll(async () => {
  storage = await startTestStorage();
  work = await mkdtemp(join(tmpdir(), 'datarun-exports-'));
  await publish(recordingPuts(storage.stores, firstPuts), (event) => events.push(event));
  app = await createLocalApp({
    stores: storage.stores,
    siteDir: join(work, 'site'),
    dataDir: DEMO_DATA,
    stateDir: join(work, 'state'),
  });
}, 120_000);
afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('publishing writes the catalog exports', () => {
  it('puts the five exports in the open bucket with their content types', async () => {
    for (const key of Object.values(EXPORT_KEYS)) {
      const info = await storage.stores.objects.head('open', key);
      expect(info?.contentType, key).toBe(CONTENT_TYPES[key]);
      expect(info?.bytes, key).toBeGreaterThan(1000);
    }
    for (const key of Object.values(EXPORT_KEYS)) expect(firstPuts).toContain(`open:${key}`);
    expect(events.filter((e) => e.type === 'export')).toEqual(
      Object.values(EXPORT_KEYS).map((key) => ({
        type: 'export',
        key: `open:${key}`,
        bytes: expect.any(Number),
        written: true,
      })),
    );
  });

  it('writes DCAT-AP Turtle that the official shapes accept without a result, data included', async () => {
    const text = (await storage.stores.objects.getText('open', EXPORT_KEYS.dcatTurtle))!;
    const quads = parseTurtle(text);
    expect(await shaclFindings(SHAPES.single(), quads)).toEqual([]);
    const distributions = quads.filter((q) => q.predicate.value === `${NS.dcat}distribution`);
    expect(distributions.length).toBeGreaterThan(0);
    const iris = siteIris(publicSiteFromEnv(process.env).publicUrl);
    expect(quads.some((q) => q.subject.value === iris.catalog)).toBe(true);
  });

  it('does not rewrite them when the unchanged catalog is published again', async () => {
    const before = await Promise.all(
      Object.values(EXPORT_KEYS).map((key) => storage.stores.objects.head('open', key)),
    );
    const puts: string[] = [];
    const again: PublishEvent[] = [];
    await publish(recordingPuts(storage.stores, puts), (event) => again.push(event));
    expect(puts.filter((key) => key.startsWith('open:catalog/'))).toEqual([]);
    expect(
      again.filter((e) => e.type === 'export').map((e) => e.type === 'export' && e.written),
    ).toEqual([false, false, false, false, false]);
    const after = await Promise.all(
      Object.values(EXPORT_KEYS).map((key) => storage.stores.objects.head('open', key)),
    );
    expect(after.map((i) => i?.etag)).toEqual(before.map((i) => i?.etag));
  }, 120_000);
});

describe('createLocalApp', () => {
  it('serves the Turtle export under /catalog/ as text/turtle', async () => {
    const response = await app.request('/catalog/dcat.ttl');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await response.text()).toBe(
      await storage.stores.objects.getText('open', EXPORT_KEYS.dcatTurtle),
    );
  });

  it('answers 404 for a path that climbs out of /catalog/ or a key outside catalog/', async () => {
    await storage.stores.objects.putText('open', 'private.txt', 'not for /catalog/', 'text/plain');
    for (const path of [
      '/catalog/..%2Fprivate.txt',
      '/catalog/%2E%2E%2Fprivate.txt',
      '/catalog/../private.txt',
      '/catalog',
      '/catalog/missing.json',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
    }
  });
});
