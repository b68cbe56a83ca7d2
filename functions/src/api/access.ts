import type { MiddlewareHandler } from 'hono';
import type { Stores } from '../adapters/index.ts';
import type { ApiKeyRecord, KeySignup } from '../core/access/api-key.ts';
import { DEFAULT_RATE_LIMITS, RateLimitSettingsSchema } from '../core/access/rate-limit.ts';
import type { RateLimitSettings } from '../core/access/rate-limit.ts';
import { summarizeUsage, usageDay } from '../core/access/usage.ts';
import type { UsageSummary } from '../core/access/usage.ts';
import { DatarunError, problem } from '../core/errors.ts';
import { issueApiKey } from '../services/access/issue-api-key.ts';
import { accessMiddleware } from './access-middleware.ts';
import { KeyLookup } from './key-lookup.ts';
import type { ApiRoute } from './route.ts';
import { UsageRecorder } from './usage-recorder.ts';

/** What the API needs to know callers, limit them and count what they use. */
export type AccessDeps = {
  stores: Pick<Stores, 'apiKeys' | 'rateCounter' | 'usage'>;
  /** @default DEFAULT_RATE_LIMITS: 60 a minute without a key, 1,000 with one, 5 sign-ups an hour */
  limits?: Partial<RateLimitSettings>;
  /** How long an instance trusts a key it has read; a revocation takes this long. @default 30 */
  keyCacheSeconds?: number;
  /** The least time between two writes of usage counts. @default 5 */
  usageFlushSeconds?: number;
  /** @default Date.now */
  now?: () => number;
  /** Where storage trouble that must not fail a request is reported. @default console.warn */
  warn?: (message: string) => void;
};

/** What routes may do about keys and usage. */
export type RouteAccess = {
  limits: RateLimitSettings;
  /** Issues a key to a developer; the secret is in the answer and nowhere else. */
  signUp(signup: KeySignup): Promise<{ record: ApiKeyRecord; secret: string }>;
  key(id: string): Promise<ApiKeyRecord | undefined>;
  /** The usage of a dataset or key (`usageSubject`), as of today. */
  usage(subject: string): Promise<UsageSummary>;
};

/** The parts of access control the app wires in: a middleware for `/api/*`, and the routes' side. */
export type Access = {
  middleware(routes: readonly ApiRoute[]): MiddlewareHandler;
  routes: RouteAccess;
};

/** Builds access control over the key, counter and usage stores. */
export function createAccess(deps: AccessDeps): Access {
  const now = deps.now ?? Date.now;
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  const limits = RateLimitSettingsSchema.parse(deps.limits ?? {});
  const lookup = new KeyLookup(deps.stores.apiKeys, {
    cacheMs: (deps.keyCacheSeconds ?? 30) * 1000,
    now,
  });
  const recorder = new UsageRecorder(deps.stores.usage, {
    flushEveryMs: (deps.usageFlushSeconds ?? 5) * 1000,
    now,
    warn,
  });
  return {
    middleware: (routes) =>
      accessMiddleware({
        routes,
        limits,
        lookup,
        counter: deps.stores.rateCounter,
        recorder,
        now,
        warn,
      }),
    routes: {
      limits,
      signUp: (signup) => issueApiKey(deps.stores.apiKeys, signup, { now: () => new Date(now()) }),
      key: (id) => deps.stores.apiKeys.get(id),
      async usage(subject) {
        const days = await deps.stores.usage.days(subject).catch((error: unknown) => {
          warn(`usage of ${subject} could not be read: ${(error as Error).message}`);
          throw new DatarunError(
            problem('storage', 'usage figures cannot be read right now; try again shortly'),
          );
        });
        return summarizeUsage(days, usageDay(now()));
      },
    },
  };
}

const unavailable = async (): Promise<never> => {
  throw new DatarunError(
    problem('storage', 'this server runs without API keys and usage counting'),
  );
};

/** The routes' side of access when the app was built without it: every use answers 503. */
export const ACCESS_UNAVAILABLE: RouteAccess = {
  limits: DEFAULT_RATE_LIMITS,
  signUp: unavailable,
  key: unavailable,
  usage: unavailable,
};
