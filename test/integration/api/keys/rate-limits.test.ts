import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createStores } from '../../../../functions/src/adapters/index.ts';
import { issueApiKey } from '../../../../functions/src/services/access/issue-api-key.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { failure, publishedStorage } from '../api-under-test.ts';
import { accessApi, callFrom, limits, signUpRequest, testClock } from './access-under-test.ts';

let storage: TestStorage;
beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
});
afterAll(() => storage?.stop());

const newKey = async () =>
  (await issueApiKey(storage.stores.apiKeys, { name: 'Lin', email: 'lin@example.org' })).secret;

describe('the X-RateLimit headers', () => {
  it('are on every answer: successes, 304, 400, 404 of unknown routes, 405, 401, and the sign-up 201', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { now: clock.now });
    const ip = '203.0.113.1';
    const stats = await callFrom(app, ip, '/api/v1/stats');
    const answers = [
      stats,
      await callFrom(app, ip, '/api/v1/stats', {
        headers: { 'If-None-Match': stats.headers.get('etag')! },
      }),
      await callFrom(app, ip, '/api/v1/datasets?limit=0'),
      await callFrom(app, ip, '/api/v1/no-such-route'),
      await callFrom(app, ip, '/api/v1/datasets', { method: 'DELETE' }),
      await callFrom(app, ip, '/api/v1/datasets/999-999999'),
      await callFrom(app, ip, '/api/v1/stats', { headers: { 'X-API-Key': 'nope' } }),
      await callFrom(
        app,
        ip,
        '/api/v1/keys',
        signUpRequest({ name: 'Lin', email: 'lin@example.org' }),
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 304, 400, 404, 405, 404, 401, 201]);
    expect(answers.slice(0, -1).map((a) => limits(a).remaining)).toEqual([
      59, 58, 57, 56, 55, 54, 53,
    ]);
    for (const answer of answers.slice(0, -1))
      expect(limits(answer)).toMatchObject({ limit: 60, reset: 50, retryAfter: null });
    // A sign-up reports the limit closest to running out: 5 sign-ups an hour.
    expect(limits(answers.at(-1)!)).toMatchObject({ limit: 5, remaining: 4, reset: 3590 });
    for (const answer of answers) {
      expect(answer.headers.get('access-control-expose-headers')).toMatch(
        /X-RateLimit-Remaining.*Retry-After/,
      );
    }
  });

  it('count down to 0 over a window, reset with it, and report the seconds left', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { limits: { anonymousPerMinute: 3 }, now: clock.now });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      seen.push(limits(await callFrom(app, '203.0.113.2', '/api/v1/agencies')));
      clock.advance(10_000);
    }
    expect(seen.map((s) => [s.remaining, s.reset])).toEqual([
      [2, 50],
      [1, 40],
      [0, 30],
    ]);
    clock.advance(30_000);
    expect(limits(await callFrom(app, '203.0.113.2', '/api/v1/agencies'))).toMatchObject({
      remaining: 2,
      reset: 50,
    });
  });

  it('let a browser send X-API-Key across origins', async () => {
    const { app } = accessApi(storage);
    const preflight = await callFrom(app, '203.0.113.3', '/api/v1/keys/me', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://notebook.example.org',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i);
  });
});

describe('the limits', () => {
  it('refuse an address past the anonymous limit with a 429 in the envelope and Retry-After', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, { limits: { anonymousPerMinute: 2 }, now: clock.now });
    await callFrom(app, '203.0.113.4', '/api/v1/stats');
    await callFrom(app, '203.0.113.4', '/api/v1/stats');
    const refused = await callFrom(app, '203.0.113.4', '/api/v1/datasets/103-000004');
    expect(failure(refused)).toMatchObject({ status: 429, errors: [{ code: 'rate-limited' }] });
    expect(failure(refused).error).toContain('an API key (POST /api/v1/keys) allows more');
    expect(limits(refused)).toEqual({ limit: 2, remaining: 0, reset: 50, retryAfter: '50' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    // Refused requests still count, so hammering does not shorten the wait.
    expect((await callFrom(app, '203.0.113.4', '/api/v1/stats')).status).toBe(429);
    clock.advance(50_000);
    expect((await callFrom(app, '203.0.113.4', '/api/v1/stats')).status).toBe(200);
  });

  it('count each address apart, and a key apart from the address it calls from', async () => {
    const clock = testClock();
    const { app } = accessApi(storage, {
      limits: { anonymousPerMinute: 1, keyPerMinute: 2 },
      now: clock.now,
    });
    const key = await newKey();
    const withKey = { headers: { 'X-API-Key': key } };
    expect((await callFrom(app, '203.0.113.5', '/api/v1/stats')).status).toBe(200);
    expect((await callFrom(app, '203.0.113.5', '/api/v1/stats')).status).toBe(429);
    expect((await callFrom(app, '203.0.113.6', '/api/v1/stats')).status).toBe(200);
    const keyed = await callFrom(app, '203.0.113.5', '/api/v1/stats', withKey);
    expect(keyed.status).toBe(200);
    expect(limits(keyed)).toMatchObject({ limit: 2, remaining: 1 });
    // The key's limit follows the key to any address, and runs out on its own.
    expect((await callFrom(app, '203.0.113.7', '/api/v1/stats', withKey)).status).toBe(200);
    const refused = await callFrom(app, '203.0.113.8', '/api/v1/stats', withKey);
    expect(failure(refused).error).toContain('this API key may make 2 requests per minute');
    expect((await callFrom(app, '203.0.113.8', '/api/v1/stats')).status).toBe(200);
  });

  it('count one IPv6 /64 as one address', async () => {
    const { app } = accessApi(storage, { limits: { anonymousPerMinute: 1 }, now: testClock().now });
    expect((await callFrom(app, '2001:db8:1:2::a', '/api/v1/stats')).status).toBe(200);
    expect((await callFrom(app, '2001:db8:1:2::b', '/api/v1/stats')).status).toBe(429);
    expect((await callFrom(app, '2001:db8:1:3::a', '/api/v1/stats')).status).toBe(200);
  });

  it('count the viewer behind CloudFront, not the edge that forwarded the request', async () => {
    const { app } = accessApi(storage, { limits: { anonymousPerMinute: 1 }, now: testClock().now });
    expect((await callFrom(app, '198.51.100.20', '/api/v1/stats', {}, true)).status).toBe(200);
    expect((await callFrom(app, '198.51.100.21', '/api/v1/stats', {}, true)).status).toBe(200);
    expect((await callFrom(app, '198.51.100.20', '/api/v1/stats', {}, true)).status).toBe(429);
  });

  it('hold across instances of the API, which share one counter in storage', async () => {
    const clock = testClock();
    const one = accessApi(storage, { limits: { anonymousPerMinute: 2 }, now: clock.now }).app;
    const two = accessApi(storage, { limits: { anonymousPerMinute: 2 }, now: clock.now }).app;
    expect((await callFrom(one, '203.0.113.9', '/api/v1/stats')).status).toBe(200);
    expect((await callFrom(two, '203.0.113.9', '/api/v1/stats')).status).toBe(200);
    expect((await callFrom(one, '203.0.113.9', '/api/v1/stats')).status).toBe(429);
  });

  it('let requests through, with a warning, when the counter store fails', async () => {
    const broken = createStores(
      { ...storage.config, tables: { ...storage.config.tables, rateCounters: 'no-such-table' } },
      storage.clients,
    );
    const { app, warnings } = accessApi(storage, {
      stores: broken,
      limits: { anonymousPerMinute: 1 },
      now: testClock().now,
    });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await callFrom(app, '203.0.113.10', '/api/v1/stats'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(limits(answers[2]!)).toMatchObject({ limit: 1, remaining: 1 });
    // Logged once, not once per request.
    expect(warnings).toEqual([expect.stringContaining('rate limits are not enforced')]);
  });
});

describe('the client address on the Node server', () => {
  /** A GET through a real socket from a loopback address of our choosing. */
  function getFrom(port: number, localAddress: string, headers: Record<string, string> = {}) {
    return new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/api/v1/stats', localAddress, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      })
        .on('error', reject)
        .end();
    });
  }

  it('is the socket’s peer: spoofed forwarding headers neither dodge nor move the limit', async () => {
    const { app } = accessApi(storage, { limits: { anonymousPerMinute: 1 }, now: testClock().now });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const spoof = (n: number) => ({
        'X-Forwarded-For': `10.0.0.${n}`,
        'X-Real-IP': `10.0.1.${n}`,
        'CloudFront-Viewer-Address': `10.0.2.${n}:443`,
      });
      expect(await getFrom(port, '127.0.0.2', spoof(1))).toBe(200);
      expect(await getFrom(port, '127.0.0.2', spoof(2))).toBe(429);
      expect(await getFrom(port, '127.0.0.3', spoof(1))).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
