import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharingDeps } from '../../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../../functions/src/adapters/identity/local-issuer.ts';
import type { Role } from '../../../../functions/src/core/identity/identity.ts';
import { sharingCatalogFolder } from '../../../support/sharing.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { apiOver, call, failure, publishedStorage } from '../api-under-test.ts';

let storage: TestStorage;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;

beforeAll(async () => {
  storage = await publishedStorage(await sharingCatalogFolder());
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-issuer-'));
  issuer = createLocalIssuer({ stateDir });
  app = apiOver(storage, {
    sharing: createSharingDeps(storage.stores),
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

async function tokenFor(agency: string, role: Role, user = `${role}-${agency}`) {
  return (await issuer.issue({ user, name: user, agency, roles: [role] })).token;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function post(path: string, token: string, body: unknown) {
  return call(app, path, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const REQUEST = {
  code: '314/000002',
  purpose: '外事联络工作需要核对德国公共机构的名称',
  fields: ['id', 'name'],
  period: { from: '2026-12-01', to: '2027-06-30' },
  legalBasis: '《上海市公共数据和一网通办管理办法》',
  contact: { name: '民政局信息处', email: 'info@example.org' },
};

describe('the share catalog', () => {
  it('answers 401 without a token and lists shared-only entries to any signed-in role', async () => {
    const anonymous = await call(app, '/api/v1/share-catalog');
    expect(anonymous.status).toBe(401);
    expect(failure(anonymous).errors[0]).toMatchObject({ code: 'unauthorized' });

    const answer = await call(app, '/api/v1/share-catalog?shareType=不予共享', {
      headers: bearer(await tokenFor('zj-market', 'consumer')),
    });
    expect(answer.status).toBe(200);
    const { results } = (
      answer.body as { data: { results: { code: string; shareBasis?: string }[] } }
    ).data;
    expect(results.map((entry) => entry.code)).toEqual(['101/000002']);
    expect(results[0]!.shareBasis).toContain('保守国家秘密法');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps entries that are not opened out of the public catalog', async () => {
    const answer = await call(app, '/api/v1/datasets?limit=100');
    const codes = (answer.body as { data: { items: { code: string }[] } }).data.items.map(
      (item) => item.code,
    );
    expect(codes).not.toContain('314/000003');
    expect(codes).not.toContain('101/000002');
    expect((await call(app, '/api/v1/datasets/101-000002')).status).toBe(404);
  });
});

describe('identity tokens', () => {
  it('refuses forged, malformed, expired and signed-out tokens with 401, naming the reason', async () => {
    const other = createLocalIssuer({ stateDir: await mkdtemp(join(tmpdir(), 'datarun-forger-')) });
    const forged = (
      await other.issue({ user: 'x', name: 'x', agency: 'zj-big-data', roles: ['admin'] })
    ).token;
    const expired = (
      await createLocalIssuer({ stateDir, now: () => Date.now() - 9 * 3600_000 }).issue(
        { user: 'y', name: 'y', agency: 'zj-big-data', roles: ['admin'] },
        { hours: 1 },
      )
    ).token;
    for (const token of [forged, expired, 'not-a-token', `${forged.slice(0, -4)}AAAA`]) {
      const answer = await call(app, '/api/v1/auth/me', { headers: bearer(token) });
      expect(answer.status, token).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('invalid_token');
    }

    const token = await tokenFor('sh-civil-affairs', 'consumer');
    expect((await call(app, '/api/v1/auth/me', { headers: bearer(token) })).status).toBe(200);
    expect((await post('/api/v1/auth/sign-out', token, {})).status).toBe(200);
    const replayed = await call(app, '/api/v1/auth/me', { headers: bearer(token) });
    expect(replayed.status).toBe(401);
  });
});

describe('share requests over HTTP', () => {
  it('runs submit, accept, approve and extract, each by its own role, and 403s the others', async () => {
    const consumer = await tokenFor('sh-civil-affairs', 'consumer');
    const reviewer = await tokenFor('zj-big-data', 'reviewer');
    const provider = await tokenFor('sh-foreign-affairs', 'provider');
    const strangerProvider = await tokenFor('zj-market', 'provider');

    const created = await post('/api/v1/share-requests', consumer, REQUEST);
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { data: { id: string } }).data.id;

    expect((await post(`/api/v1/share-requests/${id}/accept`, consumer, {})).status).toBe(403);
    const accepted = await post(`/api/v1/share-requests/${id}/accept`, reviewer, {});
    expect(accepted.status, accepted.text).toBe(200);
    expect((accepted.body as { data: { state: string } }).data.state).toBe('accepted');

    const approval = { fields: ['name'], expiresOn: '2027-03-31' };
    expect(
      (await post(`/api/v1/share-requests/${id}/approve`, strangerProvider, approval)).status,
    ).toBe(403);
    const approved = await post(`/api/v1/share-requests/${id}/approve`, provider, approval);
    expect(approved.status, approved.text).toBe(200);
    expect((await post(`/api/v1/share-requests/${id}/approve`, provider, approval)).status).toBe(
      409,
    );

    const extract = await post(`/api/v1/share-requests/${id}/extract`, consumer, {});
    expect(extract.status, extract.text).toBe(200);
    const { url, fields } = (extract.body as { data: { url: string; fields: string[] } }).data;
    expect(fields).toEqual(['name']);
    expect((await (await fetch(url)).text()).split('\n')[0]).toBe('name');

    const inbox = await call(app, '/api/v1/share-requests?view=inbox', {
      headers: bearer(provider),
    });
    expect(
      (inbox.body as { data: { results: { id: string }[] } }).data.results.map((r) => r.id),
    ).toContain(id);
    expect(
      (await call(app, '/api/v1/share-requests?view=queue', { headers: bearer(consumer) })).status,
    ).toBe(403);
  });

  it('refuses oversize and malformed input with 400 naming the field, storing nothing', async () => {
    const consumer = await tokenFor('sh-civil-affairs', 'consumer');
    const before = (await storage.stores.shareRequests.all()).length;
    const oversize = await post('/api/v1/share-requests', consumer, {
      ...REQUEST,
      purpose: '很'.repeat(2001),
    });
    expect(oversize.status).toBe(400);
    expect(failure(oversize).errors[0]).toMatchObject({ field: 'purpose' });
    const malformed = await call(app, '/api/v1/share-requests', {
      method: 'POST',
      headers: { ...bearer(consumer), 'Content-Type': 'application/json' },
      body: '{"code": "314/000002",',
    });
    expect(malformed.status).toBe(400);
    const badPeriod = await post('/api/v1/share-requests', consumer, {
      ...REQUEST,
      period: { from: '2027-02-30', to: '2027-06-30' },
    });
    expect(badPeriod.status).toBe(400);
    expect((await storage.stores.shareRequests.all()).length).toBe(before);
  });
});

describe('errors in nested fields of a share request', () => {
  it('name the nested field, so the form can mark the very input', async () => {
    const consumer = await tokenFor('sh-civil-affairs', 'consumer');
    const answer = await post('/api/v1/share-requests', consumer, {
      ...REQUEST,
      contact: { name: '信息处', email: 'not-an-address', fax: '021' },
    });
    expect(answer.status).toBe(400);
    const fields = failure(answer).errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['contact.email', 'contact.fax']));
  });
});
