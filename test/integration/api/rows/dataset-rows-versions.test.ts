import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { stringify } from 'yaml';
import { FolderCatalogSource } from '../../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { DatasetRowsSchema } from '../../../../functions/src/api/routes/dataset-rows.ts';
import { publishCatalog } from '../../../../functions/src/services/publish/publish-catalog.ts';
import { copyOfDemoCatalog } from '../../../support/catalog-folder.ts';
import { openEntry } from '../../../support/entries.ts';
import { startTestStorage } from '../../../support/storage.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { apiOver, call, failure, success } from '../api-under-test.ts';

/** Forty real La Poste communes with coordinates (see fixtures/SOURCE.md). */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'laposte-communes.csv');
const ROWS = '/api/v1/datasets/103-000099/rows';

let storage: TestStorage;
let app: Hono;
let folder: string;

const get = (url: string) => call(app, url);
const page = async (url: string) => success(await get(url), DatasetRowsSchema);

async function publish(): Promise<void> {
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
}

beforeAll(async () => {
  folder = await copyOfDemoCatalog();
  const csv = await readFile(FIXTURE, 'utf8');
  await mkdir(join(folder, 'datasets', 'laposte'), { recursive: true });
  await writeFile(join(folder, 'datasets', 'laposte', 'communes.csv'), csv);
  const entry = openEntry({
    code: '103/000099',
    title: { zh: '法国邮政编码（测试）', en: 'French postal codes (test)' },
    items: [
      { name: 'code_commune', type: '字符型' },
      { name: 'nom_commune', type: '字符型' },
      { name: 'code_postal', type: '字符型' },
      { name: 'latitude', type: '数值型' },
      { name: 'longitude', type: '数值型' },
    ],
    data: { path: 'datasets/laposte/communes.csv' },
  });
  await writeFile(join(folder, 'entries', '103-000099.yaml'), stringify(entry));
  storage = await startTestStorage();
  await publish();
  // Version 2 drops the first five communes.
  const lines = csv.split('\n');
  await writeFile(
    join(folder, 'datasets', 'laposte', 'communes.csv'),
    [lines[0], ...lines.slice(6)].join('\n'),
  );
  await publish();
  app = apiOver(storage);
}, 120_000);
afterAll(async () => {
  await storage?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('GET /api/v1/datasets/{code}/rows across versions', () => {
  it('reads the latest version by default and every published version on request', async () => {
    const latest = await page(`${ROWS}?count=exact`);
    expect(latest.data.total).toEqual({ value: 35, exact: true });
    const first = await page(`${ROWS}?version=1&count=exact`);
    expect(first.data.total).toEqual({ value: 40, exact: true });
    expect(first.data.items[0]).toEqual({
      code_commune: '50231',
      nom_commune: 'HAUTEVILLE SUR MER',
      code_postal: '50590',
      latitude: 48.9741132204,
      longitude: -1.54436628419,
    });
  });

  it('refuses a cursor of one version on another, telling which version it belongs to', async () => {
    const first = await page(`${ROWS}?version=1&limit=10`);
    const replay = failure(await get(`${ROWS}?limit=10&cursor=${encodeURIComponent(first.next!)}`));
    expect(replay.errors[0]).toMatchObject({
      field: 'cursor',
      message: expect.stringContaining('version=1'),
    });
    const next = await page(`${ROWS}?version=1&limit=10&cursor=${encodeURIComponent(first.next!)}`);
    const eleventh = (await readFile(FIXTURE, 'utf8')).split('\n')[11]!.split(',')[0];
    expect(next.data.items[0]!.code_commune).toBe(eleventh);
  });

  it('writes GeoJSON points at [longitude, latitude], a null geometry where coordinates are empty', async () => {
    const answer = await get(`${ROWS}?format=geojson&nom_commune=CULEY`);
    expect(answer.headers.get('content-type')).toBe('application/geo+json');
    expect(JSON.parse(answer.text)).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: null,
          properties: {
            code_commune: '55138',
            nom_commune: 'CULEY',
            code_postal: '55000',
            latitude: null,
            longitude: null,
          },
        },
      ],
    });
    const north = await get(`${ROWS}?format=geojson&latitude__gt=49.5&fields=nom_commune&limit=2`);
    const collection = JSON.parse(north.text) as {
      features: { geometry: { coordinates: [number, number] }; properties: object }[];
    };
    expect(collection.features).toHaveLength(2);
    for (const feature of collection.features) {
      expect(feature.geometry.coordinates[1]).toBeGreaterThan(49.5);
      expect(Object.keys(feature.properties)).toEqual(['nom_commune']);
    }
    expect(north.headers.get('link')).toMatch(
      /^<\/api\/v1\/datasets\/103-000099\/rows\?.*cursor=.*>; rel="next"$/,
    );
  });
});
