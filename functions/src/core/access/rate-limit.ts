import * as z from 'zod';

/** How many requests a caller may make; each limit counts in fixed windows. */
export const RateLimitSettingsSchema = z.strictObject({
  /** Requests per minute from one address (IPv6: one /64) without a key. */
  anonymousPerMinute: z.number().int().positive().default(60),
  /** Requests per minute with one API key, from anywhere. */
  keyPerMinute: z.number().int().positive().default(1000),
  /** Sign-up attempts (`POST /api/v1/keys`) per hour from one address. */
  signUpsPerHour: z.number().int().positive().default(5),
});
export type RateLimitSettings = z.infer<typeof RateLimitSettingsSchema>;

export const DEFAULT_RATE_LIMITS: RateLimitSettings = RateLimitSettingsSchema.parse({});

/** One limit that applies to a request: who is counted, how many, over which window. */
export type LimitRule = {
  name: 'requests' | 'sign-ups';
  /** What is counted: `ip:…` or `key:…`. */
  subject: string;
  limit: number;
  windowSeconds: number;
};

/** Who a request comes from, as far as limits care, and whether it signs up for a key. */
export type LimitedRequest = { rateAddress: string; keyId?: string; signUp: boolean };

/**
 * The limits a request counts against: every request against its key's limit, or without a
 * key against its address's; a sign-up also against the address's sign-up limit, key or not,
 * so that keys cannot be minted without end.
 */
export function limitsFor(request: LimitedRequest, settings: RateLimitSettings): LimitRule[] {
  const rules: LimitRule[] = [
    request.keyId
      ? {
          name: 'requests',
          subject: `key:${request.keyId}`,
          limit: settings.keyPerMinute,
          windowSeconds: 60,
        }
      : {
          name: 'requests',
          subject: `ip:${request.rateAddress}`,
          limit: settings.anonymousPerMinute,
          windowSeconds: 60,
        },
  ];
  if (request.signUp)
    rules.push({
      name: 'sign-ups',
      subject: `ip:${request.rateAddress}`,
      limit: settings.signUpsPerHour,
      windowSeconds: 3600,
    });
  return rules;
}

/** The fixed window `nowMs` falls in, in epoch seconds: `[start, end)`. */
export function windowAt(nowMs: number, windowSeconds: number): { start: number; end: number } {
  const start = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  return { start, end: start + windowSeconds };
}

/**
 * The counter a rule uses in the window of `nowMs`, and when storage may forget it: one
 * window after it ends, so a clock a little behind never reads a deleted count.
 */
export function counterFor(rule: LimitRule, nowMs: number): { id: string; expiresAt: number } {
  const { start, end } = windowAt(nowMs, rule.windowSeconds);
  return {
    id: `${rule.name}#${rule.subject}#${rule.windowSeconds}#${start}`,
    expiresAt: end + rule.windowSeconds,
  };
}

/** Where a caller stands against one limit after this request. */
export type LimitState = {
  rule: LimitRule;
  limit: number;
  remaining: number;
  /** Whole seconds until the window ends and the count starts again; at least 1. */
  resetSeconds: number;
  exceeded: boolean;
};

/** The state of a limit once the request was counted as number `count` of its window. */
export function limitState(rule: LimitRule, count: number, nowMs: number): LimitState {
  const { end } = windowAt(nowMs, rule.windowSeconds);
  return {
    rule,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetSeconds: Math.max(1, Math.ceil((end * 1000 - nowMs) / 1000)),
    exceeded: count > rule.limit,
  };
}

/** The state when the count could not be read: the request goes through, nothing is known. */
export function uncountedState(rule: LimitRule, nowMs: number): LimitState {
  return { ...limitState(rule, 0, nowMs), remaining: rule.limit };
}

/**
 * The one state the `X-RateLimit-*` headers report: an exceeded limit first (the one that
 * lasts longest, which is when the caller may try again), else the one with the fewest
 * requests left, the per-request limit winning ties.
 */
export function reportedState(states: readonly LimitState[]): LimitState {
  if (states.length === 0) throw new RangeError('no limit state to report');
  const exceeded = states.filter((s) => s.exceeded);
  if (exceeded.length > 0)
    return exceeded.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
  return states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}

/** The response headers of a limit state; `Retry-After` only when the request was refused. */
export function rateLimitHeaders(state: LimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.resetSeconds),
    ...(state.exceeded && { 'Retry-After': String(state.resetSeconds) }),
  };
}

/** The message of a 429, saying which limit and when to come back. */
export function exceededMessage(state: LimitState): string {
  const { rule } = state;
  const per = rule.windowSeconds === 3600 ? 'hour' : 'minute';
  const who =
    rule.name === 'sign-ups'
      ? `sign-ups are limited to ${rule.limit} per ${per} from one address`
      : rule.subject.startsWith('key:')
        ? `this API key may make ${rule.limit} requests per ${per}`
        : `requests without an API key are limited to ${rule.limit} per ${per} from one address; an API key (POST /api/v1/keys) allows more`;
  return `rate limit exceeded: ${who}; try again in ${state.resetSeconds} s`;
}
