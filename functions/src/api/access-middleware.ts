import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { IncomingMessage } from 'node:http';
import { readPresentedKey } from '../core/access/api-key.ts';
import { clientAddress, rateAddress } from '../core/access/client-address.ts';
import type { Transport } from '../core/access/client-address.ts';
import {
  counterFor,
  exceededMessage,
  limitState,
  limitsFor,
  rateLimitHeaders,
  reportedState,
  uncountedState,
} from '../core/access/rate-limit.ts';
import type { LimitRule, LimitState, RateLimitSettings } from '../core/access/rate-limit.ts';
import { usageOf } from '../core/access/usage.ts';
import { problem } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import type { RateCounter } from '../core/ports/rate-counter.ts';
import type { Caller } from './caller.ts';
import { codeOf } from './dataset-views.ts';
import { fail } from './envelope.ts';
import type { KeyLookup } from './key-lookup.ts';
import type { ApiRoute } from './route.ts';
import type { UsageRecorder } from './usage-recorder.ts';

/** The route that issues keys, whose requests also count against the sign-up limit. */
export const SIGN_UP_OPERATION = 'key_create';

/** Storage warnings are logged at most this often per instance, so an outage cannot flood logs. */
const WARN_EVERY_MS = 60_000;

export type AccessMiddlewareDeps = {
  routes: readonly ApiRoute[];
  limits: RateLimitSettings;
  lookup: KeyLookup;
  counter: RateCounter;
  recorder: UsageRecorder;
  now: () => number;
  warn: (message: string) => void;
};

/**
 * Knows the caller, limits the rate, and counts usage, for every request under `/api/`:
 * 1. the caller: the client address from the transport, and the key of `X-API-Key` if any;
 * 2. the limit: one atomic count per request (two for a sign-up); over it, a 429;
 * 3. a malformed, unknown or revoked key: a 401 (counted against the address first);
 * 4. after the route: the `X-RateLimit-*` headers on whatever the answer is, and the usage.
 * A counter store that fails lets requests through (logged); a key store that fails answers 503.
 */
export function accessMiddleware(deps: AccessMiddlewareDeps): MiddlewareHandler {
  const routeByPath = new Map(
    deps.routes.map((route) => [
      `${route.method.toUpperCase()} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`,
      route,
    ]),
  );
  const signUp = deps.routes.find((route) => route.operationId === SIGN_UP_OPERATION);
  const warnedAt = new Map<'counter' | 'keys', number>();
  const warnSometimes = (kind: 'counter' | 'keys', message: string) => {
    if (deps.now() - (warnedAt.get(kind) ?? -Infinity) < WARN_EVERY_MS) return;
    warnedAt.set(kind, deps.now());
    deps.warn(message);
  };

  const count = async (rule: LimitRule, nowMs: number): Promise<LimitState> => {
    const counter = counterFor(rule, nowMs);
    try {
      return limitState(rule, await deps.counter.increment(counter.id, counter.expiresAt), nowMs);
    } catch (error) {
      warnSometimes(
        'counter',
        `rate limits are not enforced: the counter store failed (${(error as Error).message})`,
      );
      return uncountedState(rule, nowMs);
    }
  };

  return async (c, next) => {
    const nowMs = deps.now();
    const ip = clientAddress(transportOf(c));
    const presented = readPresentedKey(c.req.header('X-API-Key'));
    let refusal: { status: 401 | 503; problem: Problem } | undefined;
    let caller: Caller = { ip };
    if (presented.kind === 'malformed') refusal = unauthorized(presented.reason);
    if (presented.kind === 'key') {
      const check = await deps.lookup.check(presented);
      if (check.kind === 'active')
        caller = {
          ip,
          key: { id: check.record.id, ...(check.record.agency && { agency: check.record.agency }) },
        };
      else if (check.kind === 'unknown')
        refusal = unauthorized(
          'the API key is not known: check that it was copied whole, or sign up for a new one',
        );
      else if (check.kind === 'revoked')
        refusal = unauthorized(
          `the API key ${check.record.id} was revoked${check.record.revokedAt ? ` on ${check.record.revokedAt.slice(0, 10)}` : ''}; sign up for a new one`,
        );
      else {
        warnSometimes('keys', `API keys cannot be checked: ${(check.error as Error).message}`);
        refusal = {
          status: 503,
          problem: problem(
            'storage',
            'API keys cannot be checked right now; try again shortly, or call without a key',
          ),
        };
      }
    }
    c.set('caller', caller);

    const rules = limitsFor(
      {
        rateAddress: rateAddress(ip),
        ...(caller.key && { keyId: caller.key.id }),
        signUp: signUp !== undefined && isRequestFor(c, signUp),
      },
      deps.limits,
    );
    const state = reportedState(await Promise.all(rules.map((rule) => count(rule, nowMs))));
    const headers = rateLimitHeaders(state);
    const setHeaders = () => {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
    };
    setHeaders();
    if (state.exceeded) {
      const message = exceededMessage(state);
      return fail(c, 429, message, [problem('rate-limited', message)]);
    }
    if (refusal) return fail(c, refusal.status, refusal.problem.message, [refusal.problem]);

    await next();
    // The route may have answered with a response of its own: the headers go on it too.
    setHeaders();
    const route = routeByPath.get(`${c.req.method} ${routePath(c)}`);
    const code = route && 'code' in route.params.shape ? c.req.param('code') : undefined;
    const usage = usageOf({
      method: c.req.method,
      status: c.res.status,
      ...(route && { operationId: route.operationId }),
      ...(code && { code: codeOf(code) }),
      ...(caller.key && { keyId: caller.key.id }),
    });
    if (usage) deps.recorder.count(usage.subjects, usage.kind);
    await deps.recorder.flushIfDue();
  };
}

function unauthorized(message: string) {
  return {
    status: 401 as const,
    problem: problem('unauthorized', message, { field: 'X-API-Key' }),
  };
}

function isRequestFor(c: Context, route: ApiRoute): boolean {
  return c.req.method === route.method.toUpperCase() && c.req.path === route.path;
}

type Bindings = {
  /** Set by Hono's AWS Lambda adapter from the API Gateway event. */
  requestContext?: { http?: { sourceIp?: string } };
  /** Set by @hono/node-server, directly or under `server` when passed along by another app. */
  incoming?: IncomingMessage;
  server?: { incoming?: IncomingMessage };
};

/** What the transport the request came through tells about the client. */
export function transportOf(c: Context): Transport {
  const env = c.env as Bindings | undefined;
  if (env?.requestContext)
    return {
      kind: 'lambda',
      sourceIp: env.requestContext.http?.sourceIp,
      viewerAddress: c.req.header('CloudFront-Viewer-Address'),
    };
  const incoming = env?.incoming ?? env?.server?.incoming;
  if (incoming) return { kind: 'socket', remoteAddress: incoming.socket?.remoteAddress };
  return { kind: 'none' };
}
