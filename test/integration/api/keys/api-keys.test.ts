import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createStores } from '../../../../functions/src/adapters/index.ts';
import { apiKeyHash } from '../../../../functions/src/core/access/api-key.ts';
import { issueApiKey } from '../../../../functions/src/services/access/issue-api-key.ts';
import { KeyCreatedSchema } from '../../../../functions/src/api/routes/key-create.ts';
import { KeyShowSchema } from '../../../../functions/src/api/routes/key-show.ts';
import { okEnvelopeSchema } from '../../../../functions/src/api/envelope.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { apiOver, failure, publishedStorage, success } from '../api-under-test.ts';
import { accessApi, callFrom, limits, signUpRequest, testClock } from './access-under-test.ts';

let storage: TestStorage;
beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
});
afterAll(() => storage?.stop());

const ADA = { name: 'Ada Lovelace', email: 'ada@example.org', purpose: 'teaching statistics' };

async function signUp(app: ReturnType<typeof accessApi>['app'], ip = '198.51.100.1') {
  const answer = await callFrom(app, ip, '/api/v1/keys', signUpRequest(ADA));
  expect(answer.status, answer.text).toBe(201);
  return okEnvelopeSchema(KeyCreatedSchema).strict().parse(answer.body).data;
}

describe('POST /api/v1/keys', () => {
  it('issues a key shown once, and stores its hash, never the secret', async () => {
    const { app } = accessApi(storage);
    const created = await signUp(app);
    expect(created.key).toMatch(/^drk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ ...ADA, requestsPerMinute: 1000 });
    const { Items = [] } = await storage.clients.dynamodb.send(
      new ScanCommand({ TableName: storage.config.tables.apiKeys }),
    );
    const stored = Items.find((item) => item.id === created.id);
    expect(stored).toMatchObject({
      hash: apiKeyHash(created.key),
      status: 'active',
      email: ADA.email,
    });
    for (const table of Object.values(storage.config.tables)) {
      const scan = await storage.clients.dynamodb.send(new ScanCommand({ TableName: table }));
      expect(JSON.stringify(scan.Items), table).not.toContain(created.key);
    }
  });

  it('answers a 400 naming each field that is missing, malformed or not the developer’s to choose', async () => {
    const { app } = accessApi(storage);
    const error = failure(
      await callFrom(
        app,
        '198.51.100.2',
        '/api/v1/keys',
        signUpRequest({ email: 'nope', agency: 'nbs' }),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.errors.map((e) => e.field).sort()).toEqual(['agency', 'email', 'name']);
    const notJson = await callFrom(app, '198.51.100.2', '/api/v1/keys', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(failure(notJson)).toMatchObject({ status: 400, error: 'the body is not valid JSON' });
  });

  it('limits sign-ups per address, attempts included, and says when to come back', async () => {
    const { app } = accessApi(storage, { limits: { signUpsPerHour: 2 }, now: testClock().now });
    await signUp(app, '198.51.100.3');
    expect(
      (await callFrom(app, '198.51.100.3', '/api/v1/keys', signUpRequest({ name: 'x' }))).status,
    ).toBe(400);
    const refused = await callFrom(app, '198.51.100.3', '/api/v1/keys', signUpRequest(ADA));
    expect(failure(refused)).toMatchObject({ status: 429, errors: [{ code: 'rate-limited' }] });
    expect(failure(refused).error).toContain('sign-ups are limited to 2 per hour');
    expect(limits(refused)).toMatchObject({ limit: 2, remaining: 0 });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(60);
    // Other addresses, and other routes from the same address, are not affected.
    await signUp(app, '198.51.100.4');
    expect((await callFrom(app, '198.51.100.3', '/api/v1/stats')).status).toBe(200);
  });
});

describe('X-API-Key', () => {
  it('identifies the caller: /keys/me answers the key’s owner, limit and usage', async () => {
    const { app } = accessApi(storage);
    const created = await signUp(app);
    const answer = await callFrom(app, '198.51.100.9', '/api/v1/keys/me', {
      headers: { 'X-API-Key': created.key },
    });
    const { data } = success(answer, KeyShowSchema);
    expect(data).toMatchObject({
      id: created.id,
      ...ADA,
      status: 'active',
      requestsPerMinute: 1000,
    });
    expect(data).not.toHaveProperty('hash');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(limits(answer)).toMatchObject({ limit: 1000, remaining: 999 });
  });

  it('answers 401 for a malformed key on any route, rather than serving it anonymously', async () => {
    const { app } = accessApi(storage);
    for (const value of ['', 'drk_too-short', 'Bearer something', `drk_${'A'.repeat(43)}x`]) {
      const answer = await callFrom(app, '198.51.100.10', '/api/v1/stats', {
        headers: { 'X-API-Key': value },
      });
      expect(failure(answer), JSON.stringify(value)).toMatchObject({
        status: 401,
        errors: [{ code: 'unauthorized', field: 'X-API-Key' }],
      });
      expect(limits(answer).limit).toBe(60);
    }
  });

  it('answers 401 for a well-formed key nobody issued', async () => {
    const { app } = accessApi(storage);
    const answer = await callFrom(app, '198.51.100.11', '/api/v1/datasets', {
      headers: { 'X-API-Key': `drk_${'B'.repeat(43)}` },
    });
    expect(failure(answer)).toMatchObject({
      status: 401,
      error: expect.stringContaining('not known'),
    });
  });

  it('answers 401 for a revoked key, once the instance’s short cache of it has run out', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { keyCacheSeconds: 30, now: clock.now });
    const created = await signUp(app);
    const me = () =>
      callFrom(app, '198.51.100.12', '/api/v1/keys/me', { headers: { 'X-API-Key': created.key } });
    expect((await me()).status).toBe(200);
    await storage.stores.apiKeys.revoke(created.id, new Date(clock.ms).toISOString());
    expect((await me()).status).toBe(200);
    clock.advance(30_000);
    const refused = failure(await me());
    expect(refused).toMatchObject({ status: 401, errors: [{ field: 'X-API-Key' }] });
    expect(refused.error).toContain(`${created.id} was revoked on 2026-05-01`);
  });

  it('answers 401 on /keys/me without a key', async () => {
    const { app } = accessApi(storage);
    const answer = await callFrom(app, '198.51.100.13', '/api/v1/keys/me');
    expect(failure(answer)).toMatchObject({ status: 401, errors: [{ code: 'unauthorized' }] });
    expect(limits(answer).remaining).toBe(59);
  });

  it('answers 503 when keys cannot be checked, and still serves callers without one', async () => {
    const broken = createStores(
      { ...storage.config, tables: { ...storage.config.tables, apiKeys: 'no-such-table' } },
      storage.clients,
    );
    const { app, warnings } = accessApi(storage, { stores: broken });
    const answer = await callFrom(app, '198.51.100.14', '/api/v1/stats', {
      headers: { 'X-API-Key': `drk_${'C'.repeat(43)}` },
    });
    expect(failure(answer)).toMatchObject({ status: 503, errors: [{ code: 'storage' }] });
    expect(limits(answer).limit).toBe(60);
    expect(warnings.join('\n')).toContain('API keys cannot be checked');
    expect((await callFrom(app, '198.51.100.14', '/api/v1/stats')).status).toBe(200);
  });

  it('lets a key an operator bound to an agency download that agency’s shared data', async () => {
    const { app } = accessApi(storage);
    const { secret } = await issueApiKey(storage.stores.apiKeys, ADA, { agency: 'nbs' });
    const url = '/api/v1/datasets/103-000005/download';
    const granted = await callFrom(app, '198.51.100.15', url, { headers: { 'X-API-Key': secret } });
    expect(granted.status, granted.text).toBe(302);
    expect(granted.headers.get('location')).toMatch(/X-Amz-Signature=/);
    expect((await callFrom(app, '198.51.100.15', url)).status).toBe(404);
    const me = success(
      await callFrom(app, '198.51.100.15', '/api/v1/keys/me', { headers: { 'X-API-Key': secret } }),
      KeyShowSchema,
    );
    expect(me.data.agency).toBe('nbs');
  });
});

describe('an app built without access control', () => {
  it('answers key routes with 503 and /keys/me with 401, and sets no rate-limit headers', async () => {
    const app = apiOver(storage);
    const signUpAnswer = await callFrom(app, '198.51.100.16', '/api/v1/keys', signUpRequest(ADA));
    expect(failure(signUpAnswer).status).toBe(503);
    expect((await callFrom(app, '198.51.100.16', '/api/v1/keys/me')).status).toBe(401);
    expect(signUpAnswer.headers.get('X-RateLimit-Limit')).toBeNull();
  });
});
