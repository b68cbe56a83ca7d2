import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import * as z from 'zod';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisputeDeps, createSharingDeps } from '../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import { verifyChain } from '../../../functions/src/core/audit/audit-chain.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import {
  DisputeReceiptSchema,
  DisputeStaffViewSchema,
  DisputeStatusViewSchema,
} from '../../../functions/src/core/disputes/dispute-views.ts';
import type { Role } from '../../../functions/src/core/identity/identity.ts';
import type { Notification } from '../../../functions/src/core/sharing/notification.ts';
import { sweepDisputes } from '../../../functions/src/services/disputes/sweep-disputes.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { agency } from '../../support/entries.ts';
import { sharingCatalogFolder } from '../../support/sharing.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';

const CITIES = '103/000003';
const SHARED = '314/000002';
const CITIES_CSV = 'datasets/cn-admin-divisions-modood/csv/cities.csv';

let storage: TestStorage;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;
const clock = { now: Date.parse('2025-01-24T02:00:00Z') };
const sent: Notification[] = [];

/**
 * The sharing fixture (the real German public-bodies directory, shared on condition by
 * sh-foreign-affairs) plus the real NBS prefecture table 103/000003 as the demo publishes it:
 * open to the public.
 */
async function disputeCatalogFolder(): Promise<string> {
  const folder = await sharingCatalogFolder();
  const agencies = parse(await readFile(join(folder, 'agencies.yaml'), 'utf8')) as {
    agencies: unknown[];
  };
  agencies.agencies.push(agency());
  await writeFile(join(folder, 'agencies.yaml'), stringify(agencies));
  const entry = parse(await readFile(join(DEMO_DATA, 'entries', '103-000003.yaml'), 'utf8')) as {
    related?: string[];
  };
  await writeFile(join(folder, 'entries', '103-000003.yaml'), stringify({ ...entry, related: [] }));
  await mkdir(join(folder, 'datasets', 'cn-admin-divisions-modood', 'csv'), { recursive: true });
  await copyFile(join(DEMO_DATA, CITIES_CSV), join(folder, CITIES_CSV));
  return folder;
}

beforeAll(async () => {
  storage = await publishedStorage(await disputeCatalogFolder());
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-disputes-'));
  issuer = createLocalIssuer({ stateDir });
  const messenger = {
    send: async (notifications: readonly Notification[]) => void sent.push(...notifications),
  };
  app = apiOver(storage, {
    sharing: createSharingDeps(storage.stores),
    disputes: createDisputeDeps(storage.stores, { now: () => clock.now, messenger }),
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

async function tokenFor(agencyCode: string, role: Role, user = `${role}-${agencyCode}`) {
  return (await issuer.issue({ user, name: `姓名 ${user}`, agency: agencyCode, roles: [role] }))
    .token;
}

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

function get(path: string, token?: string) {
  return call(app, path, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
}

const PUBLIC_REPORT = {
  code: CITIES,
  version: 1,
  row: { key: { code: '1301' } },
  field: 'name',
  description: '石家庄市的名称应核对最新区划公告',
  expected: '石家庄市',
  contact: { name: '张三', email: 'Zhang.San@Example.org' },
};

async function auditRecords(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of storage.stores.audit.readAll()) records.push(record);
  return records;
}

function fieldsOf(answer: Awaited<ReturnType<typeof call>>): string[] {
  return failure(answer).errors.map((e) => e.field ?? '');
}

describe('a report by the public on an open dataset', () => {
  let id: string;
  let token: string;

  it('is stored with the cell as published and answers 201 with a private status link', async () => {
    const answer = await post('/api/v1/disputes', PUBLIC_REPORT);
    expect(answer.status, answer.text).toBe(201);
    const receipt = DisputeReceiptSchema.parse((answer.body as { data: unknown }).data);
    expect(receipt.duplicate).toBe(false);
    expect(receipt.state).toBe('reported');
    // Friday before the 2025 Spring Festival: 26, 27 January, 5, 6, 7 February.
    expect(receipt.dueAt).toBe('2025-02-07T15:59:59.999Z');
    expect(receipt.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(receipt.statusPath).toBe(`/disputes/status/?id=${receipt.id}&token=${receipt.token}`);
    id = receipt.id;
    token = receipt.token!;
    const stored = (await storage.stores.disputes.get(id))!;
    expect(stored.cell).toEqual({ rowNumber: 3, key: { code: '1301' }, value: '石家庄市' });
    expect(stored.reporter).toMatchObject({ user: 'public:zhang.san@example.org', role: 'public' });
    expect(stored.origin).toBe('public');
    expect(stored.statusTokenSha256).not.toContain(token);
    expect(sent.map((n) => n.recipient)).toEqual(['agency:nbs:provider']);
  });

  it('is one dispute when sent twice: 200, duplicate, and no new secret', async () => {
    const again = await post('/api/v1/disputes', {
      ...PUBLIC_REPORT,
      row: { number: 3 },
      contact: { name: '张三', email: 'zhang.san@example.org' },
    });
    expect(again.status, again.text).toBe(200);
    const receipt = DisputeReceiptSchema.parse((again.body as { data: unknown }).data);
    expect(receipt).toMatchObject({ id, duplicate: true });
    expect(receipt.token).toBeUndefined();
    expect(await storage.stores.disputes.byCode(CITIES)).toHaveLength(1);
  });

  it('shows the reporter their status by the link, without the contact or staff names', async () => {
    const answer = await get(`/api/v1/disputes/${id}?token=${encodeURIComponent(token)}`);
    const view = success(answer, DisputeStatusViewSchema).data;
    expect(view).toMatchObject({ id, code: CITIES, state: 'reported', overdue: false });
    expect(answer.text).not.toMatch(/zhang|张三|statusToken/i);
    expect(answer.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers a wrong or missing token exactly as an unknown id: 404', async () => {
    const wrong = await get(`/api/v1/disputes/${id}?token=${'x'.repeat(43)}`);
    const unknown = await get(`/api/v1/disputes/dp_doesnotexist00000?token=${token}`);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(failure(wrong).error.replace(id, '…')).toBe(
      failure(unknown).error.replace('dp_doesnotexist00000', '…'),
    );
    // Without a token and without signing in, the staff view needs a sign-in.
    expect((await get(`/api/v1/disputes/${id}`)).status).toBe(401);
  });

  it('lets its provider verify, extend once with a reason, and reject; the link follows', async () => {
    const provider = await tokenFor('nbs', 'provider');
    clock.now = Date.parse('2025-01-27T02:00:00Z');
    const verified = await post(`/api/v1/disputes/${id}/verify`, {}, provider);
    const staff = success(verified, DisputeStaffViewSchema).data;
    expect(staff.state).toBe('verifying');
    expect(staff.actions).toEqual(['extend', 'correct', 'reject']);
    // The provider sees the public reporter's contact; the status secret never leaves.
    expect(staff.contact).toEqual({ name: '张三', email: 'Zhang.San@Example.org' });
    expect(verified.text).not.toContain('statusTokenSha256');

    const extended = await post(
      `/api/v1/disputes/${id}/extend`,
      { reason: '需向省统计局核对原始区划文件' },
      provider,
    );
    expect(success(extended, DisputeStaffViewSchema).data.due).toEqual({
      at: '2025-02-13T15:59:59.999Z',
      extended: true,
    });
    const twice = await post(`/api/v1/disputes/${id}/extend`, { reason: '再延' }, provider);
    expect(twice.status).toBe(409);
    expect(failure(twice).error).toContain('extended once already');

    const rejected = await post(
      `/api/v1/disputes/${id}/reject`,
      { reason: '经核对，石家庄市名称与2023年区划代码一致' },
      provider,
    );
    expect(success(rejected, DisputeStaffViewSchema).data.state).toBe('rejected');
    const status = success(
      await get(`/api/v1/disputes/${id}?token=${encodeURIComponent(token)}`),
      DisputeStatusViewSchema,
    ).data;
    expect(status.state).toBe('rejected');
    expect(status.steps.map((s) => s.event)).toEqual(['report', 'verify', 'extend', 'reject']);
    expect(status.steps.at(-1)?.reason).toBe('经核对，石家庄市名称与2023年区划代码一致');
    expect(JSON.stringify(status)).not.toContain('姓名');
  });
});

describe('bad reports', () => {
  it.each([
    [{ version: 9 }, 'version'],
    [{ row: { number: 100_000 } }, 'row.number'],
    [{ row: { key: { code: '0000' } } }, 'row.key'],
    [{ row: { key: { name: '石家庄市' } } }, 'row.key.name'],
    [{ field: 'population' }, 'field'],
    [{ description: '错'.repeat(2001) }, 'description'],
    [{ evidence: 'x'.repeat(2001) }, 'evidence'],
    [{ contact: undefined }, 'contact'],
  ])('answers %j with a 400 naming %s, and stores nothing', async (change, field) => {
    const before = (await storage.stores.disputes.all()).length;
    const answer = await post('/api/v1/disputes', {
      ...PUBLIC_REPORT,
      contact: { name: '李四', email: 'li@example.org' },
      ...change,
    });
    expect(answer.status, answer.text).toBe(400);
    expect(fieldsOf(answer)).toContain(field);
    expect(await storage.stores.disputes.all()).toHaveLength(before);
  });

  it('refuses the public a report on an entry that is not open data, as if it did not exist', async () => {
    const answer = await post('/api/v1/disputes', {
      ...PUBLIC_REPORT,
      code: SHARED,
      row: { number: 1 },
    });
    expect(answer.status).toBe(404);
    expect(failure(answer).error).toContain('sign in');
  });
});

describe('a report by agency staff on a shared entry', () => {
  let id: string;

  it('is stored with the reporting agency, without a contact', async () => {
    const consumer = await tokenFor('sh-civil-affairs', 'consumer');
    const answer = await post(
      '/api/v1/disputes',
      {
        code: SHARED,
        version: 1,
        row: { number: 1 },
        field: 'url',
        description: '该机构网址已失效',
        contact: { name: '忽略', email: 'ignored@example.org' },
      },
      consumer,
    );
    expect(answer.status, answer.text).toBe(201);
    id = DisputeReceiptSchema.parse((answer.body as { data: unknown }).data).id;
    const stored = (await storage.stores.disputes.get(id))!;
    expect(stored).toMatchObject({
      origin: 'agency',
      provider: 'sh-foreign-affairs',
      reporter: { agency: 'sh-civil-affairs', role: 'consumer' },
      cell: { rowNumber: 1, value: 'http://www.deutschesheer.de' },
    });
    expect(stored.contact).toBeUndefined();
    // Reported Monday 27 January: 5, 6, 7, 8 (a make-up Saturday) and 10 February.
    expect(stored.due).toEqual({ at: '2025-02-10T15:59:59.999Z', extended: false });
  });

  it('is refused to another agency’s provider (403, audited) and to nobody signed in (401)', async () => {
    const wrongProvider = await tokenFor('nbs', 'provider');
    const denied = await post(`/api/v1/disputes/${id}/verify`, {}, wrongProvider);
    expect(denied.status).toBe(403);
    expect(failure(denied).error).toContain('sh-foreign-affairs');
    expect((await post(`/api/v1/disputes/${id}/verify`, {})).status).toBe(401);
    const records = await auditRecords();
    expect(records.at(-1)).toMatchObject({
      action: 'dispute.verify',
      outcome: 'denied',
      subject: `dispute:${id}`,
    });
  });

  it('lists it in the provider’s inbox, the reviewers’ queue and the reporting agency’s reports', async () => {
    const list = async (view: string, token: string, query = '') =>
      success(
        await get(`/api/v1/disputes?view=${view}${query}`, token),
        z.object({ results: DisputeStaffViewSchema.array() }),
      ).data;
    const inbox = await list('inbox', await tokenFor('sh-foreign-affairs', 'provider'));
    expect(inbox.results.map((d) => d.id)).toEqual([id]);
    expect(inbox.results[0]!.actions).toEqual(['verify', 'extend', 'correct', 'reject']);
    const queue = await list('queue', await tokenFor('zj-big-data', 'reviewer'));
    expect(queue.results.map((d) => d.id)).toContain(id);
    const mine = await list('mine', await tokenFor('sh-civil-affairs', 'consumer'));
    expect(mine.results.map((d) => d.id)).toEqual([id]);
    expect(mine.results[0]!.actions).toEqual([]);
    const filtered = await list(
      'queue',
      await tokenFor('zj-big-data', 'reviewer'),
      `&code=${encodeURIComponent(CITIES)}`,
    );
    expect(filtered.results.map((d) => d.id)).not.toContain(id);
    expect((await get('/api/v1/disputes?view=inbox')).status).toBe(401);
  });

  it('is marked overdue once by the sweeper after its deadline, and escalated to the reviewers', async () => {
    const deps = createDisputeDeps(storage.stores, {
      now: () => Date.parse('2025-02-10T16:00:00Z'),
      messenger: { send: async (notifications) => void sent.push(...notifications) },
    });
    sent.length = 0;
    const first = await sweepDisputes(deps);
    expect(first).toMatchObject({ overdue: 1, skipped: 0 });
    expect(sent.map((n) => n.recipient).sort()).toEqual([
      'agency:sh-foreign-affairs:provider',
      'role:reviewer',
    ]);
    expect((await sweepDisputes(deps)).overdue).toBe(0);
    const marked = (await storage.stores.disputes.get(id))!;
    expect(marked.overdue).toHaveLength(1);
    // The rejected public report has no deadline running and is left alone.
    expect((await storage.stores.disputes.withDeadline()).map((d) => d.id)).toEqual([id]);
  });
});

describe('the audit log', () => {
  it('records every report and step under the dispute, and the chain verifies', async () => {
    const records = await auditRecords();
    const disputes = records.filter((r) => r.subject.startsWith('dispute:'));
    expect(disputes.map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'dispute.report:ok',
      'dispute.verify:ok',
      'dispute.extend:ok',
      'dispute.reject:ok',
      'dispute.report:ok',
      'dispute.verify:denied',
      'dispute.overdue:ok',
    ]);
    expect(verifyChain(records, await storage.stores.audit.head()).ok).toBe(true);
  });
});
