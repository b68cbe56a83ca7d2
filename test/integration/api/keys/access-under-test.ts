import type { Hono } from 'hono';
import type { ApiDeps } from '../../../../functions/src/api/app.ts';
import type { AccessDeps } from '../../../../functions/src/api/access.ts';
import { apiOver } from '../api-under-test.ts';
import type { Answer } from '../api-under-test.ts';
import type { TestStorage } from '../../../support/storage.ts';

/** A clock the test moves; starts 10 s into a minute, so one test never crosses a window. */
export function testClock(startMs = Date.UTC(2026, 4, 1, 2, 0, 10)) {
  const clock = { ms: startMs, now: () => clock.ms, advance: (ms: number) => (clock.ms += ms) };
  return clock;
}

/** Warnings the access layer logged instead of failing a request. */
export type Warnings = string[];

/** The API with access control over the test storage, its clock and its warnings. */
export function accessApi(
  storage: TestStorage,
  options: Omit<AccessDeps, 'stores'> & { stores?: AccessDeps['stores'] } = {},
  extra: Pick<ApiDeps, 'sharing'> = {},
): { app: Hono; warnings: Warnings } {
  const warnings: Warnings = [];
  const app = apiOver(storage, {
    ...extra,
    access: {
      stores: storage.stores,
      keyCacheSeconds: 0,
      usageFlushSeconds: 0,
      warn: (message) => warnings.push(message),
      ...options,
    },
  });
  return { app, warnings };
}

/** Calls the app as API Gateway does for a client at `ip` (behind CloudFront when `viaCdn`). */
export async function callFrom(
  app: Hono,
  ip: string,
  url: string,
  init: RequestInit = {},
  viaCdn = false,
): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (viaCdn) headers.set('CloudFront-Viewer-Address', `${ip}:51234`);
  const env = { requestContext: { http: { sourceIp: viaCdn ? '130.176.1.1' : ip } } };
  const response = await app.request(url, { ...init, headers }, env);
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json && text ? JSON.parse(text) : undefined,
  };
}

/** The body of a sign-up request. */
export function signUpRequest(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** The rate-limit headers of an answer, as numbers (NaN when missing). */
export function limits(answer: Answer) {
  const read = (name: string) => Number(answer.headers.get(name) ?? NaN);
  return {
    limit: read('X-RateLimit-Limit'),
    remaining: read('X-RateLimit-Remaining'),
    reset: read('X-RateLimit-Reset'),
    retryAfter: answer.headers.get('Retry-After'),
  };
}
