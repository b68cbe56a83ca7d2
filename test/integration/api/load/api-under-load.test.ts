import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { createApi } from '../../../../functions/src/api/app.ts';
import { DEMO_DATA } from '../../../support/catalog-folder.ts';
import type { TestStorage } from '../../../support/storage.ts';
import { publishedStorage } from '../api-under-test.ts';

let storage: TestStorage;
let server: ReturnType<typeof serve>;
let origin: string;

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  // Default limits: 60 a minute from one address, so nearly every answer is a deliberate 429.
  const app = createApi({ stores: storage.stores, access: { stores: storage.stores } });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await storage?.stop();
});

describe('the API under 200 concurrent clients', () => {
  it('answers every request, with nothing but successes and deliberate 429s, and keeps answering', async () => {
    // The full 30 s run is `npm run bench` (bench/api-load.ts); here a short one guards the behaviour.
    const result = await autocannon({
      url: origin,
      connections: 200,
      duration: 5,
      requests: [
        { path: '/api/v1/datasets?q=%E4%BA%BA%E5%8F%A3' },
        { path: '/api/v1/datasets/103-000004/rows?limit=100&sort=-code' },
        { path: '/api/v1/datasets/103-000002/download' },
        { path: '/api/3/action/package_search?q=%E4%BA%BA%E5%8F%A3' },
      ],
    });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.requests.total).toBeGreaterThan(200);
    const statuses = Object.keys(result.statusCodeStats).map(Number);
    expect(
      statuses.every((status) => [200, 302, 429].includes(status)),
      String(statuses),
    ).toBe(true);
    expect(statuses).toContain(429);
    const after = await fetch(`${origin}/api/v1/stats`);
    expect([200, 429]).toContain(after.status);
    expect(after.headers.get('x-ratelimit-limit')).toBe('60');
  }, 60_000);
});
