import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createDemandDeps, createSharingDeps } from '../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import { applyDemandEvent } from '../../../functions/src/core/demands/demand-machine.ts';
import { DemandViewSchema } from '../../../functions/src/core/demands/demand-views.ts';
import type { DemandView } from '../../../functions/src/core/demands/demand-views.ts';
import type { Role } from '../../../functions/src/core/identity/identity.ts';
import type { Notification } from '../../../functions/src/core/sharing/notification.ts';
import { sharingCatalogFolder } from '../../support/sharing.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';

/** Tuesday 1 December 2026, 10:00 in Shanghai: the demand workflow's clock, which tests move. */
const START = Date.parse('2026-12-01T02:00:00Z');
const DAY_MS = 24 * 3_600_000;

let storage: TestStorage;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;
const clock = { now: START };
const sent: Notification[] = [];

/** The API with demand lists over `storage`, its clock and messenger the test's. */
function appWith(demands = createDemandDeps(storage.stores, demandOptions())): Hono {
  return apiOver(storage, {
    demands,
    sharing: createSharingDeps(storage.stores),
    auth: {
      verifier: issuer.verifier(),
      revoked: storage.stores.revokedTokens,
      signIn: { mode: 'local', issuer, users: [] },
    },
  });
}

function demandOptions() {
  return {
    now: () => clock.now,
    messenger: {
      send: async (notifications: readonly Notification[]) => void sent.push(...notifications),
    },
  };
}

beforeAll(async () => {
  storage = await publishedStorage(await sharingCatalogFolder());
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-demand-api-'));
  issuer = createLocalIssuer({ stateDir });
  app = appWith();
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

beforeEach(() => {
  clock.now = START;
  sent.length = 0;
});

async function tokenFor(agency: string, roles: Role[], user = `${roles.join('+')}-${agency}`) {
  return (await issuer.issue({ user, name: user, agency, roles })).token;
}

const consumer = () => tokenFor('sh-civil-affairs', ['consumer']);
const reviewer = () => tokenFor('zj-big-data', ['reviewer']);
const provider = () => tokenFor('sh-foreign-affairs', ['provider']);

function post(path: string, token: string | undefined, body: unknown, to: Hono = app) {
  return call(to, path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

function get(path: string, token?: string) {
  return call(app, path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

/** The demand a successful answer carries, checked against the documented view. */
function view(answer: Awaited<ReturnType<typeof call>>, status = 200): DemandView {
  expect(answer.status, answer.text).toBe(status);
  if (status === 200) return success(answer, DemandViewSchema).data;
  return DemandViewSchema.parse((answer.body as { data: unknown }).data);
}

/** The 德国公共机构名录 is shared only on condition; the civil-affairs bureau wants it widened. */
const WIDEN = {
  title: '德国公共机构名录（无条件共享）',
  description:
    '外事接待中需随时核对德国公共机构名称与网址，现有条目 314/000002 为有条件共享，每次需申请',
  fields: ['name', 'classification', 'url'],
  purpose: '外事接待中核对来访德国机构的名称与官方网址',
  legalBasis: '《上海市公共数据和一网通办管理办法》第二十九条',
  relatedEntry: '314/000002',
};

/** A consumer of sh-civil-affairs records a demand; answers its view. */
async function submitted(input: object = WIDEN, token?: string): Promise<DemandView> {
  return view(await post('/api/v1/demands', token ?? (await consumer()), input), 201);
}

async function assigned(to = 'sh-foreign-affairs'): Promise<DemandView> {
  const demand = await submitted();
  return view(
    await post(`/api/v1/demands/${demand.id}/assign`, await reviewer(), { provider: to }),
  );
}

async function accepted(to = 'sh-foreign-affairs', dueOn = '2026-12-31'): Promise<DemandView> {
  const demand = await assigned(to);
  const token = await tokenFor(to, ['provider']);
  const body = { kind: 'widen-share', dueOn };
  return view(await post(`/api/v1/demands/${demand.id}/accept`, token, body));
}

/** The audit records of a subject, oldest first, as action and outcome. */
async function audited(subject: string) {
  const { records } = await storage.stores.audit.list({ subject, limit: 500 });
  return records.reverse().map((record) => `${record.action} ${record.outcome}`);
}

describe('a demand becoming a fulfilled responsibility item', () => {
  it('runs submitted → assigned → accepted → fulfilled by an entry, each step by its role', async () => {
    const demand = await submitted();
    expect(demand).toMatchObject({ state: 'submitted', revision: 1, allowed: ['withdraw'] });
    expect(demand.id).toMatch(/^dm_/);
    expect(demand.requester).toMatchObject({ agency: 'sh-civil-affairs', role: 'consumer' });
    expect(sent.map((n) => [n.recipient, n.kind])).toEqual([['role:reviewer', 'demand.submit']]);

    const asReviewer = view(await get(`/api/v1/demands/${demand.id}`, await reviewer()));
    expect(asReviewer.allowed).toEqual(['assign', 'decline']);
    const onward = view(
      await post(`/api/v1/demands/${demand.id}/assign`, await reviewer(), {
        provider: 'sh-foreign-affairs',
      }),
    );
    expect(onward).toMatchObject({
      state: 'assigned',
      provider: 'sh-foreign-affairs',
      allowed: [],
    });
    expect(sent.at(-1)).toMatchObject({
      recipient: 'agency:sh-foreign-affairs:provider',
      kind: 'demand.assign',
    });

    const taken = view(
      await post(`/api/v1/demands/${demand.id}/accept`, await provider(), {
        kind: 'widen-share',
        dueOn: '2026-12-31',
        note: '将无条件共享副本 314/000003 开放给各部门',
      }),
    );
    expect(taken).toMatchObject({
      state: 'accepted',
      responsibility: { kind: 'widen-share', dueOn: '2026-12-31' },
      overdue: false,
      allowed: ['fulfil'],
    });
    expect(sent.at(-1)).toMatchObject({
      recipient: 'user:consumer-sh-civil-affairs',
      kind: 'demand.accept',
    });

    clock.now += 3 * DAY_MS;
    const done = view(
      await post(`/api/v1/demands/${demand.id}/fulfil`, await provider(), {
        link: { entry: '314/000003' },
      }),
    );
    expect(done).toMatchObject({
      state: 'fulfilled',
      revision: 4,
      fulfilment: { link: { entry: '314/000003' }, on: '2026-12-04' },
      allowed: [],
    });
    expect(done.history.map((step) => `${step.event}:${step.actor.role}`)).toEqual([
      'submit:consumer',
      'assign:reviewer',
      'accept:provider',
      'fulfil:provider',
    ]);
    expect(sent.at(-1)).toMatchObject({
      recipient: 'user:consumer-sh-civil-affairs',
      kind: 'demand.fulfil',
    });
    expect(await audited(`demand:${demand.id}`)).toEqual([
      'demand.submit ok',
      'demand.assign ok',
      'demand.accept ok',
      'demand.fulfil ok',
    ]);
    const inbox = await storage.stores.notifications.list(['user:consumer-sh-civil-affairs'], 50);
    expect(inbox.filter((n) => n.request === demand.id).map((n) => n.kind)).toEqual([
      'demand.fulfil',
      'demand.accept',
    ]);
  });

  it('is fulfilled by a grant the provider made through the share-request flow', async () => {
    const request = await post('/api/v1/share-requests', await consumer(), {
      code: '314/000002',
      purpose: '外事联络工作需要核对德国公共机构的名称',
      fields: ['id', 'name'],
      period: { from: '2026-12-01', to: '2027-06-30' },
      legalBasis: '《上海市公共数据和一网通办管理办法》',
      contact: { name: '民政局信息处', email: 'info@example.org' },
    });
    expect(request.status, request.text).toBe(201);
    const requestId = (request.body as { data: { id: string } }).data.id;
    expect(
      (await post(`/api/v1/share-requests/${requestId}/accept`, await reviewer(), {})).status,
    ).toBe(200);
    const approved = await post(`/api/v1/share-requests/${requestId}/approve`, await provider(), {
      fields: ['name'],
      expiresOn: '2027-03-31',
    });
    expect(approved.status, approved.text).toBe(200);
    const grant = (approved.body as { data: { grant: { id: string } } }).data.grant.id;

    const demand = await accepted();
    const done = view(
      await post(`/api/v1/demands/${demand.id}/fulfil`, await provider(), { link: { grant } }),
    );
    expect(done.fulfilment).toEqual({ link: { grant }, on: '2026-12-01' });

    // The same grant cannot fulfil an item of an agency that did not make it.
    const elsewhere = await accepted('zj-market');
    const refused = await post(
      `/api/v1/demands/${elsewhere.id}/fulfil`,
      await tokenFor('zj-market', ['provider']),
      { link: { grant } },
    );
    expect(refused.status).toBe(400);
    expect(failure(refused).errors).toEqual([
      expect.objectContaining({ code: 'invalid-field', field: 'link.grant' }),
    ]);
    expect(failure(refused).error).toContain(`zj-market made no grant ${grant}`);
    expect((await storage.stores.demands.get(elsewhere.id))?.state).toBe('accepted');
    expect((await audited(`demand:${elsewhere.id}`)).at(-1)).toBe('demand.fulfil failed');
  });
});

describe('fulfilment links that do not hold', () => {
  it('answers 400 naming link.entry or link.grant, audits it, and changes nothing', async () => {
    const demand = await accepted();
    const token = await provider();
    const cases: [unknown, string, string][] = [
      [{ entry: '999/000001' }, 'link.entry', 'no entry 999/000001 in the share catalog'],
      [{ grant: 'gr_nosuchgrant00000' }, 'link.grant', 'made no grant gr_nosuchgrant00000'],
    ];
    for (const [link, field, message] of cases) {
      const answer = await post(`/api/v1/demands/${demand.id}/fulfil`, token, { link });
      expect(answer.status, answer.text).toBe(400);
      expect(failure(answer).errors[0]).toMatchObject({ field });
      expect(failure(answer).error).toContain(message);
    }
    const stored = await storage.stores.demands.get(demand.id);
    expect(stored).toMatchObject({ state: 'accepted', revision: 3 });
    expect(await audited(`demand:${demand.id}`)).toEqual([
      'demand.submit ok',
      'demand.assign ok',
      'demand.accept ok',
      'demand.fulfil failed',
      'demand.fulfil failed',
    ]);
  });

  it('refuses an entry of another provider, a malformed link, and a grant for a new entry', async () => {
    const elsewhere = await accepted('zj-market');
    const market = await tokenFor('zj-market', ['provider']);
    const other = await post(`/api/v1/demands/${elsewhere.id}/fulfil`, market, {
      link: { entry: '314/000003' },
    });
    expect(other.status).toBe(400);
    expect(failure(other).errors[0]).toMatchObject({ field: 'link.entry' });
    expect(failure(other).error).toContain('provided by sh-foreign-affairs, not by zj-market');

    const malformed = await post(`/api/v1/demands/${elsewhere.id}/fulfil`, market, {
      link: { entry: '314-000003' },
    });
    expect(malformed.status).toBe(400);
    expect(failure(malformed).errors[0]!.field).toMatch(/^link/);

    const create = await assigned();
    await post(`/api/v1/demands/${create.id}/accept`, await provider(), {
      kind: 'create-entry',
      dueOn: '2026-12-31',
    });
    const byGrant = await post(`/api/v1/demands/${create.id}/fulfil`, await provider(), {
      link: { grant: 'gr_anygrant0000000' },
    });
    expect(byGrant.status).toBe(400);
    expect(failure(byGrant).errors[0]).toMatchObject({ field: 'link' });
    expect((await storage.stores.demands.get(create.id))?.state).toBe('accepted');
  });
});

describe('the other ways a demand ends', () => {
  it('declines a submitted demand with the reason, tells the requester, and ends there', async () => {
    const demand = await submitted();
    const reason = '所需数据已由 314/000003 无条件共享';
    const declined = view(
      await post(`/api/v1/demands/${demand.id}/decline`, await reviewer(), { reason }),
    );
    expect(declined).toMatchObject({ state: 'declined', allowed: [] });
    expect(declined.history.at(-1)?.reason).toBe(reason);
    expect(sent.at(-1)).toMatchObject({
      recipient: 'user:consumer-sh-civil-affairs',
      kind: 'demand.decline',
    });
    expect(sent.at(-1)!.message.zh).toContain(reason);
    const again = await post(`/api/v1/demands/${demand.id}/assign`, await reviewer(), {
      provider: 'sh-foreign-affairs',
    });
    expect(again.status).toBe(409);
    expect(failure(again).error).toContain('is declined');
  });

  it('lets the requester withdraw an assigned demand, telling the provider', async () => {
    const demand = await assigned();
    const withdrawn = view(
      await post(`/api/v1/demands/${demand.id}/withdraw`, await consumer(), {}),
    );
    expect(withdrawn).toMatchObject({ state: 'withdrawn', provider: 'sh-foreign-affairs' });
    expect(sent.at(-2)!.recipient).toBe('role:reviewer');
    expect(sent.at(-1)).toMatchObject({
      recipient: 'agency:sh-foreign-affairs:provider',
      kind: 'demand.withdraw',
    });
  });

  it('returns an assigned demand to the reviewers, who can assign it afresh', async () => {
    const demand = await assigned();
    const returned = view(
      await post(`/api/v1/demands/${demand.id}/return`, await provider(), {
        reason: '该名录由外事办转载，原始数据应由市民政局补充',
      }),
    );
    expect(returned.state).toBe('submitted');
    expect(returned.provider).toBeUndefined();
    expect(returned.allowed).toEqual([]);
    expect(sent.at(-1)).toMatchObject({ recipient: 'role:reviewer', kind: 'demand.return' });
    expect((await get(`/api/v1/demands/${demand.id}`, await provider())).status).toBe(403);
    const again = view(
      await post(`/api/v1/demands/${demand.id}/assign`, await reviewer(), {
        provider: 'zj-market',
      }),
    );
    expect(again).toMatchObject({ state: 'assigned', provider: 'zj-market', revision: 4 });
  });
});

describe('refusals', () => {
  it('answers 403 to the wrong role and to another agency’s staff, auditing each as denied', async () => {
    const demand = await assigned();
    const subject = `demand:${demand.id}`;
    const cases: [string, string, object][] = [
      ['assign', await consumer(), { provider: 'zj-market' }],
      [
        'accept',
        await tokenFor('zj-market', ['provider']),
        { kind: 'widen-share', dueOn: '2026-12-31' },
      ],
      ['withdraw', await tokenFor('zj-market', ['consumer']), {}],
      ['return', await reviewer(), { reason: '不是我' }],
    ];
    for (const [event, token, body] of cases) {
      const answer = await post(`/api/v1/demands/${demand.id}/${event}`, token, body);
      expect(answer.status, event).toBe(403);
      expect(failure(answer).errors[0]).toMatchObject({ code: 'forbidden' });
    }
    expect(
      (await get(`/api/v1/demands/${demand.id}`, await tokenFor('zj-market', ['consumer']))).status,
    ).toBe(403);
    expect(await audited(subject)).toEqual([
      'demand.submit ok',
      'demand.assign ok',
      'demand.assign denied',
      'demand.accept denied',
      'demand.withdraw denied',
      'demand.return denied',
      'demand.read denied',
    ]);
    const submit = await post('/api/v1/demands', await provider(), WIDEN);
    expect(submit.status).toBe(403);
    expect(failure(submit).error).toContain('the consumer role');
    expect((await storage.stores.demands.get(demand.id))?.revision).toBe(2);
  });

  it('answers 401 without a token and writes nothing to the log', async () => {
    const demand = await submitted();
    const before = await storage.stores.audit.head();
    for (const answer of [
      await get('/api/v1/demands'),
      await get(`/api/v1/demands/${demand.id}`),
      await post('/api/v1/demands', undefined, WIDEN),
      await post(`/api/v1/demands/${demand.id}/assign`, undefined, { provider: 'zj-market' }),
    ]) {
      expect(answer.status).toBe(401);
      expect(failure(answer).errors[0]).toMatchObject({
        code: 'unauthorized',
        field: 'Authorization',
      });
    }
    expect(await storage.stores.audit.head()).toEqual(before);
  });

  it('answers an unknown provider with 400 naming provider, audited as failed, nothing changed', async () => {
    const demand = await submitted();
    const before = await storage.stores.demands.get(demand.id);
    for (const provider of ['sh-no-such-bureau', 'Not_A_Code']) {
      const answer = await post(`/api/v1/demands/${demand.id}/assign`, await reviewer(), {
        provider,
      });
      expect(answer.status).toBe(400);
      expect(failure(answer).errors).toEqual([
        expect.objectContaining({ code: 'invalid-field', field: 'provider' }),
      ]);
    }
    expect(await storage.stores.demands.get(demand.id)).toEqual(before);
    expect(sent.map((n) => n.kind)).toEqual(['demand.submit']);
    const { records } = await storage.stores.audit.list({
      subject: `demand:${demand.id}`,
      outcome: 'failed',
    });
    expect(records.map((record) => record.reason).reverse()).toEqual([
      expect.stringContaining('no agency sh-no-such-bureau in the share catalog'),
      expect.stringContaining('expected an agency code'),
    ]);
    expect(records[0]).toMatchObject({
      action: 'demand.assign',
      actor: { agency: 'zj-big-data', role: 'reviewer' },
      details: { fields: ['provider'] },
    });
  });

  it('answers an unknown related entry with 400, audited, storing no demand', async () => {
    const token = await tokenFor('sh-civil-affairs', ['consumer'], 'consumer-related-entry');
    const answer = await post('/api/v1/demands', token, { ...WIDEN, relatedEntry: '314/000099' });
    expect(answer.status).toBe(400);
    expect(failure(answer).errors[0]).toMatchObject({ field: 'relatedEntry' });
    const all = await storage.stores.demands.all();
    expect(all.filter((demand) => demand.requester.user === 'consumer-related-entry')).toEqual([]);
    const { records } = await storage.stores.audit.list({
      actorUser: 'consumer-related-entry',
    });
    expect(records.map((record) => `${record.action} ${record.outcome}`)).toEqual([
      'demand.submit failed',
    ]);
  });

  it('answers a due date before today with 400 naming dueOn, audited', async () => {
    const demand = await assigned();
    const answer = await post(`/api/v1/demands/${demand.id}/accept`, await provider(), {
      kind: 'create-entry',
      dueOn: '2026-11-30',
    });
    expect(answer.status).toBe(400);
    expect(failure(answer).errors[0]).toMatchObject({ field: 'dueOn' });
    expect(failure(answer).error).toContain('before today, 2026-12-01');
    expect((await audited(`demand:${demand.id}`)).at(-1)).toBe('demand.accept failed');
  });
});

describe('conflicts', () => {
  it('answers a step the state does not allow with 409 saying what it allows', async () => {
    const demand = await accepted();
    const answer = await post(`/api/v1/demands/${demand.id}/return`, await provider(), {
      reason: '迟了',
    });
    expect(answer.status).toBe(409);
    expect(failure(answer).errors[0]).toMatchObject({ code: 'conflict', field: 'state' });
    expect(failure(answer).error).toContain('it can be fulfilled');
    expect((await audited(`demand:${demand.id}`)).at(-1)).toBe('demand.return failed');
  });

  it('lets exactly one of two deciders win: the later write is a 409 and changes nothing', async () => {
    const demand = await submitted();
    const real = storage.stores.demands;
    const other = {
      user: 'other-reviewer',
      name: '另一审核员',
      agency: 'zj-big-data',
      role: 'reviewer' as const,
    };
    // Another reviewer declines between this reviewer's read and write.
    const racing = appWith({
      ...createDemandDeps(storage.stores, demandOptions()),
      demands: {
        create: (next) => real.create(next),
        replace: (next) => real.replace(next),
        byRequester: (agency) => real.byRequester(agency),
        byProvider: (agency) => real.byProvider(agency),
        all: () => real.all(),
        get: async (id) => {
          const read = await real.get(id);
          if (read?.state === 'submitted')
            await real.replace(
              applyDemandEvent(
                read,
                { type: 'decline', reason: '重复的需求' },
                { actor: other, nowMs: clock.now, today: '2026-12-01' },
              ),
            );
          return read;
        },
      },
    });
    const answer = await post(
      `/api/v1/demands/${demand.id}/assign`,
      await reviewer(),
      { provider: 'sh-foreign-affairs' },
      racing,
    );
    expect(answer.status, answer.text).toBe(409);
    expect(failure(answer).errors[0]).toMatchObject({ code: 'conflict' });
    const stored = await storage.stores.demands.get(demand.id);
    expect(stored).toMatchObject({ state: 'declined', revision: 2 });
    expect(stored?.provider).toBeUndefined();
    expect((await audited(`demand:${demand.id}`)).at(-1)).toBe('demand.assign failed');
  });
});

describe('GET /api/v1/demands', () => {
  const ids = async (token: string, query = '') =>
    success(
      await get(`/api/v1/demands${query}`, token),
      z.object({ demands: z.array(DemandViewSchema) }),
    ).data.demands.map((demand) => demand.id);

  it('lists to each role what it may see, the union for several roles, newest first', async () => {
    const own = await submitted();
    clock.now += 60_000;
    const theirs = await submitted(
      { ...WIDEN, title: '浙江省企业登记信息（外事用）' },
      await tokenFor('zj-market', ['consumer']),
    );
    clock.now += 60_000;
    const toForeign = await assigned();

    const civil = await ids(await consumer());
    expect(civil).toEqual(expect.arrayContaining([own.id, toForeign.id]));
    expect(civil).not.toContain(theirs.id);
    expect(civil.indexOf(toForeign.id)).toBeLessThan(civil.indexOf(own.id));

    const market = await ids(await tokenFor('zj-market', ['consumer']));
    expect(market).toContain(theirs.id);
    expect(market).not.toContain(own.id);

    const foreign = await ids(await provider());
    expect(foreign).toContain(toForeign.id);
    expect(foreign).not.toContain(own.id);
    expect(foreign).not.toContain(theirs.id);

    const all = await ids(await reviewer());
    expect(all).toEqual(expect.arrayContaining([own.id, theirs.id, toForeign.id]));
    expect(await ids(await tokenFor('zj-big-data', ['admin']))).toEqual(all);

    const both = await ids(await tokenFor('zj-market', ['consumer', 'provider']));
    expect(both).toContain(theirs.id);
    const marketItem = await assigned('zj-market');
    expect(await ids(await tokenFor('zj-market', ['consumer', 'provider']))).toEqual(
      expect.arrayContaining([theirs.id, marketItem.id]),
    );
  });

  it('filters by state, and refuses a state that does not exist', async () => {
    const demand = await assigned();
    const token = await reviewer();
    const listed = success(
      await get('/api/v1/demands?state=assigned', token),
      z.object({ demands: z.array(DemandViewSchema) }),
    ).data.demands;
    expect(listed.map((d) => d.id)).toContain(demand.id);
    expect(new Set(listed.map((d) => d.state))).toEqual(new Set(['assigned']));
    const bad = await get('/api/v1/demands?state=open', token);
    expect(bad.status).toBe(400);
    expect(failure(bad).errors[0]).toMatchObject({ field: 'state' });
  });

  it('marks an accepted item overdue once its due day has ended in Shanghai', async () => {
    const demand = await accepted('sh-foreign-affairs', '2026-12-10');
    const token = await provider();
    const overdue = async () => {
      const listed = success(
        await get('/api/v1/demands?state=accepted', token),
        z.object({ demands: z.array(DemandViewSchema) }),
      ).data.demands;
      return listed.find((d) => d.id === demand.id)?.overdue;
    };
    clock.now = Date.parse('2026-12-10T15:59:00Z');
    expect(await overdue()).toBe(false);
    clock.now = Date.parse('2026-12-10T16:01:00Z');
    expect(await overdue()).toBe(true);
    expect(view(await get(`/api/v1/demands/${demand.id}`, token)).overdue).toBe(true);
    const late = view(
      await post(`/api/v1/demands/${demand.id}/fulfil`, token, { link: { entry: '314/000003' } }),
    );
    expect(late).toMatchObject({ overdue: false, fulfilment: { on: '2026-12-11' } });
  });
});

describe('the demand routes where demand lists are not configured', () => {
  it('answer 503', async () => {
    const bare = apiOver(storage, {
      auth: {
        verifier: issuer.verifier(),
        revoked: storage.stores.revokedTokens,
        signIn: { mode: 'local', issuer, users: [] },
      },
    });
    const answer = await call(bare, '/api/v1/demands', {
      headers: { Authorization: `Bearer ${await reviewer()}` },
    });
    expect(answer.status).toBe(503);
  });
});
