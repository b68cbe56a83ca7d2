import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDisputeDeps } from '../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import {
  DisputeReceiptSchema,
  DisputeStaffViewSchema,
  DisputeStatusViewSchema,
} from '../../../functions/src/core/disputes/dispute-views.ts';
import type { Role } from '../../../functions/src/core/identity/identity.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { DatasetCorrectionsSchema } from '../../../functions/src/api/routes/dataset-corrections.ts';
import { correctionPublisher } from '../../../functions/src/services/disputes/publish-correction.ts';
import { DEMO_DATA, catalogFolder } from '../../support/catalog-folder.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';

const PROVINCES = '103/000002';
/** The same table, shared with agencies but not opened: not in the public catalog. */
const SHARED_ONLY = '103/000009';

let storage: TestStorage;
let folder: string;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;
let withoutPublishing: Hono;

beforeAll(async () => {
  const text = await readFile(join(DEMO_DATA, 'entries', '103-000002.yaml'), 'utf8');
  const entry = { ...(parse(text) as CatalogEntryInput), related: [] };
  const real = await readFile(
    join(DEMO_DATA, 'datasets/cn-admin-divisions-modood/csv/provinces.csv'),
    'utf8',
  );
  // A misspelling put into the real table, so the report has something true to find.
  folder = await catalogFolder(
    [
      { ...entry, data: { path: 'datasets/provinces.csv' } },
      {
        ...entry,
        code: SHARED_ONLY,
        items: entry.items!.map((item) => ({ ...item, authoritative: undefined })),
        openType: '不予开放',
        level: 2,
        data: { path: 'datasets/provinces.csv' },
      },
    ],
    { 'datasets/provinces.csv': real.replace('"河北省"', '"河北生"') },
  );
  storage = await publishedStorage(folder);
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-issuer-'));
  issuer = createLocalIssuer({ stateDir });
  const auth = {
    verifier: issuer.verifier(),
    revoked: storage.stores.revokedTokens,
    signIn: { mode: 'local' as const, issuer, users: [] },
  };
  const disputes = createDisputeDeps(storage.stores);
  app = apiOver(storage, {
    disputes,
    auth,
    corrections: correctionPublisher({ stores: storage.stores, tmpDir: tmpdir() }),
  });
  withoutPublishing = apiOver(storage, { disputes, auth });
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(folder, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
});

async function tokenFor(agency: string, role: Role) {
  return (await issuer.issue({ user: `${role}-${agency}`, name: role, agency, roles: [role] }))
    .token;
}

function post(target: Hono, path: string, token: string | undefined, body: unknown) {
  return call(target, path, {
    method: 'POST',
    headers: {
      ...(token && { Authorization: `Bearer ${token}` }),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

let disputeId: string;
let statusToken: string;

describe('POST /api/v1/disputes/{id}/correct', () => {
  it('starts from a public report on the misspelt cell', async () => {
    const answer = await post(app, '/api/v1/disputes', undefined, {
      code: PROVINCES,
      version: 1,
      row: { key: { code: '13' } },
      field: 'name',
      description: '“河北生”应为“河北省”',
      expected: '河北省',
      contact: { name: '张三', email: 'zhang@example.org' },
    });
    expect(answer.status, answer.text).toBe(201);
    const receipt = DisputeReceiptSchema.parse((answer.body as { data: unknown }).data);
    disputeId = receipt.id;
    statusToken = receipt.token!;
  });

  it('answers 401 without signing in and 403 to staff of another agency, publishing nothing', async () => {
    const record = await storage.stores.catalog.get(PROVINCES);
    const body = { edits: [{ field: 'name', value: '河北省' }] };
    const path = `/api/v1/disputes/${disputeId}/correct`;
    expect((await post(app, path, undefined, body)).status).toBe(401);
    const other = await post(app, path, await tokenFor('nbs-other', 'provider'), body);
    expect(other.status).toBe(403);
    expect(await storage.stores.versions.get(PROVINCES, 2)).toBeUndefined();
    expect(await storage.stores.catalog.get(PROVINCES)).toEqual(record);
    expect((await storage.stores.disputes.get(disputeId))?.state).toBe('reported');
  });

  it('answers 404 for an unknown dispute and 503 where the server cannot publish', async () => {
    const provider = await tokenFor('nbs', 'provider');
    const body = { edits: [{ field: 'name', value: '河北省' }] };
    const unknown = await post(app, '/api/v1/disputes/dp_0000000000/correct', provider, body);
    expect(unknown.status).toBe(404);
    const unavailable = await post(
      withoutPublishing,
      `/api/v1/disputes/${disputeId}/correct`,
      provider,
      body,
    );
    expect(unavailable.status).toBe(503);
  });

  it('refuses, with a 400 naming the edit, a correction that leaves the disputed cell as it is', async () => {
    const answer = await post(
      app,
      `/api/v1/disputes/${disputeId}/correct`,
      await tokenFor('nbs', 'provider'),
      {
        edits: [{ field: 'name', value: '河北生' }],
      },
    );
    expect(answer.status).toBe(400);
    expect(failure(answer).errors).toEqual([
      {
        code: 'invalid-value',
        message:
          'the correction does not change the disputed cell name of row 3: it is still "河北生"',
        field: 'edits.0.value',
      },
    ]);
    expect((await storage.stores.catalog.get(PROVINCES))!.currentVersion).toBe(1);
  });

  it('publishes the correction and ends the dispute corrected, as its reporter sees it', async () => {
    const provider = await tokenFor('nbs', 'provider');
    const answer = await post(app, `/api/v1/disputes/${disputeId}/correct`, provider, {
      edits: [{ field: 'name', value: '河北省' }],
      note: '更正错别字',
    });
    const view = success(answer, DisputeStaffViewSchema).data;
    expect(view.state).toBe('corrected');
    expect(view.correction).toMatchObject({
      version: 2,
      basedOn: 1,
      changes: [{ row: 3, key: { code: '13' }, field: 'name', before: '河北生', after: '河北省' }],
    });
    expect((await storage.stores.catalog.get(PROVINCES))!.currentVersion).toBe(2);
    const status = await call(app, `/api/v1/disputes/${disputeId}?token=${statusToken}`);
    expect(success(status, DisputeStatusViewSchema).data.state).toBe('corrected');
    const again = await post(app, `/api/v1/disputes/${disputeId}/correct`, provider, {
      edits: [{ field: 'name', value: '河北省（冀）' }],
    });
    expect(again.status).toBe(409);
    expect(await storage.stores.versions.get(PROVINCES, 3)).toBeUndefined();
  });
});

describe('GET /api/v1/datasets/{code}/corrections', () => {
  it('lists the corrections of a public entry, briefly cacheable', async () => {
    const answer = await call(app, '/api/v1/datasets/103-000002/corrections');
    const log = success(answer, DatasetCorrectionsSchema).data;
    expect(log.code).toBe(PROVINCES);
    expect(
      log.corrections.map((line) => [line.dispute, line.reportedVersion, line.version]),
    ).toEqual([[disputeId, 1, 2]]);
    expect([log.open, log.rejected]).toEqual([0, 0]);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('answers 404 for an unknown code and for an entry the public may not see', async () => {
    expect((await call(app, '/api/v1/datasets/103-999999/corrections')).status).toBe(404);
    const hidden = await call(
      app,
      `/api/v1/datasets/${encodeURIComponent(SHARED_ONLY)}/corrections`,
    );
    expect(hidden.status).toBe(404);
    expect((await storage.stores.catalog.get(SHARED_ONLY))?.currentVersion).toBe(1);
  });
});
