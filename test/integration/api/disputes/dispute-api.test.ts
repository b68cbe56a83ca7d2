import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisputeDeps } from '../../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../../functions/src/adapters/identity/local-issuer.ts';
import { DisputeSchema } from '../../../../functions/src/core/disputes/dispute.ts';
import type { Dispute } from '../../../../functions/src/core/disputes/dispute.ts';
import { DisputeStaffViewSchema } from '../../../../functions/src/core/disputes/dispute-views.ts';
import { SYSTEM_ACTOR } from '../../../../functions/src/core/identity/identity.ts';
import { DEMO_DATA, catalogFolder } from '../../../support/catalog-folder.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api-under-test.ts';
import type { CatalogEntryInput } from '../../../../functions/src/core/schemas/catalog-entry.ts';

const CITIES_CSV = 'datasets/cn-admin-divisions-modood/csv/cities.csv';

let storage: TestStorage;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;

beforeAll(async () => {
  const entry = parse(
    await readFile(join(DEMO_DATA, 'entries', '103-000003.yaml'), 'utf8'),
  ) as CatalogEntryInput;
  const folder = await catalogFolder([{ ...entry, related: [] }]);
  await mkdir(join(folder, 'datasets', 'cn-admin-divisions-modood', 'csv'), { recursive: true });
  await copyFile(join(DEMO_DATA, CITIES_CSV), join(folder, CITIES_CSV));
  storage = await publishedStorage(folder);
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-dispute-api-'));
  issuer = createLocalIssuer({ stateDir });
  app = apiOver(storage, {
    disputes: createDisputeDeps(storage.stores, { messenger: { send: async () => {} } }),
    auth: {
      verifier: issuer.verifier(),
      revoked: storage.stores.revokedTokens,
      signIn: { mode: 'local', issuer, users: [] },
    },
  });
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** A cross-check's finding on the prefecture table, as the cross-check would file it. */
function candidate(id: string, rowNumber: number): Dispute {
  const at = new Date().toISOString();
  return DisputeSchema.parse({
    id,
    revision: 1,
    origin: 'cross-check',
    input: {
      code: '103/000003',
      version: 1,
      row: { number: rowNumber },
      field: 'provinceCode',
      description: '所属省级代码与权威来源不一致',
    },
    cell: { rowNumber, value: '13' },
    title: '统计用区划代码（地级）',
    provider: 'nbs',
    reporter: SYSTEM_ACTOR,
    statusTokenSha256: 'd'.repeat(64),
    state: 'candidate',
    createdAt: at,
    updatedAt: at,
    overdue: [],
    history: [{ at, actor: SYSTEM_ACTOR, event: 'cross-check', to: 'candidate' }],
  });
}

async function provider() {
  return (await issuer.issue({ user: 'p-nbs', name: '核实员', agency: 'nbs', roles: ['provider'] }))
    .token;
}

function post(path: string, body: unknown, token?: string, to: Hono = app) {
  return call(to, path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

describe('POST /api/v1/disputes/{id}/confirm and /dismiss', () => {
  it('confirms a finding into verification with a deadline, and dismisses another with the reason', async () => {
    await storage.stores.disputes.create(candidate('dp_candidateapi0001', 3));
    await storage.stores.disputes.create(candidate('dp_candidateapi0002', 4));
    const token = await provider();
    const confirmed = success(
      await post('/api/v1/disputes/dp_candidateapi0001/confirm', {}, token),
      DisputeStaffViewSchema,
    ).data;
    expect(confirmed.state).toBe('verifying');
    expect(confirmed.due?.extended).toBe(false);
    const dismissed = success(
      await post(
        '/api/v1/disputes/dp_candidateapi0002/dismiss',
        { reason: '直辖市的“市辖区”占位条目是有意收录的' },
        token,
      ),
      DisputeStaffViewSchema,
    ).data;
    expect(dismissed.state).toBe('dismissed');
    expect(dismissed.actions).toEqual([]);
  });

  it('answers a dismissal without a reason, or with unknown fields, with a 400 naming them', async () => {
    const token = await provider();
    const answer = await post('/api/v1/disputes/dp_candidateapi0002/dismiss', { why: 'x' }, token);
    expect(answer.status).toBe(400);
    expect(
      failure(answer)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['reason', 'why']);
  });

  it('answers a step the state no longer allows with a 409 saying it is final', async () => {
    const answer = await post('/api/v1/disputes/dp_candidateapi0002/confirm', {}, await provider());
    expect(answer.status).toBe(409);
    expect(failure(answer).error).toContain('is dismissed');
  });

  it('answers a malformed id with a 400 and an unknown one with a 404', async () => {
    expect((await post('/api/v1/disputes/sr_123/verify', {}, await provider())).status).toBe(400);
    expect(
      (await post('/api/v1/disputes/dp_nosuchdispute0000/verify', {}, await provider())).status,
    ).toBe(404);
  });
});

describe('POST /api/v1/disputes without signing in', () => {
  it('passes the access middleware and is limited like any call without a key', async () => {
    const body = {
      code: '103/000003',
      version: 1,
      row: { number: 5 },
      field: 'name',
      description: '名称疑似有误',
      contact: { name: '王五', email: 'wang@example.org' },
    };
    const limited = apiOver(storage, {
      access: {
        stores: storage.stores,
        limits: { anonymousPerMinute: 3, keyPerMinute: 100, signUpsPerHour: 5 },
      },
      disputes: createDisputeDeps(storage.stores, { messenger: { send: async () => {} } }),
    });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post('/api/v1/disputes', body, undefined, limited)).status);
    expect(statuses).toEqual([201, 200, 200, 429]);
  });
});

describe('the dispute routes where disputes are not configured', () => {
  it('answer 503', async () => {
    const bare = apiOver(storage);
    const answer = await call(bare, '/api/v1/disputes?view=inbox');
    expect(answer.status).toBe(503);
  });
});
