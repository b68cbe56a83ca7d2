import type { Context } from 'hono';
import * as z from 'zod';
import { DatarunError, problem } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import type { LoadedCatalog } from './snapshot-cache.ts';

/** What routes may use: the public catalog, and the OpenAPI document of the whole API. */
export type RouteContext = {
  catalog(): Promise<LoadedCatalog>;
  openapi(): { document: object; version: string };
};

/** What a route answers; `version` is what the answer depends on besides its URL (ETag). */
export type RouteAnswer = { data: unknown; next?: string; version: string };

/** Error statuses a route can answer besides 400, 405 and 500, which every route can. */
export type ErrorStatus = 404 | 503;

type RouteSpec<Q extends z.ZodObject, P extends z.ZodObject> = {
  /** The path as OpenAPI writes it: `/api/v1/datasets/{code}`. */
  path: string;
  /** `<entity>_<verb>`, as CKAN names its actions. */
  operationId: string;
  summary: string;
  description: string;
  query?: Q;
  params?: P;
  /** The schema of `data` in the answer, or of the whole body when `document` is set. */
  answer: z.ZodType;
  /** The name of the answer's schema in the OpenAPI components. */
  answerName: string;
  /** The body is a document to hand to other tools as it is, not wrapped in the envelope. */
  document?: boolean;
  /** Seconds clients and CDNs may reuse an answer (Cache-Control max-age). */
  maxAge: number;
  errors: readonly ErrorStatus[];
  handle(
    input: { query: z.output<Q>; params: z.output<P> },
    context: RouteContext,
  ): Promise<RouteAnswer>;
};

/** A route as the app and the OpenAPI generator see it, its input types erased. */
export type ApiRoute = Omit<RouteSpec<z.ZodObject, z.ZodObject>, 'handle' | 'query' | 'params'> & {
  query: z.ZodObject;
  params: z.ZodObject;
  /** Reads the request against the schemas, then runs the route; bad input throws a 400. */
  run(c: Context, context: RouteContext): Promise<RouteAnswer>;
};

const NONE = z.strictObject({});

/** Declares a route: its schemas document it in OpenAPI and check every request. */
export function defineRoute<
  Q extends z.ZodObject = typeof NONE,
  P extends z.ZodObject = typeof NONE,
>(spec: RouteSpec<Q, P>): ApiRoute {
  const query = spec.query ?? NONE;
  const params = spec.params ?? NONE;
  return {
    ...spec,
    query,
    params,
    run: async (c, context) => {
      const input = {
        query: checkInput(query, readQuery(query, new URL(c.req.url).searchParams)),
        params: checkInput(params, c.req.param()),
      };
      return spec.handle(input as { query: z.output<Q>; params: z.output<P> }, context);
    },
  };
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
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) =>
          problem(
            'invalid-field',
            `${key}: unknown parameter; ${known.length > 0 ? `this route takes ${known.join(', ')}` : 'this route takes none'}`,
            { field: key },
          ),
        );
      const field = String(issue.path[0]);
      const got = issue.input === undefined ? '' : ` (got ${JSON.stringify(issue.input)})`;
      return [problem('invalid-field', `${field}: ${issue.message}${got}`, { field })];
    }),
  );
}
