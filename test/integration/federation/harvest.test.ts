import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { createApi } from '../../../functions/src/api/app.ts';
import { FederationListSchema } from '../../../functions/src/api/routes/federation-list.ts';
import { FederationShowSchema } from '../../../functions/src/api/routes/federation-show.ts';
import { FederationSourceSchema } from '../../../functions/src/core/federation/federated-catalog.ts';
import type {
  FederationSource,
  HarvestReport,
} from '../../../functions/src/core/federation/federated-catalog.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import type { FederationStore } from '../../../functions/src/core/ports/federation-store.ts';
import { createLocalApp } from '../../../functions/src/local/commands/start.ts';
import { chosenSources, runHarvest } from '../../../functions/src/local/commands/harvest.ts';
import type { StorageSession } from '../../../functions/src/local/storage-session.ts';
import { harvestDue } from '../../../functions/src/services/federation/harvest-due.ts';
import { harvestSource } from '../../../functions/src/services/federation/harvest-source.ts';
import type { HarvestDeps } from '../../../functions/src/services/federation/harvest-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { startTestStorage } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { call, success } from '../api/api-under-test.ts';

// Two instances on one machine, each with its own embedded storage: the city publishes a few
// real entries of the demo catalog and serves them as `npm start` would; the province harvests it.

const BIRMINGHAM =
  '/work/shared/realdata/ckan-package-search-birmingham-city-council/package_search.json';
const ROSTOCK = '/work/shared/realdata/dcat-rdf-govdata-de-rostock/dataset_gov_de.rdf';

/** Public entries of the city (201/* and 202/000001 are 无条件开放), and one it does not open. */
const PUBLIC_CODES = ['201/000001', '201/000002', '201/000003', '202/000001'];
const WITHHELD = '101/000003';

let city: TestStorage;
let province: TestStorage;
let work: string;
let cityFolder: string;
let cityServer: ReturnType<typeof serve>;
let cityUrl: string;
let citySource: FederationSource;

/** The province's federation store, counting catalog writes. */
const writes: string[] = [];
let federation: FederationStore;
const deps = (): HarvestDeps => ({ federation, audit: province.stores.audit });

async function publishCity(): Promise<void> {
  await publishCatalog({
    source: new FolderCatalogSource(cityFolder),
    stores: city.stores,
    tmpDir: work,
  });
}

const entryFile = (code: string) => join(cityFolder, 'entries', `${code.replace('/', '-')}.yaml`);

/** The province's audit records of harvests, newest first. */
async function auditActions(): Promise<AuditRecord[]> {
  const page = await province.stores.audit.list({ action: 'federation.harvest' });
  return page.records;
}

beforeAll(async () => {
  [city, province] = await Promise.all([startTestStorage(), startTestStorage()]);
  work = await mkdtemp(join(tmpdir(), 'datarun-federation-'));
  cityFolder = join(work, 'city');
  await mkdir(join(cityFolder, 'entries'), { recursive: true });
  await copyFile(join(DEMO_DATA, 'agencies.yaml'), join(cityFolder, 'agencies.yaml'));
  for (const code of [...PUBLIC_CODES, WITHHELD])
    await copyFile(join(DEMO_DATA, 'entries', `${code.replace('/', '-')}.yaml`), entryFile(code));
  await publishCity();
  const app = await createLocalApp({
    stores: city.stores,
    siteDir: join(work, 'city-site'),
    dataDir: cityFolder,
    stateDir: join(work, 'city-state'),
  });
  cityServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => cityServer.once('listening', resolve));
  cityUrl = `http://127.0.0.1:${(cityServer.address() as AddressInfo).port}`;
  citySource = FederationSourceSchema.parse({
    id: 'city',
    name: { zh: '市级平台' },
    kind: 'datarun',
    url: cityUrl,
  });
  const store = province.stores.federation;
  federation = {
    listSources: () => store.listSources(),
    read: (id) => store.read(id),
    listRuns: (id, limit) => store.listRuns(id, limit),
    writeRun: (report) => store.writeRun(report),
    write: async (catalog) => {
      writes.push(catalog.source.id);
      await store.write(catalog);
    },
  };
});

afterAll(async () => {
  await new Promise((resolve) => (cityServer ? cityServer.close(resolve) : resolve(undefined)));
  await Promise.all([city?.stop(), province?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('harvestSource', () => {
  let first: HarvestReport;

  it('adds the city’s public entries, each with its provenance and harvest time', async () => {
    first = await harvestSource(deps(), citySource);
    expect(first.error).toBeUndefined();
    expect(first.added).toEqual(PUBLIC_CODES);
    expect(first).toMatchObject({ changed: [], removed: [], unchanged: 0, skipped: [] });
    const catalog = await province.stores.federation.read('city');
    expect(catalog?.platform).toBe(cityUrl);
    expect(catalog?.harvestedAt).toBe(first.startedAt);
    expect(catalog?.entries.map((e) => e.entry.code)).toEqual(PUBLIC_CODES);
    for (const kept of catalog!.entries) {
      expect(kept.entry.origin).toMatchObject({ platform: cityUrl, id: kept.entry.code });
      expect(kept.firstHarvestedAt).toBe(first.startedAt);
      expect(kept.removedAt).toBeUndefined();
    }
    const marriage = catalog!.entries.find((e) => e.entry.code === '201/000001')!.entry;
    expect(marriage.title.zh).toBe('婚姻登记机构');
    expect(catalog!.agencies.map((a) => a.code)).toContain(marriage.provider);
    expect(writes).toEqual(['city']);
    expect(await auditActions()).toMatchObject([
      { outcome: 'ok', subject: 'federation-source:city', actor: { user: 'system' } },
    ]);
  });

  it('changes nothing when the city is harvested again: no catalog write, an empty report', async () => {
    const before = await province.stores.objects.getText('staging', 'federation/city/catalog.json');
    const again = await harvestSource(deps(), citySource);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 4 });
    expect(again.error).toBeUndefined();
    expect(writes).toEqual(['city']);
    expect(await province.stores.objects.getText('staging', 'federation/city/catalog.json')).toBe(
      before,
    );
    expect(await auditActions()).toHaveLength(1);
    const [lastRun] = await province.stores.federation.listRuns('city', 1);
    expect(lastRun).toEqual(again);
  });

  it('reports one changed and one removed entry after the city edits one and withdraws another', async () => {
    const marriage = await readFile(entryFile('201/000001'), 'utf8');
    await writeFile(
      entryFile('201/000001'),
      marriage.replace('zh: 婚姻登记机构', 'zh: 婚姻登记机构名录'),
    );
    const withdrawn = await readFile(entryFile('201/000002'), 'utf8');
    await writeFile(
      entryFile('201/000002'),
      withdrawn.replace('status: approved', 'status: withdrawn'),
    );
    await publishCity();
    const report = await harvestSource(deps(), citySource);
    expect(report).toMatchObject({
      added: [],
      changed: ['201/000001'],
      removed: ['201/000002'],
      unchanged: 2,
    });
    const catalog = await province.stores.federation.read('city');
    expect(catalog?.entries.map((e) => e.entry.code)).toEqual(PUBLIC_CODES);
    const byCode = new Map(catalog!.entries.map((e) => [e.entry.code, e]));
    expect(byCode.get('201/000001')).toMatchObject({
      entry: { title: { zh: '婚姻登记机构名录' } },
      firstHarvestedAt: first.startedAt,
      lastChangedAt: report.startedAt,
    });
    expect(byCode.get('201/000002')?.removedAt).toBe(report.startedAt);
    expect(await auditActions()).toHaveLength(2);

    const still = await harvestSource(deps(), citySource);
    expect(still).toMatchObject({ added: [], changed: [], removed: [], unchanged: 3 });
  });

  it('reports an unreachable source with its error and leaves the catalog as it was', async () => {
    const before = await province.stores.objects.getText('staging', 'federation/city/catalog.json');
    const closed = await freePort();
    const report = await harvestSource(deps(), {
      ...citySource,
      url: `http://127.0.0.1:${closed}`,
    });
    expect(report.error).toBe(`http://127.0.0.1:${closed} unreachable (connection refused)`);
    expect(report).toMatchObject({ records: 0, added: [], changed: [], removed: [] });
    expect(await province.stores.objects.getText('staging', 'federation/city/catalog.json')).toBe(
      before,
    );
    const [lastRun] = await province.stores.federation.listRuns('city', 1);
    expect(lastRun?.error).toBe(report.error);
    expect((await auditActions())[0]).toMatchObject({
      outcome: 'failed',
      reason: report.error,
    });
  });

  it('runs harvests of one source one after the other, never side by side', async () => {
    const [a, b] = await Promise.all([
      harvestSource(deps(), citySource),
      harvestSource(deps(), citySource),
    ]);
    expect(b.startedAt >= a.finishedAt).toBe(true);
    expect(b).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('reads every page of a CKAN site’s package_search, the real Birmingham answer', async () => {
    const answer = JSON.parse(await readFile(BIRMINGHAM, 'utf8')) as {
      result: { count: number; results: unknown[] };
    };
    const results = answer.result.results;
    const pages: string[] = [];
    const ckan = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://ckan');
      pages.push(`${url.pathname}${url.search}`);
      const start = Number(url.searchParams.get('start'));
      const rows = Number(url.searchParams.get('rows'));
      response.setHeader('Content-Type', 'application/json');
      response.end(
        JSON.stringify({
          ...answer,
          result: {
            ...answer.result,
            count: results.length,
            results: results.slice(start, start + rows),
          },
        }),
      );
    });
    const base = await listen(ckan);
    try {
      const source = FederationSourceSchema.parse({
        id: 'birmingham',
        name: { zh: 'Birmingham City Council' },
        kind: 'ckan',
        url: `${base}/portal`,
      });
      const report = await harvestSource({ ...deps(), fetchOptions: { ckanRows: 4 } }, source);
      expect(report.error).toBeUndefined();
      expect(pages).toEqual([
        '/portal/api/3/action/package_search?rows=4&start=0',
        '/portal/api/3/action/package_search?rows=4&start=4',
        '/portal/api/3/action/package_search?rows=4&start=8',
      ]);
      expect(report).toMatchObject({ records: results.length, skipped: [] });
      expect(report.added).toHaveLength(results.length);
      const catalog = await province.stores.federation.read('birmingham');
      expect(catalog?.platform).toBe('data.birmingham.gov.uk');
      expect(catalog?.entries.map((e) => e.entry.origin?.id).sort()).toEqual(
        results.map((pkg) => (pkg as { id: string }).id).sort(),
      );
      expect(
        catalog?.entries.find((e) => e.entry.title.zh === 'Purchase Card Transactions'),
      ).toBeDefined();
      const again = await harvestSource({ ...deps(), fetchOptions: { ckanRows: 4 } }, source);
      expect(again).toMatchObject({ added: [], changed: [], removed: [] });
    } finally {
      await new Promise((resolve) => ckan.close(resolve));
    }
  });
});

describe('harvestSource of a DCAT document', () => {
  it('reads RDF/XML by its content type, the real Rostock record, with the host it came from as platform', async () => {
    const rdf = await readFile(ROSTOCK);
    const server = createServer((_request, response) => {
      response.setHeader('Content-Type', 'application/rdf+xml');
      response.end(rdf);
    });
    const base = await listen(server);
    try {
      const source = FederationSourceSchema.parse({
        id: 'rostock',
        name: { zh: 'Rostock' },
        kind: 'dcat',
        url: `${base}/dcat/catalog`,
      });
      const report = await harvestSource(deps(), source);
      expect(report).toMatchObject({ records: 1, skipped: [] });
      expect(report.added).toHaveLength(1);
      const catalog = await province.stores.federation.read('rostock');
      expect(catalog?.platform).toBe(new URL(base).host);
      expect(catalog?.entries[0]?.entry).toMatchObject({
        title: { zh: 'Liefer- und Abholservices (Gastronomie)' },
        origin: {
          platform: new URL(base).host,
          id: 'c1be4007-d811-48fb-8818-2cb358b06a63',
          url: 'https://www.opendata-hro.de/dataset/c1be4007-d811-48fb-8818-2cb358b06a63',
        },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('harvestDue', () => {
  it('harvests the sources of federation.yaml that are due, and only those', async () => {
    const folder = join(work, 'province');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'federation.yaml'),
      `sources:\n  - id: city-due\n    name: { zh: 市级平台 }\n    kind: datarun\n    url: ${cityUrl}\n    everyMinutes: 60\n`,
    );
    const catalog = new FolderCatalogSource(folder);
    const at = (minutes: number) => () => new Date(Date.UTC(2030, 0, 1, 0, minutes));
    const first = await harvestDue({ ...deps(), catalog, now: at(0) });
    expect(first.map(({ source, report }) => [source.id, report.added.length])).toEqual([
      ['city-due', 3],
    ]);
    expect(await harvestDue({ ...deps(), catalog, now: at(59) })).toEqual([]);
    const later = await harvestDue({ ...deps(), catalog, now: at(60) });
    expect(later.map(({ report }) => report.unchanged)).toEqual([3]);
  });

  it('has nothing to do for a catalog folder without federation.yaml', async () => {
    const catalog = new FolderCatalogSource(cityFolder);
    expect(await harvestDue({ ...deps(), catalog })).toEqual([]);
  });
});

describe('runHarvest', () => {
  it('prints what each source’s run did, and sets exit code 1 when one failed', async () => {
    const folder = join(work, 'cli');
    await mkdir(folder, { recursive: true });
    const closed = await freePort();
    await writeFile(
      join(folder, 'federation.yaml'),
      [
        'sources:',
        `  - { id: city, name: { zh: 市级平台 }, kind: datarun, url: "${cityUrl}" }`,
        `  - { id: gone, name: { zh: 关闭的平台 }, kind: datarun, url: "http://127.0.0.1:${closed}" }`,
      ].join('\n'),
    );
    const session: StorageSession = {
      config: province.config,
      clients: province.clients,
      kind: 'embedded',
      close: async () => {},
    };
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await runHarvest(session, await chosenSources({ dataDir: folder }));
    } finally {
      console.log = log;
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(lines[0]).toBe('city: added 0, changed 0, removed 0, unchanged 3, skipped 0');
    expect(lines).toContain(
      `gone: http://127.0.0.1:${closed} unreachable (connection refused); nothing changed`,
    );
  });
});

describe('the federation API', () => {
  it('lists the harvested platforms with their counts and last run', async () => {
    const app = createApi({ stores: province.stores });
    const list = success(await call(app, '/api/v1/federation'), FederationListSchema);
    const city = list.data.items.find((item) => item.id === 'city');
    expect(city).toMatchObject({
      kind: 'datarun',
      url: cityUrl,
      platform: cityUrl,
      entries: 3,
      removed: 1,
      lastRun: { added: 0, changed: 0, removed: 0, unchanged: 3 },
    });
    expect(list.data.total).toBe(list.data.items.length);
  });

  it('pages the entries of one platform by code, removed ones marked', async () => {
    const app = createApi({ stores: province.stores });
    const page1 = success(await call(app, '/api/v1/federation/city?limit=3'), FederationShowSchema);
    expect(page1.data.items.map((item) => item.code)).toEqual(PUBLIC_CODES.slice(0, 3));
    expect(page1.data.total).toBe(4);
    expect(page1.data.items[0]).toMatchObject({
      origin: { platform: cityUrl, id: '201/000001' },
      providerName: { zh: '上海市民政局' },
    });
    expect(page1.data.items[1]?.removedAt).toEqual(expect.any(String));
    const page2 = success(
      await call(app, `/api/v1/federation/city?limit=3&cursor=${encodeURIComponent(page1.next!)}`),
      FederationShowSchema,
    );
    expect(page2.data.items.map((item) => item.code)).toEqual(PUBLIC_CODES.slice(3));
    expect(page2.next).toBeUndefined();
  });

  it('answers a platform never harvested with 404, and a cursor of another platform with 400', async () => {
    const app = createApi({ stores: province.stores });
    expect((await call(app, '/api/v1/federation/nowhere')).status).toBe(404);
    expect((await call(app, '/api/v1/federation/..%2Fcatalog')).status).toBe(404);
    const page = success(await call(app, '/api/v1/federation/city?limit=1'), FederationShowSchema);
    const other = await call(
      app,
      `/api/v1/federation/birmingham?cursor=${encodeURIComponent(page.next!)}`,
    );
    expect(other.status).toBe(400);
  });
});

/** A port nothing listens on: one the system just gave out and took back. */
async function freePort(): Promise<number> {
  const server = createServer();
  const port = Number(new URL(await listen(server)).port);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
