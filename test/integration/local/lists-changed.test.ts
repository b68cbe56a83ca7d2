import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import { createLocalApp } from '../../../functions/src/local/commands/start.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { sharingCatalogFolder } from '../../support/sharing.ts';
import type { TestStorage } from '../../support/storage.ts';
import { call, publishedStorage } from '../api/api-under-test.ts';

let storage: TestStorage;
let work: string;
let app: Hono;
let token: string;
let changes = 0;

beforeAll(async () => {
  storage = await publishedStorage(await sharingCatalogFolder());
  work = await mkdtemp(join(tmpdir(), 'datarun-lists-changed-'));
  const stateDir = join(work, 'state');
  app = await createLocalApp({
    stores: storage.stores,
    siteDir: join(work, 'site'),
    dataDir: DEMO_DATA,
    stateDir,
    onListsChanged: () => void changes++,
  });
  const issuer = createLocalIssuer({ stateDir });
  const user = { user: 'consumer-sh-civil-affairs', name: '申请人', agency: 'sh-civil-affairs' };
  token = (await issuer.issue({ ...user, roles: ['consumer'] })).token;
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const demand = {
  title: '德国公共机构名录（无条件共享）',
  description: '外事接待中需随时核对德国公共机构名称与网址',
  fields: ['name', 'url'],
  purpose: '外事接待中核对来访德国机构的名称与官方网址',
  legalBasis: '《上海市公共数据和一网通办管理办法》第二十九条',
};

function post(path: string, body: unknown) {
  return call(app, path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

describe('createLocalApp onListsChanged', () => {
  it('is told once when a demand is recorded, so the quality page can be rewritten', async () => {
    const answer = await post('/api/v1/demands', demand);
    expect(answer.status, answer.text).toBe(201);
    expect(changes).toBe(1);
  });

  it('is not told about a refused change or a read', async () => {
    const refused = await post('/api/v1/demands', { ...demand, fields: [] });
    expect(refused.status).toBe(400);
    const list = await call(app, '/api/v1/demands', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(list.status, list.text).toBe(200);
    expect(changes).toBe(1);
  });
});
