import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RATE_LIMITS,
  counterFor,
  exceededMessage,
  limitState,
  limitsFor,
  rateLimitHeaders,
  reportedState,
  uncountedState,
  windowAt,
} from '../../../functions/src/core/access/rate-limit.ts';
import type { LimitRule } from '../../../functions/src/core/access/rate-limit.ts';

const MINUTE: LimitRule = {
  name: 'requests',
  subject: 'ip:203.0.113.9',
  limit: 3,
  windowSeconds: 60,
};
const HOUR: LimitRule = {
  name: 'sign-ups',
  subject: 'ip:203.0.113.9',
  limit: 5,
  windowSeconds: 3600,
};
/** 2026-01-01T00:00:00Z, a whole minute and hour. */
const T0 = Date.UTC(2026, 0, 1);

describe('limitsFor', () => {
  it('counts a request without a key against its address at the anonymous rate', () => {
    expect(limitsFor({ rateAddress: '203.0.113.9', signUp: false }, DEFAULT_RATE_LIMITS)).toEqual([
      { name: 'requests', subject: 'ip:203.0.113.9', limit: 60, windowSeconds: 60 },
    ]);
  });

  it('counts a request with a key against the key, wherever it comes from', () => {
    const [rule] = limitsFor(
      { rateAddress: '203.0.113.9', keyId: 'key_0123456789abcdef', signUp: false },
      DEFAULT_RATE_LIMITS,
    );
    expect(rule).toEqual({
      name: 'requests',
      subject: 'key:key_0123456789abcdef',
      limit: 1000,
      windowSeconds: 60,
    });
  });

  it('also counts a sign-up against the address per hour, with a key or without', () => {
    for (const keyId of [undefined, 'key_0123456789abcdef']) {
      const rules = limitsFor(
        { rateAddress: '203.0.113.9', ...(keyId && { keyId }), signUp: true },
        { ...DEFAULT_RATE_LIMITS, signUpsPerHour: 2 },
      );
      expect(rules[1]).toEqual({
        name: 'sign-ups',
        subject: 'ip:203.0.113.9',
        limit: 2,
        windowSeconds: 3600,
      });
    }
  });
});

describe('windowAt', () => {
  it('puts the first and the last millisecond of a minute in the same window, and the next one in the next', () => {
    expect(windowAt(T0, 60)).toEqual({ start: T0 / 1000, end: T0 / 1000 + 60 });
    expect(windowAt(T0 + 59_999, 60)).toEqual({ start: T0 / 1000, end: T0 / 1000 + 60 });
    expect(windowAt(T0 + 60_000, 60)).toEqual({ start: T0 / 1000 + 60, end: T0 / 1000 + 120 });
    expect(windowAt(T0 - 1, 60)).toEqual({ start: T0 / 1000 - 60, end: T0 / 1000 });
  });

  it('always returns a window that holds the instant and is as long as asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(60, 3600), (ms, seconds) => {
        const { start, end } = windowAt(ms, seconds);
        return (
          start * 1000 <= ms && ms < end * 1000 && end - start === seconds && start % seconds === 0
        );
      }),
    );
  });
});

describe('counterFor', () => {
  it('names one counter per limit, subject and window, kept one window past its end', () => {
    expect(counterFor(MINUTE, T0 + 30_000)).toEqual({
      id: `requests#ip:203.0.113.9#60#${T0 / 1000}`,
      expiresAt: T0 / 1000 + 120,
    });
    expect(counterFor(MINUTE, T0 + 60_000).id).not.toBe(counterFor(MINUTE, T0 + 59_999).id);
    expect(counterFor(HOUR, T0).id).not.toBe(counterFor(MINUTE, T0).id);
  });
});

describe('limitState', () => {
  it('lets the request that reaches the limit through with nothing left, and refuses the next', () => {
    expect(limitState(MINUTE, 3, T0)).toMatchObject({ remaining: 0, exceeded: false });
    expect(limitState(MINUTE, 4, T0)).toMatchObject({ remaining: 0, exceeded: true });
    expect(limitState(MINUTE, 1, T0)).toMatchObject({ remaining: 2, exceeded: false, limit: 3 });
  });

  it('counts the reset in whole seconds to the end of the window, never 0', () => {
    expect(limitState(MINUTE, 1, T0).resetSeconds).toBe(60);
    expect(limitState(MINUTE, 1, T0 + 1).resetSeconds).toBe(60);
    expect(limitState(MINUTE, 1, T0 + 59_000).resetSeconds).toBe(1);
    expect(limitState(MINUTE, 1, T0 + 59_999).resetSeconds).toBe(1);
    expect(limitState(MINUTE, 1, T0 + 60_000).resetSeconds).toBe(60);
    expect(limitState(HOUR, 1, T0 + 1000).resetSeconds).toBe(3599);
  });

  it('never reports fewer than 0 or more than the limit remaining', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 4e12 }),
        (count, ms) => {
          const state = limitState(MINUTE, count, ms);
          return (
            state.remaining >= 0 &&
            state.remaining <= MINUTE.limit &&
            state.exceeded === count > MINUTE.limit &&
            state.resetSeconds >= 1 &&
            state.resetSeconds <= 60
          );
        },
      ),
    );
  });
});

describe('uncountedState', () => {
  it('lets the request through and claims nothing used when the count could not be read', () => {
    expect(uncountedState(MINUTE, T0 + 10_000)).toMatchObject({
      remaining: 3,
      exceeded: false,
      resetSeconds: 50,
    });
  });
});

describe('reportedState', () => {
  it('reports the limit with fewest requests left, the per-request one on a tie', () => {
    const requests = limitState({ ...MINUTE, limit: 10 }, 2, T0);
    const signUps = limitState(HOUR, 4, T0);
    expect(reportedState([requests, signUps])).toBe(signUps);
    const tied = limitState({ ...HOUR, limit: 9 }, 1, T0);
    expect(reportedState([requests, tied])).toBe(requests);
  });

  it('reports an exceeded limit over any other, the one that lasts longest if several', () => {
    const requests = limitState(MINUTE, 4, T0);
    const signUps = limitState(HOUR, 6, T0);
    expect(reportedState([requests, limitState(HOUR, 1, T0)])).toBe(requests);
    expect(reportedState([requests, signUps])).toBe(signUps);
  });
});

describe('rateLimitHeaders', () => {
  it('gives limit, remaining and reset, and Retry-After only when refused', () => {
    expect(rateLimitHeaders(limitState(MINUTE, 1, T0 + 15_000))).toEqual({
      'X-RateLimit-Limit': '3',
      'X-RateLimit-Remaining': '2',
      'X-RateLimit-Reset': '45',
    });
    expect(rateLimitHeaders(limitState(MINUTE, 4, T0 + 15_000))).toEqual({
      'X-RateLimit-Limit': '3',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '45',
      'Retry-After': '45',
    });
  });
});

describe('exceededMessage', () => {
  it('says which limit was hit and when to come back', () => {
    expect(exceededMessage(limitState(MINUTE, 4, T0))).toBe(
      'rate limit exceeded: requests without an API key are limited to 3 per minute from one address; an API key (POST /api/v1/keys) allows more; try again in 60 s',
    );
    expect(
      exceededMessage(limitState({ ...MINUTE, subject: 'key:key_0123456789abcdef' }, 4, T0)),
    ).toContain('this API key may make 3 requests per minute');
    expect(exceededMessage(limitState(HOUR, 6, T0))).toContain(
      'sign-ups are limited to 5 per hour from one address',
    );
  });
});
