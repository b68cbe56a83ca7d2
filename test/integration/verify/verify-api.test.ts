import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharingDeps, createVerifyDeps } from '../../../functions/src/adapters/index.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import { usageDay } from '../../../functions/src/core/access/usage.ts';
import { shanghaiDay } from '../../../functions/src/core/calendar/working-calendar.ts';
import type { Role } from '../../../functions/src/core/identity/identity.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import {
  VerifyCallAnswerSchema,
  VerifyServiceListSchema,
} from '../../../functions/src/core/verify/verify-views.ts';
import type { VerifyLimits } from '../../../functions/src/services/verify/verify-deps.ts';
import { VerifyIndexCache } from '../../../functions/src/services/verify/verify-index-cache.ts';
import { DEMO_DATA, catalogFolder } from '../../support/catalog-folder.ts';
import { agency } from '../../support/entries.ts';
import { storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';

const AREAS_CSV = 'datasets/cn-admin-divisions-modood/csv/areas.csv';
const BODIES = 'datasets/messy-csv-publicbodies-multiline';
const COUNTIES = '103/000004';
const PLAIN = '103/000009';
const BODIES_CODE = '314/000002';
const NOW = Date.now();

let storage: TestStorage;
let stateDir: string;
let issuer: LocalIssuer;
let app: Hono;
/** Two calls a minute per grant. */
let rateApp: Hono;
/** Five distinct keys a day per grant. */
let capApp: Hono;
let areaRows: string[][];

async function yamlEntry(file: string): Promise<CatalogEntryInput> {
  return parse(await readFile(join(DEMO_DATA, 'entries', file), 'utf8')) as CatalogEntryInput;
}

beforeAll(async () => {
  const counties = await yamlEntry('103-000004.yaml');
  const { verification: _declared, ...plain } = counties;
  const bodies = await yamlEntry('314-000002.yaml');
  const agencies = [
    agency(),
    agency({ code: 'sh-foreign-affairs', name: { zh: '上海市人民政府外事办公室' } }),
    agency({ code: 'zj-market', name: { zh: '浙江省市场监督管理局' } }),
  ];
  const folder = await catalogFolder(
    [{ ...counties, related: [] }, { ...plain, code: PLAIN, related: [] }, bodies],
    { 'agencies.yaml': stringify({ agencies }) },
  );
  await mkdir(join(folder, 'datasets', 'cn-admin-divisions-modood', 'csv'), { recursive: true });
  await copyFile(join(DEMO_DATA, AREAS_CSV), join(folder, AREAS_CSV));
  await mkdir(join(folder, BODIES), { recursive: true });
  for (const name of ['de.csv', 'public-body-schema.json'])
    await copyFile(join(DEMO_DATA, BODIES, name), join(folder, BODIES, name));
  areaRows = (await readFile(join(DEMO_DATA, AREAS_CSV), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/"/g, '')));

  storage = await publishedStorage(folder);
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-verify-api-'));
  issuer = createLocalIssuer({ stateDir });
  const auth = {
    verifier: issuer.verifier(),
    revoked: storage.stores.revokedTokens,
    signIn: { mode: 'local' as const, issuer, users: [] },
  };
  const verify = (limits: VerifyLimits, now?: () => number) => ({
    ...createVerifyDeps(storage.stores, { limits, ...(now && { now }) }),
    indexes: new VerifyIndexCache(),
  });
  const sharing = createSharingDeps(storage.stores);
  app = apiOver(storage, {
    sharing,
    verify: verify({ callsPerMinute: 1000, distinctKeysPerDay: 100_000 }),
    auth,
  });
  rateApp = apiOver(storage, {
    sharing,
    verify: verify({ callsPerMinute: 2, distinctKeysPerDay: 100_000 }, () => NOW),
    auth,
  });
  capApp = apiOver(storage, {
    sharing,
    verify: verify({ callsPerMinute: 1000, distinctKeysPerDay: 5 }, () => NOW),
    auth,
  });
}, 120_000);

afterAll(async () => {
  await storage?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

async function tokenFor(agencyCode: string, role: Role = 'consumer') {
  const user = `${role}-${agencyCode}`;
  return (await issuer.issue({ user, name: user, agency: agencyCode, roles: [role] })).token;
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

const path = (code: string) => `/api/v1/verify/${encodeURIComponent(code)}`;

function shareInput(code: string, fields: string[], service?: 'verify') {
  const from = shanghaiDay(Date.now());
  return {
    code,
    ...(service && { service }),
    purpose: '核对企业登记材料中的区划代码与名称',
    fields,
    period: { from, to: `${Number(from.slice(0, 4)) + 1}${from.slice(4)}` },
    legalBasis: '《政务数据共享条例》',
    contact: { name: '信息处', email: 'info@example.org' },
  };
}

/** Asks for a grant as a consumer of `agencyCode`; 无条件共享 grants it at once. */
async function grantFor(
  agencyCode: string,
  fields = ['code', 'name', 'cityCode', 'provinceCode'],
  service: 'verify' | 'data' = 'verify',
): Promise<ShareRequest> {
  const answer = await post(
    '/api/v1/share-requests',
    shareInput(COUNTIES, fields, service === 'verify' ? 'verify' : undefined),
    await tokenFor(agencyCode),
  );
  expect(answer.status, answer.text).toBe(201);
  const request = (answer.body as { data: ShareRequest }).data;
  expect(request.state).toBe('approved');
  return request;
}

async function auditRecords(action: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for await (const record of storage.stores.audit.readAll())
    if (record.action === action) records.push(record);
  return records;
}

/** Everything storage holds except the audit log, which every refusal is written to. */
async function fingerprintBesidesAudit(): Promise<string> {
  const audit = storage.config.tables.audit;
  return (await storageFingerprint(storage))
    .split('\n')
    .filter((line) => !line.startsWith(`${audit} `))
    .join('\n');
}

async function callsCounted(code: string): Promise<number> {
  const days = await storage.stores.usage.days(`dataset:${code}`);
  return days.find((day) => day.day === usageDay(Date.now()))?.calls ?? 0;
}

describe('POST /api/v1/share-requests with service verify', () => {
  it('grants a 无条件共享 verification request at once and lists the service', async () => {
    const request = await grantFor('zj-market');
    expect(request.input.service).toBe('verify');
    expect(request.grant?.fields).toEqual(['code', 'name', 'cityCode', 'provinceCode']);
    const answer = await call(app, '/api/v1/verify', {
      headers: { Authorization: `Bearer ${await tokenFor('zj-market')}` },
    });
    const { services } = success(answer, VerifyServiceListSchema).data;
    expect(services).toEqual([
      {
        code: COUNTIES,
        title: '统计用区划代码（县级）',
        grant: request.grant!.id,
        request: request.id,
        state: 'approved',
        expiresOn: request.grant!.expiresOn,
        keyFields: ['code'],
        verifiableFields: ['name', 'cityCode', 'provinceCode'],
      },
    ]);
  });

  it('refuses a verification request for an entry that offers none, naming service', async () => {
    const answer = await post(
      '/api/v1/share-requests',
      shareInput(PLAIN, ['code'], 'verify'),
      await tokenFor('zj-market'),
    );
    expect(answer.status).toBe(400);
    expect(failure(answer).errors.map((e) => e.field)).toEqual(['service']);
  });

  it('refuses fields that cannot be verified and a request without the key, naming each', async () => {
    const answer = await post(
      '/api/v1/share-requests',
      shareInput(COUNTIES, ['name', 'population'], 'verify'),
      await tokenFor('zj-market'),
    );
    expect(answer.status).toBe(400);
    expect(failure(answer).errors.map((e) => e.field)).toEqual(['fields.1', 'fields']);
  });
});

describe('POST /api/v1/verify/{code}', () => {
  it('answers one record: match', async () => {
    const before = await callsCounted(COUNTIES);
    const answer = await post(
      path(COUNTIES),
      { records: [{ key: { code: '110101' }, fields: { name: '东城区', cityCode: '1101' } }] },
      await tokenFor('zj-market'),
    );
    const { data } = success(answer, VerifyCallAnswerSchema);
    expect(data).toMatchObject({
      code: COUNTIES,
      version: 1,
      answers: [{ index: 0, result: 'match' }],
      counts: { match: 1, noMatch: 0, notFound: 0, ambiguous: 0 },
    });
    expect(await callsCounted(COUNTIES)).toBe(before + 1);
  });

  it('answers a batch with match, no-match naming the differing fields, and not-found, never a value', async () => {
    const token = await tokenFor('zj-market');
    const answer = await post(
      '/api/v1/verify/103-000004',
      {
        records: [
          { key: { code: '110108' }, fields: { name: '海淀区' } },
          {
            key: { code: '110101' },
            fields: { name: '西城区', cityCode: '1101', provinceCode: '12' },
          },
          { key: { code: '999999' }, fields: { name: '东城区' } },
          { key: { code: ' 110102 ' } },
        ],
      },
      token,
    );
    const { data } = success(answer, VerifyCallAnswerSchema);
    expect(data.answers).toEqual([
      { index: 0, result: 'match' },
      { index: 1, result: 'no-match', differing: ['name', 'provinceCode'] },
      { index: 2, result: 'not-found' },
      { index: 3, result: 'match' },
    ]);
    expect(data.counts).toEqual({ match: 2, noMatch: 1, notFound: 1, ambiguous: 0 });
    // The true name of 110101 and the codes asked about appear nowhere in the answer.
    expect(answer.text).not.toContain('东城区');
    expect(answer.text).not.toContain('110101');

    const [record] = (await auditRecords('verify.call')).slice(-1);
    expect(record).toMatchObject({
      subject: `dataset:${COUNTIES}`,
      outcome: 'ok',
      actor: { agency: 'zj-market', role: 'consumer' },
      details: {
        grant: data.grant,
        records: 4,
        counts: { match: 2, noMatch: 1, notFound: 1, ambiguous: 0 },
      },
    });
    for (const value of ['东城区', '西城区', '海淀区', '110101', '999999'])
      expect(JSON.stringify(record)).not.toContain(value);
  });

  it('verifies a batch of 1,000 real county codes, all matching', async () => {
    const records = areaRows.slice(0, 1000).map(([code, name, cityCode]) => ({
      key: { code: code! },
      fields: { name: name!, cityCode: cityCode! },
    }));
    const answer = await post(path(COUNTIES), { records }, await tokenFor('zj-market'));
    const { data } = success(answer, VerifyCallAnswerSchema);
    expect(data.counts.match).toBe(1000);
    expect(data.answers.every((a, i) => a.index === i && a.result === 'match')).toBe(true);
  });

  it('answers 401 without a token, unaudited', async () => {
    const before = (await auditRecords('verify.call')).length;
    const answer = await post(path(COUNTIES), { records: [{ key: { code: '110101' } }] });
    expect(answer.status).toBe(401);
    expect((await auditRecords('verify.call')).length).toBe(before);
  });
});

describe('POST /api/v1/verify/{code} with bad input', () => {
  const refusals: {
    name: string;
    agency: string;
    role?: Role;
    code?: string;
    records: unknown[];
    status: number;
    fields: string[];
    message?: string;
    outcome: 'failed' | 'denied';
  }[] = [
    {
      name: 'a record without its key field',
      agency: 'zj-market',
      records: [{ key: { code: '110101' } }, { key: {}, fields: { name: '东城区' } }],
      status: 400,
      fields: ['records.1.key.code'],
      outcome: 'failed',
    },
    {
      name: 'a batch of 1,001 records',
      agency: 'zj-market',
      records: Array.from({ length: 1001 }, () => ({ key: { code: '110101' } })),
      status: 400,
      fields: ['records'],
      outcome: 'failed',
    },
    {
      name: 'an empty batch',
      agency: 'zj-market',
      records: [],
      status: 400,
      fields: ['records'],
      outcome: 'failed',
    },
    {
      name: 'a key field the entry does not declare',
      agency: 'zj-market',
      records: [{ key: { code: '110101', name: '东城区' } }],
      status: 400,
      fields: ['records.0.key.name'],
      outcome: 'failed',
    },
    {
      name: 'a field that may not be verified',
      agency: 'zj-market',
      records: [{ key: { code: '110101' }, fields: { population: '1' } }],
      status: 400,
      fields: ['records.0.fields.population'],
      outcome: 'failed',
    },
    {
      name: 'a verifiable field the grant does not include',
      agency: 'gd-market',
      records: [{ key: { code: '110101' }, fields: { cityCode: '1101' } }],
      status: 400,
      fields: ['records.0.fields.cityCode'],
      outcome: 'failed',
    },
    {
      name: 'an agency without a grant',
      agency: 'hb-market',
      records: [{ key: { code: '110101' } }],
      status: 403,
      fields: ['code'],
      message: 'has no grant for the verification service',
      outcome: 'denied',
    },
    {
      name: 'a grant of the data used for verification',
      agency: 'sh-data',
      records: [{ key: { code: '110101' } }],
      status: 403,
      fields: ['code'],
      message: 'is for its data, not for its verification service',
      outcome: 'denied',
    },
    {
      name: 'a provider rather than a consumer',
      agency: 'zj-market',
      role: 'provider',
      records: [{ key: { code: '110101' } }],
      status: 403,
      fields: [],
      outcome: 'denied',
    },
    {
      name: 'an entry that offers no verification',
      agency: 'zj-market',
      code: PLAIN,
      records: [{ key: { code: '110101' } }],
      status: 404,
      fields: ['code'],
      message: 'offers no verification service',
      outcome: 'failed',
    },
    {
      name: 'an unknown entry',
      agency: 'zj-market',
      code: '103/999999',
      records: [{ key: { code: '110101' } }],
      status: 404,
      fields: ['code'],
      outcome: 'failed',
    },
  ];

  beforeAll(async () => {
    await grantFor('gd-market', ['code', 'name']);
    await grantFor('sh-data', ['code', 'name'], 'data');
  });

  for (const refusal of refusals)
    it(`refuses ${refusal.name} with a ${refusal.status}, audited, changing nothing`, async () => {
      const code = refusal.code ?? COUNTIES;
      const token = await tokenFor(refusal.agency, refusal.role);
      const audited = (await auditRecords('verify.call')).length;
      const before = await fingerprintBesidesAudit();
      const answer = await post(path(code), { records: refusal.records }, token);
      expect(answer.status, answer.text).toBe(refusal.status);
      const { error, errors } = failure(answer);
      expect(errors.flatMap((e) => (e.field ? [e.field] : []))).toEqual(refusal.fields);
      if (refusal.message) expect(error).toContain(refusal.message);
      expect(await fingerprintBesidesAudit()).toBe(before);
      const records = await auditRecords('verify.call');
      expect(records.length).toBe(audited + 1);
      expect(records.at(-1)).toMatchObject({
        subject: `dataset:${code}`,
        outcome: refusal.outcome,
        reason: error,
        actor: { agency: refusal.agency },
      });
    });

  it('refuses a revoked grant with a 403 saying so, and lists it as revoked', async () => {
    const request = await grantFor('sh-civil-affairs');
    const consumer = await tokenFor('sh-civil-affairs');
    const ok = await post(path(COUNTIES), { records: [{ key: { code: '110101' } }] }, consumer);
    expect(ok.status).toBe(200);
    const revoked = await post(
      `/api/v1/share-requests/${request.id}/revoke`,
      { reason: '核验用途已结束' },
      await tokenFor('nbs', 'provider'),
    );
    expect(revoked.status, revoked.text).toBe(200);

    const before = await fingerprintBesidesAudit();
    const answer = await post(path(COUNTIES), { records: [{ key: { code: '110101' } }] }, consumer);
    expect(answer.status).toBe(403);
    expect(failure(answer).error).toContain(`${request.grant!.id} for ${COUNTIES} was revoked`);
    expect(await fingerprintBesidesAudit()).toBe(before);
    expect((await auditRecords('verify.call')).at(-1)).toMatchObject({
      outcome: 'denied',
      details: { grant: request.grant!.id },
    });
    const list = await call(app, '/api/v1/verify', {
      headers: { Authorization: `Bearer ${consumer}` },
    });
    expect(success(list, VerifyServiceListSchema).data.services[0]).toMatchObject({
      grant: request.grant!.id,
      state: 'revoked',
    });
  });
});

describe('limits against enumeration', () => {
  it('refuses the third call of a grant within a minute with a 429, audited', async () => {
    await grantFor('js-rate');
    const token = await tokenFor('js-rate');
    const body = { records: [{ key: { code: '110101' } }] };
    expect((await post(path(COUNTIES), body, token, rateApp)).status).toBe(200);
    expect((await post(path(COUNTIES), body, token, rateApp)).status).toBe(200);
    const refused = await post(path(COUNTIES), body, token, rateApp);
    expect(refused.status).toBe(429);
    expect(failure(refused).error).toContain('2 verification calls a minute');
    expect((await auditRecords('verify.call')).at(-1)).toMatchObject({
      outcome: 'failed',
      actor: { agency: 'js-rate' },
    });
  });

  it('refuses a whole batch that passes the daily cap, leaving the ledger, and lets seen keys be asked again', async () => {
    const request = await grantFor('js-cap');
    const token = await tokenFor('js-cap');
    const ask = (codes: string[]) =>
      post(path(COUNTIES), { records: codes.map((code) => ({ key: { code } })) }, token, capApp);
    const seen = ['110101', '110102', '110105'];
    const first = success(await ask(seen), VerifyCallAnswerSchema).data;
    expect(first.distinctKeysLeftToday).toBe(2);

    const day = usageDay(NOW);
    const ledger = await storage.stores.verifyKeys.read(request.grant!.id, day);
    expect(ledger.hashes.size).toBe(3);
    const refused = await ask([...seen, '110106', '110107', '110108']);
    expect(refused.status).toBe(429);
    expect(failure(refused).error).toContain('3 keys not verified today');
    const after = await storage.stores.verifyKeys.read(request.grant!.id, day);
    expect(after).toEqual(ledger);
    expect((await auditRecords('verify.call')).at(-1)).toMatchObject({ outcome: 'failed' });

    const again = success(await ask([...seen].reverse()), VerifyCallAnswerSchema).data;
    expect(again.distinctKeysLeftToday).toBe(2);
    const last = success(await ask(['110106', '110107']), VerifyCallAnswerSchema).data;
    expect(last.distinctKeysLeftToday).toBe(0);
  });
});

describe('the registration-style demo (有条件共享)', () => {
  it('verifies public bodies by id once the request is accepted and approved, and never downloads', async () => {
    const consumer = await tokenFor('zj-market');
    const submitted = await post(
      '/api/v1/share-requests',
      {
        ...shareInput(BODIES_CODE, ['id', 'name', 'classification', 'url'], 'verify'),
        purpose: '核对外方来函中机构名称与网址',
      },
      consumer,
    );
    expect(submitted.status, submitted.text).toBe(201);
    const request = (submitted.body as { data: ShareRequest }).data;
    expect(request.state).toBe('submitted');
    const early = await post(
      path(BODIES_CODE),
      { records: [{ key: { id: 'de/bundesamt-fur-justiz' } }] },
      consumer,
    );
    expect(early.status).toBe(403);
    expect(failure(early).error).toContain('is submitted');

    const accepted = await post(
      `/api/v1/share-requests/${request.id}/accept`,
      {},
      await tokenFor('platform', 'reviewer'),
    );
    expect(accepted.status, accepted.text).toBe(200);
    const approved = await post(
      `/api/v1/share-requests/${request.id}/approve`,
      { fields: ['id', 'name', 'url'], expiresOn: request.input.period.to },
      await tokenFor('sh-foreign-affairs', 'provider'),
    );
    expect(approved.status, approved.text).toBe(200);

    const answer = await post(
      path(BODIES_CODE),
      {
        records: [
          {
            key: { id: 'de/bundesamt-fur-justiz' },
            fields: { name: 'Bundesamt für Justiz', url: 'http://www.bundesjustizamt.de' },
          },
          { key: { id: 'de/bundesamt-fur-migration-und-fluchtlinge' }, fields: { name: 'BAMF' } },
          { key: { id: 'de/bundeswehr-dienstleistungszentrum-munster' } },
        ],
      },
      consumer,
    );
    const { data } = success(answer, VerifyCallAnswerSchema);
    expect(data.answers).toEqual([
      { index: 0, result: 'match' },
      { index: 1, result: 'no-match', differing: ['name'] },
      { index: 2, result: 'ambiguous' },
    ]);
    expect(answer.text).not.toContain('Bundesamt für Migration');

    const view = await call(app, `/api/v1/share-requests/${request.id}`, {
      headers: { Authorization: `Bearer ${consumer}` },
    });
    expect(view.status, view.text).toBe(200);
    expect(
      (view.body as { data: { actions: string[] } }).data.actions,
      'the portal offers no download of a verification grant',
    ).not.toContain('extract');

    const before = await fingerprintBesidesAudit();
    const extract = await post(`/api/v1/share-requests/${request.id}/extract`, {}, consumer);
    expect(extract.status).toBe(403);
    expect(failure(extract).error).toContain('never gives out data');
    expect(await fingerprintBesidesAudit()).toBe(before);
    expect((await auditRecords('grant.download')).at(-1)).toMatchObject({
      subject: `share-request:${request.id}`,
      outcome: 'denied',
    });

    const classification = await post(
      path(BODIES_CODE),
      {
        records: [
          {
            key: { id: 'de/bundesamt-fur-justiz' },
            fields: { classification: 'Obere Bundesbehörde' },
          },
        ],
      },
      consumer,
    );
    expect(classification.status).toBe(400);
    expect(failure(classification).errors[0]!.field).toBe('records.0.fields.classification');
  });

  it('keeps a returned verification request to its service and its verifiable fields when resubmitted', async () => {
    const consumer = await tokenFor('zj-market');
    const input = shareInput(BODIES_CODE, ['id', 'name'], 'verify');
    const submitted = await post('/api/v1/share-requests', input, consumer);
    expect(submitted.status, submitted.text).toBe(201);
    const request = (submitted.body as { data: ShareRequest }).data;
    const returned = await post(
      `/api/v1/share-requests/${request.id}/return`,
      { reason: '请说明核验用途' },
      await tokenFor('platform', 'reviewer'),
    );
    expect(returned.status, returned.text).toBe(200);
    const resubmit = (body: unknown) =>
      post(`/api/v1/share-requests/${request.id}/resubmit`, { input: body }, consumer);

    const asData = await resubmit({ ...input, service: undefined });
    expect(asData.status).toBe(400);
    expect(failure(asData).errors[0]!.field).toBe('service');
    const contact = await resubmit({ ...input, fields: ['id', 'email'] });
    expect(contact.status).toBe(400);
    expect(failure(contact).errors[0]!.field).toBe('fields.1');
    expect(
      (await storage.stores.shareRequests.get(request.id))!.state,
      'refused resubmissions change nothing',
    ).toBe('returned');

    const corrected = await resubmit({ ...input, purpose: '核对外方来函中的机构名称' });
    expect(corrected.status, corrected.text).toBe(200);
    expect((corrected.body as { data: ShareRequest }).data).toMatchObject({
      state: 'submitted',
      input: { service: 'verify', fields: ['id', 'name'] },
    });
  });
});
