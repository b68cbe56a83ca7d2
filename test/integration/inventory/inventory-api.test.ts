import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { parse, stringify } from 'yaml';
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { createInventoryDeps, createSharingDeps } from '../../../functions/src/adapters/index.ts';
import { loadDemoDirectory } from '../../../functions/src/adapters/identity/demo-directory.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import type { DemoUser } from '../../../functions/src/core/identity/demo-user.ts';
import { StoredSystemSchema } from '../../../functions/src/core/inventory/information-system.ts';
import type { InformationSystem } from '../../../functions/src/core/inventory/information-system.ts';
import {
  InventoryReportSchema,
  SystemViewSchema,
} from '../../../functions/src/core/inventory/system-view.ts';
import { loadCatalog } from '../../../functions/src/services/load-catalog.ts';
import {
  INVENTORY_FILE,
  loadInventory,
  seedInventory,
} from '../../../functions/src/services/inventory/seed-inventory.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';

// The inventory over the demo agencies and entries (metadata only, so publishing is quick),
// seeded from the real data/information-systems.yaml, through the API as the portal calls it.

const ListSchema = z.object({ systems: z.array(SystemViewSchema), report: InventoryReportSchema });

let storage: TestStorage;
let folder: string;
let stateDir: string;
let issuer: LocalIssuer;
let users: DemoUser[];
let app: Hono;

/** The demo catalog's agencies and entries without their data files or verification. */
async function metadataCatalog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-inventory-'));
  await mkdir(join(dir, 'entries'));
  await copyFile(join(DEMO_DATA, 'agencies.yaml'), join(dir, 'agencies.yaml'));
  for (const name of await readdir(join(DEMO_DATA, 'entries'))) {
    const entry = parse(await readFile(join(DEMO_DATA, 'entries', name), 'utf8')) as Record<
      string,
      unknown
    >;
    delete entry.data;
    delete entry.verification;
    await writeFile(join(dir, 'entries', name), stringify(entry));
  }
  return dir;
}

beforeAll(async () => {
  folder = await metadataCatalog();
  storage = await publishedStorage(folder);
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-inventory-api-'));
  issuer = createLocalIssuer({ stateDir });
  users = (await loadDemoDirectory(DEMO_DATA)).users;
  app = apiOver(storage, {
    inventory: createInventoryDeps(storage.stores),
    sharing: createSharingDeps(storage.stores, { messenger: { send: async () => {} } }),
    auth: {
      verifier: issuer.verifier(),
      revoked: storage.stores.revokedTokens,
      signIn: { mode: 'local', issuer, users },
    },
  });
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(stateDir, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

/** A token for a demo user of data/users.yaml. */
async function tokenOf(id: string): Promise<string> {
  const user = users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`no demo user ${id}`);
  return (
    await issuer.issue({
      user: user.id,
      name: user.name.zh,
      agency: user.agency,
      roles: user.roles,
    })
  ).token;
}

const FOREIGN_AFFAIRS = 'demo-provider-sh-foreign-affairs';
const POLICE = 'demo-provider-zj-police';
const ADMIN = 'demo-admin-zj-big-data';

function post(path: string, body: unknown, token?: string) {
  return call(app, path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

async function list(query = '', token?: string) {
  const answer = await call(app, `/api/v1/systems${query}`, {
    headers: { Authorization: `Bearer ${token ?? (await tokenOf(FOREIGN_AFFAIRS))}` },
  });
  return success(answer, ListSchema).data;
}

async function auditRecords(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of storage.stores.audit.readAll()) records.push(record);
  return records;
}

function system(fields: Partial<InformationSystem> = {}): InformationSystem {
  return {
    id: 'sh-foreign-affairs-visa',
    name: { zh: '因公出国（境）管理信息系统' },
    owner: 'sh-foreign-affairs',
    level: '省级',
    network: '政务外网',
    connected: false,
    feeds: [],
    ...fields,
  };
}

describe('seedInventory', () => {
  it('creates every system of the demo file once, audits it once, and keeps them on the next run', async () => {
    await copyFile(join(DEMO_DATA, INVENTORY_FILE), join(folder, INVENTORY_FILE));
    const source = new FolderCatalogSource(folder);
    const inventory = await loadInventory(source, await loadCatalog(source));
    const deps = createInventoryDeps(storage.stores);
    // Published without the file, so nothing is stored yet.
    expect(await storage.stores.systems.all()).toEqual([]);

    const first = await seedInventory(deps, inventory);
    expect(first).toEqual({ created: 25, kept: 0, skipped: [] });
    expect(await storage.stores.systems.all()).toHaveLength(25);
    const seeds = (await auditRecords()).filter((record) => record.action === 'system.seed');
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toMatchObject({
      actor: { user: 'system' },
      subject: 'systems',
      outcome: 'ok',
      details: { created: 25, kept: 0 },
    });

    const again = await seedInventory(deps, inventory);
    expect(again).toEqual({ created: 0, kept: 25, skipped: [] });
    const seedsAfter = (await auditRecords()).filter((record) => record.action === 'system.seed');
    expect(seedsAfter).toHaveLength(1);
  });

  it('keeps a system edited in the portal as it is, and skips a new one whose name is taken', async () => {
    const stored = (await storage.stores.systems.get('zs-water-reservoir-metering'))!;
    await storage.stores.systems.replace({
      ...stored,
      connected: true,
      revision: stored.revision + 1,
    });
    const source = new FolderCatalogSource(folder);
    const inventory = await loadInventory(source, await loadCatalog(source));
    const renamed = { ...inventory.systems[0]!, id: 'nbs-national-data-copy' };

    const summary = await seedInventory(createInventoryDeps(storage.stores), {
      ...inventory,
      systems: [...inventory.systems, renamed],
    });
    expect(summary.created).toBe(0);
    expect(summary.skipped).toEqual([
      expect.objectContaining({
        code: 'duplicate',
        file: inventory.file,
        field: `systems[${inventory.systems.length}].name.zh`,
      }),
    ]);
    expect(await storage.stores.systems.get('nbs-national-data-copy')).toBeUndefined();
    expect((await storage.stores.systems.get('zs-water-reservoir-metering'))!.connected).toBe(true);
    await storage.stores.systems.replace({ ...stored, revision: stored.revision + 2 });
  });
});

describe('GET /api/v1/systems', () => {
  it('lists the seeded inventory by owner with its connection rates and 数据断头路', async () => {
    const { systems, report } = await list();
    expect(systems).toHaveLength(25);
    expect(systems.map((s) => s.owner)).toEqual([...systems.map((s) => s.owner)].sort());
    expect(report.overall).toMatchObject({ systems: 25, connected: 13 });
    expect(report.overall.connectionRate).toBeCloseTo(13 / 25);
    expect(report.overall.byLevel).toEqual({ 国家级: 11, 省级: 10, 市级: 4 });
    expect(report.deadEnds.map((d) => d.system)).toEqual([
      'sh-housing-construction-market',
      'zj-agriculture-digital-livestock',
      'zj-development-intermediary-services',
    ]);
    expect(
      systems
        .filter((s) => s.deadEnd)
        .map((s) => s.id)
        .sort(),
    ).toEqual(report.deadEnds.map((d) => d.system).sort());
  });

  it('lists one agency’s systems and their figures with agency', async () => {
    const { systems, report } = await list('?agency=sh-foreign-affairs');
    expect(systems.map((s) => s.id)).toEqual([
      'sh-foreign-affairs-gjzwfw',
      'sh-foreign-affairs-open-data',
    ]);
    expect(report.agencies).toEqual([{ agency: 'sh-foreign-affairs', figures: report.overall }]);
    expect(report.overall.connectionRate).toBe(0.5);
  });

  it('answers 401 without signing in, and logs nothing', async () => {
    const before = (await auditRecords()).length;
    const answer = await call(app, '/api/v1/systems');
    expect(answer.status).toBe(401);
    expect(failure(answer).errors[0]!.field).toBe('Authorization');
    expect(await auditRecords()).toHaveLength(before);
  });
});

describe('POST /api/v1/systems/{id}', () => {
  it('connects a system: the agency’s connection rate changes in the next list, and the change is audited', async () => {
    const token = await tokenOf(FOREIGN_AFFAIRS);
    const answer = await post(
      '/api/v1/systems/sh-foreign-affairs-open-data',
      { revision: 1, set: { connected: true } },
      token,
    );
    const edited = success(answer, StoredSystemSchema).data;
    expect(edited).toMatchObject({ connected: true, revision: 2 });
    expect((await list('?agency=sh-foreign-affairs')).report.overall.connectionRate).toBe(1);
    expect((await list()).report.overall.connected).toBe(14);

    const record = (await auditRecords()).at(-1)!;
    expect(record).toMatchObject({
      action: 'system.edit',
      subject: 'system:sh-foreign-affairs-open-data',
      outcome: 'ok',
      actor: { user: FOREIGN_AFFAIRS, agency: 'sh-foreign-affairs', role: 'provider' },
      details: { revision: 2, changes: { connected: { before: false, after: true } } },
    });
  });

  it('answers an edit made on a stale revision with 409 naming revision, changes nothing and audits it', async () => {
    const token = await tokenOf(FOREIGN_AFFAIRS);
    const answer = await post(
      '/api/v1/systems/sh-foreign-affairs-open-data',
      { revision: 1, set: { connected: false } },
      token,
    );
    expect(answer.status).toBe(409);
    expect(failure(answer).errors[0]!.field).toBe('revision');
    const stored = await storage.stores.systems.get('sh-foreign-affairs-open-data');
    expect(stored).toMatchObject({ connected: true, revision: 2 });
    expect((await auditRecords()).at(-1)).toMatchObject({
      action: 'system.edit',
      outcome: 'failed',
      subject: 'system:sh-foreign-affairs-open-data',
    });
  });

  it('answers a rename to a name the agency already lists with 409 naming set.name.zh', async () => {
    const token = await tokenOf(FOREIGN_AFFAIRS);
    const answer = await post(
      '/api/v1/systems/sh-foreign-affairs-open-data',
      { revision: 2, set: { name: { zh: '国家 政务服务平台' } } },
      token,
    );
    expect(answer.status).toBe(409);
    expect(failure(answer).errors.map((e) => e.field)).toEqual(['set.name.zh']);
    expect((await storage.stores.systems.get('sh-foreign-affairs-open-data'))!.revision).toBe(2);
  });

  it('answers feeds naming an entry outside the catalog with 400 naming set.feeds.N', async () => {
    const token = await tokenOf(FOREIGN_AFFAIRS);
    const answer = await post(
      '/api/v1/systems/sh-foreign-affairs-open-data',
      { revision: 2, set: { feeds: ['314/000001', '314/000099'] } },
      token,
    );
    expect(answer.status).toBe(400);
    expect(failure(answer).errors.map((e) => e.field)).toEqual(['set.feeds.1']);
  });

  it('refuses a provider of another agency with 403 and audits the refusal', async () => {
    const answer = await post(
      '/api/v1/systems/sh-foreign-affairs-open-data',
      { revision: 2, set: { connected: false } },
      await tokenOf(POLICE),
    );
    expect(answer.status).toBe(403);
    expect((await auditRecords()).at(-1)).toMatchObject({
      action: 'system.edit',
      outcome: 'denied',
      actor: { user: POLICE },
      subject: 'system:sh-foreign-affairs-open-data',
    });
    expect((await storage.stores.systems.get('sh-foreign-affairs-open-data'))!.connected).toBe(
      true,
    );
  });

  it('answers 401 without signing in and 404 for an unknown system', async () => {
    const body = { revision: 1, set: { connected: true } };
    expect((await post('/api/v1/systems/sh-foreign-affairs-gjzwfw', body)).status).toBe(401);
    const missing = await post('/api/v1/systems/no-such-system', body, await tokenOf(ADMIN));
    expect(missing.status).toBe(404);
    expect(failure(missing).errors[0]!.field).toBe('id');
  });
});

describe('POST /api/v1/systems', () => {
  it('adds a system of the provider’s agency at revision 1 and audits it', async () => {
    const answer = await post(
      '/api/v1/systems',
      system({ feeds: ['314/000002'] }),
      await tokenOf(FOREIGN_AFFAIRS),
    );
    expect(answer.status).toBe(201);
    const created = StoredSystemSchema.parse((answer.body as { data: unknown }).data);
    expect(created).toMatchObject({ id: 'sh-foreign-affairs-visa', revision: 1 });
    expect(await storage.stores.systems.get('sh-foreign-affairs-visa')).toEqual(created);
    expect((await auditRecords()).at(-1)).toMatchObject({
      action: 'system.create',
      outcome: 'ok',
      subject: 'system:sh-foreign-affairs-visa',
      details: { owner: 'sh-foreign-affairs', revision: 1, feeds: ['314/000002'] },
    });
    const { systems } = await list('?agency=sh-foreign-affairs');
    expect(systems.find((s) => s.id === 'sh-foreign-affairs-visa')!.deadEnd).toBe(true);
  });

  it('answers a duplicate id or name with 409 naming it, stores nothing and audits the attempt', async () => {
    const token = await tokenOf(FOREIGN_AFFAIRS);
    const before = await storage.stores.systems.all();
    for (const [body, field] of [
      [system({ name: { zh: '另一个系统' } }), 'id'],
      [
        system({ id: 'sh-foreign-affairs-visa-2', name: { zh: '因公出国（境） 管理信息系统' } }),
        'name.zh',
      ],
    ] as const) {
      const answer = await post('/api/v1/systems', body, token);
      expect(answer.status, field).toBe(409);
      expect(failure(answer).errors.map((e) => e.field)).toEqual([field]);
      expect((await auditRecords()).at(-1), field).toMatchObject({
        action: 'system.create',
        outcome: 'failed',
        subject: `system:${body.id}`,
        details: { fields: [field] },
      });
    }
    expect(await storage.stores.systems.all()).toEqual(before);
  });

  it('answers an unknown owner and unknown entries with 400 naming them', async () => {
    const admin = await tokenOf(ADMIN);
    const owner = await post(
      '/api/v1/systems',
      system({ id: 'is_x1', name: { zh: '测试系统一' }, owner: 'nowhere' }),
      admin,
    );
    expect(owner.status).toBe(400);
    expect(failure(owner).errors.map((e) => e.field)).toEqual(['owner']);
    const feeds = await post(
      '/api/v1/systems',
      system({ id: 'is_x2', name: { zh: '测试系统二' }, feeds: ['314/000001', '999/000001'] }),
      admin,
    );
    expect(feeds.status).toBe(400);
    expect(failure(feeds).errors.map((e) => e.field)).toEqual(['feeds.1']);
    expect(await storage.stores.systems.get('is_x1')).toBeUndefined();
    expect(await storage.stores.systems.get('is_x2')).toBeUndefined();
  });

  it('refuses a provider adding a system to another agency with 403, audited', async () => {
    const answer = await post(
      '/api/v1/systems',
      system({ id: 'sh-foreign-affairs-other' }),
      await tokenOf(POLICE),
    );
    expect(answer.status).toBe(403);
    expect((await auditRecords()).at(-1)).toMatchObject({
      action: 'system.create',
      outcome: 'denied',
      actor: { agency: 'zj-police' },
    });
    expect(await storage.stores.systems.get('sh-foreign-affairs-other')).toBeUndefined();
  });

  it('answers 401 without signing in', async () => {
    expect((await post('/api/v1/systems', system({ id: 'is_anon' }))).status).toBe(401);
  });
});
