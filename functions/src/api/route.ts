import type { Context } from 'hono';
import * as z from 'zod';
import { DatarunError, problem } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import type { LoadedCatalog } from './snapshot-cache.ts';
import type { ObjectStore } from '../core/ports/object-store.ts';
import { callerOf } from './caller.ts';
import type { Caller } from './caller.ts';
import type { RouteAccess } from './access.ts';
import type { Identity } from '../core/identity/identity.ts';
import type { AuditEntry } from '../core/audit/audit-record.ts';
import type { SharingDeps } from '../services/sharing/sharing-deps.ts';
import type { RouteAuth } from './auth.ts';
import type { FederationStore } from '../core/ports/federation-store.ts';
import type { CorrectionPublisher } from '../services/disputes/publish-correction.ts';
import type { DisputeDeps } from '../services/disputes/dispute-deps.ts';
import type { VerifyDeps } from '../services/verify/verify-deps.ts';
import type { DemandDeps } from '../services/demands/demand-deps.ts';
import type { InventoryDeps } from '../services/inventory/inventory-deps.ts';

/** What routes may use: the catalogs, the data zones, and the OpenAPI document of the API. */
export type RouteContext = {
  /** The public catalog: what anyone may see. */
  catalog(): Promise<LoadedCatalog>;
  /** The share catalog: every published entry; only for callers the route has checked. */
  shareCatalog(): Promise<LoadedCatalog>;
  objects: Pick<ObjectStore, 'head' | 'getText' | 'getStream' | 'presignGet'>;
  openapi(): { document: object; version: string };
  /** API keys and usage counts. */
  access: RouteAccess;
  /** Share requests, grants, notifications and the audit log; a 503 where not configured. */
  sharing(): SharingDeps;
  /** Catalogs harvested from other platforms; a 503 where not configured. */
  federation(): FederationStore;
  /** How people sign in, and the local issuer where there is one. */
  auth: RouteAuth;
  /** Appends to the audit log; where the app runs without one, writes the entry to the log. */
  record(entry: AuditEntry): Promise<void>;
  /** Publishes a provider's correction of disputed data; a 503 where not configured. */
  corrections(): CorrectionPublisher;
  /** Disputed-data reports and their verification; a 503 where not configured. */
  disputes(): DisputeDeps;
  /** The verification service (查询/核验); a 503 where not configured. */
  verify(): VerifyDeps;
  /** Demand and responsibility lists (需求清单 → 责任清单); a 503 where not configured. */
  demands(): DemandDeps;
  /** The information-system inventory (信息系统清单); a 503 where not configured. */
  inventory(): InventoryDeps;
};

/**
 * What a route answers. `version` is what the answer depends on besides its URL (ETag).
 * - data: the envelope (or the bare document for `document` routes);
 * - body: bytes in another format (NDJSON, CSV, GeoJSON), still with ETag and Cache-Control;
 * - redirect: a `302 Found` to where the bytes are, cached as the route says.
 */
export type RouteAnswer =
  | {
      data: unknown;
      next?: string;
      version: string;
      /** Overrides the route's status: a create that found its record already there answers 200. */
      status?: 200;
    }
  | { body: string; contentType: string; version: string; headers?: Record<string, string> }
  | { redirect: string; cache?: CachePolicy };

/** Error statuses a route can answer besides 400, 405, 429 and 500, which every route can. */
export type ErrorStatus = 401 | 403 | 404 | 409 | 503;

/** Who may keep an answer: CDNs and browsers (`public`), the caller only, or nobody. */
export type CachePolicy = 'public' | 'private' | 'no-store';

type RouteSpec<Q extends z.ZodObject, P extends z.ZodObject, B extends z.ZodObject> = {
  /** `get` reads and is cached; `post` changes state, takes a JSON body and is never cached. */
  method?: 'get' | 'post';
  /** The path as OpenAPI writes it: `/api/v1/datasets/{code}`. */
  path: string;
  /** `<entity>_<verb>`, as CKAN names its actions. */
  operationId: string;
  summary: string;
  description: string;
  query?: Q;
  params?: P;
  /** The JSON body of a `post` route. */
  body?: B;
  /** The schema of `data` in the answer, or of the whole body when `document` is set. */
  answer: z.ZodType;
  /** The name of the answer's schema in the OpenAPI components. */
  answerName: string;
  /** The body is a document to hand to other tools as it is, not wrapped in the envelope. */
  document?: boolean;
  /** Seconds clients and CDNs may reuse an answer (Cache-Control max-age). */
  maxAge: number;
  /** @default 'public' for `get`, 'no-store' for `post` */
  cache?: CachePolicy;
  /** The status of a successful answer; 302 for routes that answer with a redirect. @default 200 */
  status?: 200 | 201 | 302;
  /** Media types the route can answer besides JSON, for OpenAPI. */
  produces?: readonly string[];
  errors: readonly ErrorStatus[];
  /** The route is for signed-in agency staff: it needs `Authorization: Bearer <token>`. */
  signIn?: boolean;
  handle(
    input: {
      query: z.output<Q>;
      params: z.output<P>;
      body: z.output<B>;
      caller: Caller;
      /** The signed-in person, when the request carried a valid token. */
      identity: Identity | undefined;
    },
    context: RouteContext,
  ): Promise<RouteAnswer>;
};

/** A route as the app and the OpenAPI generator see it, its input types erased. */
export type ApiRoute = Omit<
  RouteSpec<z.ZodObject, z.ZodObject, z.ZodObject>,
  'handle' | 'query' | 'params' | 'body' | 'method' | 'cache'
> & {
  method: 'get' | 'post';
  cache: CachePolicy;
  query: z.ZodObject;
  params: z.ZodObject;
  body?: z.ZodObject;
  /** Reads the request against the schemas, then runs the route; bad input throws a 400. */
  run(c: Context, context: RouteContext): Promise<RouteAnswer>;
};

const NONE = z.strictObject({});

/** Declares a route: its schemas document it in OpenAPI and check every request. */
export function defineRoute<
  Q extends z.ZodObject = typeof NONE,
  P extends z.ZodObject = typeof NONE,
  B extends z.ZodObject = typeof NONE,
>(spec: RouteSpec<Q, P, B>): ApiRoute {
  const query = spec.query ?? NONE;
  const params = spec.params ?? NONE;
  const method = spec.method ?? 'get';
  return {
    ...spec,
    method,
    cache: spec.cache ?? (method === 'get' ? 'public' : 'no-store'),
    query,
    params,
    run: async (c, context) => {
      // Who may not be here at all hears so before anything about their input.
      if (spec.signIn && !c.get('identity'))
        throw new DatarunError(
          problem('unauthorized', 'sign in first: send Authorization: Bearer <token>', {
            field: 'Authorization',
          }),
        );
      const input = {
        query: checkInput(query, readQuery(query, new URL(c.req.url).searchParams)),
        params: checkInput(params, c.req.param()),
        body: spec.body ? checkInput(spec.body, await readBody(c)) : {},
        caller: callerOf(c),
        identity: c.get('identity'),
      };
      return spec.handle(input as Parameters<typeof spec.handle>[0], context);
    },
  };
}

/** The JSON body of a request; anything else is a 400 naming what was expected. */
async function readBody(c: Context): Promise<unknown> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new DatarunError(
      problem(
        'invalid-value',
        `the body must be JSON (Content-Type: application/json, got ${JSON.stringify(type)})`,
      ),
    );
  try {
    return await c.req.json();
  } catch {
    throw new DatarunError(problem('invalid-value', 'the body is not valid JSON'));
  }
}

/** Whether a parameter takes a list (given repeatedly or comma-separated). */
export function takesList(schema: z.ZodType): boolean {
  let def = schema.def as { type: string; innerType?: z.ZodType };
  while (def.innerType && ['optional', 'default', 'nullable'].includes(def.type))
    def = def.innerType.def as typeof def;
  return def.type === 'array';
}

/**
 * The query string as the schema expects it: list parameters split on commas and gathered
 * over repeats, empty values left out (as HTML forms send them), and a single-valued
 * parameter given twice refused rather than silently cut to one.
 */
function readQuery(schema: z.ZodObject, search: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const name of new Set(search.keys())) {
    const field = schema.shape[name] as z.ZodType | undefined;
    const values = search.getAll(name).filter((value) => value.trim() !== '');
    if (!field) {
      // Kept so the schema reports it as unknown, whatever its value.
      raw[name] = values[0] ?? '';
    } else if (takesList(field)) {
      const items = values.flatMap((value) => value.split(',')).map((value) => value.trim());
      if (items.some(Boolean)) raw[name] = items.filter(Boolean);
    } else if (values.length > 1) {
      problems.push(
        problem('invalid-field', `${name}: given ${values.length} times; give it once`, {
          field: name,
        }),
      );
    } else if (values.length === 1) {
      raw[name] = values[0];
    }
  }
  if (problems.length > 0) throw new DatarunError(problems);
  return raw;
}

function checkInput(schema: z.ZodObject, raw: unknown): unknown {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const known = Object.keys(schema.shape);
  throw new DatarunError(
    parsed.error.issues.flatMap((issue): Problem[] => {
      if (issue.code === 'unrecognized_keys' && issue.path.length > 0)
        return issue.keys.map((key) => {
          const field = [...issue.path.map(String), key].join('.');
          return problem('invalid-field', `${field}: unknown field`, { field });
        });
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) =>
          problem(
            'invalid-field',
            `${key}: unknown parameter; ${known.length > 0 ? `this route takes ${known.join(', ')}` : 'this route takes none'}`,
            { field: key },
          ),
        );
      // Named by its field names: `contact.email`, and `agency` for any item of a list.
      const field = issue.path.filter((part) => typeof part === 'string').join('.');
      const got = issue.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
      return [problem('invalid-field', `${field}: ${issue.message}${got}`, { field })];
    }),
  );
}
