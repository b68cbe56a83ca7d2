import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import * as z from 'zod';
import { API_ROUTES, createApi } from '../../../functions/src/api/app.ts';
import { buildOpenApi } from '../../../functions/src/api/openapi.ts';
import { defineRoute } from '../../../functions/src/api/route.ts';
import type { ApiRoute } from '../../../functions/src/api/route.ts';
import type { ObjectStore } from '../../../functions/src/core/ports/object-store.ts';
import { apiDocument } from '../../../site/src/lib/api-document.ts';

type Parameter = { name: string; in: string; required?: boolean; schema?: unknown };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, { description?: unknown }>;
};
type Document = {
  openapi?: unknown;
  info?: { title?: unknown; version?: unknown };
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Listing the routes and serving the OpenAPI document read no storage; a store that throws
 * says so, and fails the test if that ever changes.
 */
const NO_STORAGE = new Proxy({} as ObjectStore, {
  get: (_target, name) => () => {
    throw new Error(`the OpenAPI coverage test reads no storage (called objects.${String(name)})`);
  },
});

/**
 * Routes the app registers that are not operations of the API, so the document leaves them
 * out: `ALL` entries are middleware that runs on every path (CORS, including the answer to
 * preflight OPTIONS requests, and the nosniff header) and the 405 answer each path gives other
 * methods. HEAD is answered wherever GET is and is not registered separately.
 */
function isOperation(route: { method: string }): boolean {
  return route.method !== 'ALL';
}

const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, '{$1}');
const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

function operationsOf(document: Document): { method: string; path: string; op: Operation }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** Routes the app answers that the document does not describe with the same method. */
function undocumentedRoutes(app: Hono, document: Document): string[] {
  const documented = new Set(
    operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`),
  );
  return [
    ...new Set(
      app.routes.filter(isOperation).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`),
    ),
  ].filter((route) => !documented.has(route));
}

/** Operations the document describes that the app does not answer. */
function phantomOperations(app: Hono, document: Document): string[] {
  const answered = new Set(
    app.routes.filter(isOperation).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`),
  );
  return operationsOf(document)
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
    .filter((route) => !answered.has(route));
}

/** Path parameters in a route's path that its operation does not declare, or declares wrongly. */
function pathParameterProblems(document: Document): string[] {
  return operationsOf(document).flatMap(({ method, path, op }) => {
    const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
    const names = declared.map((p) => p.name).sort();
    const problems: string[] = [];
    if (JSON.stringify(names) !== JSON.stringify(pathParams(path)))
      problems.push(`${method} ${path}: path parameters ${names.join(',') || 'none'} declared`);
    for (const p of declared)
      if (p.required !== true)
        problems.push(`${method} ${path}: path parameter ${p.name} not required`);
    return problems;
  });
}

/**
 * Query parameters a route's zod schema accepts that its operation does not declare, and
 * declared ones the schema would refuse; a route with a JSON body must document it.
 */
function inputProblems(routes: readonly ApiRoute[], document: Document): string[] {
  return routes.flatMap((route) => {
    const op = document.paths?.[route.path]?.[route.method];
    if (!op) return [`${route.method} ${route.path}: not in the document`];
    const declared = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    const accepted = Object.keys(route.query.shape);
    const problems = [
      ...accepted
        .filter((name) => !declared.includes(name))
        .map((name) => `${route.method} ${route.path}: query parameter ${name} not declared`),
      ...declared
        .filter((name) => !accepted.includes(name))
        .map((name) => `${route.method} ${route.path}: declares ${name}, which the schema refuses`),
    ];
    if (route.body && !op.requestBody)
      problems.push(`${route.method} ${route.path}: the JSON body is not documented`);
    return problems;
  });
}

/** Every `$ref` in the document with where it is, and whether it points at something. */
function references(document: Document): { at: string; ref: string; resolves: boolean }[] {
  const found: { at: string; ref: string; resolves: boolean }[] = [];
  const resolve = (ref: string): boolean => {
    if (!ref.startsWith('#/')) return false;
    let node: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return node !== undefined;
  };
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`));
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string')
          found.push({ at, ref: value, resolves: resolve(value) });
        else walk(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
  };
  walk(document, '#');
  return found;
}

let app: Hono;
let document: Document;

beforeAll(async () => {
  app = createApi({ stores: { objects: NO_STORAGE } });
  const response = await app.request('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  document = (await response.json()) as Document;
});

describe('the OpenAPI document the API serves', () => {
  it('has the shape of OpenAPI 3.1: version, info, paths and components', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof document.info?.title).toBe('string');
    expect(typeof document.info?.version).toBe('string');
    expect(Object.keys(document.paths ?? {}).length).toBeGreaterThan(0);
    for (const path of Object.keys(document.paths ?? {})) expect(path).toMatch(/^\/\S*$/);
    expect(typeof document.components).toBe('object');
  });

  it('gives every operation responses with descriptions, and parameters a place and a schema', () => {
    for (const { method, path, op } of operationsOf(document)) {
      const where = `${method} ${path}`;
      const responses = Object.entries(op.responses ?? {});
      expect(responses.length, where).toBeGreaterThan(0);
      for (const [status, response] of responses) {
        expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof response.description, `${where} ${status}`).toBe('string');
      }
      for (const p of op.parameters ?? []) {
        expect(['query', 'path', 'header', 'cookie'], `${where} ${p.name}`).toContain(p.in);
        expect(typeof p.schema, `${where} ${p.name}`).toBe('object');
      }
      const keys = (op.parameters ?? []).map((p) => `${p.in} ${p.name}`);
      expect(new Set(keys).size, `${where}: a parameter is declared twice`).toBe(keys.length);
    }
  });

  it('gives every operation an operationId no other operation has', () => {
    const ids = operationsOf(document).map(({ op }) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^\w+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref inside itself', () => {
    const refs = references(document);
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((r) => !r.resolves)).toEqual([]);
  });

  it('describes every route the app answers, with the same method', () => {
    expect(app.routes.filter(isOperation).length).toBeGreaterThanOrEqual(API_ROUTES.length);
    expect(undocumentedRoutes(app, document)).toEqual([]);
  });

  it('describes no operation the app does not answer', () => {
    expect(phantomOperations(app, document)).toEqual([]);
  });

  it('declares every path parameter, as required', () => {
    expect(pathParameterProblems(document)).toEqual([]);
  });

  it('declares exactly the query parameters each route’s schema accepts, and its JSON body', () => {
    expect(inputProblems(API_ROUTES, document)).toEqual([]);
  });

  it('is the document the developers page is rendered from', () => {
    expect(apiDocument()).toEqual(document);
  });
});

describe('the coverage checks', () => {
  it('catch a route added to the app without documentation', () => {
    const extended = createApi({ stores: { objects: NO_STORAGE } });
    extended.get('/api/v1/datasets/:code/secret', (c) => c.text('x'));
    extended.post('/api/v1/stats', (c) => c.text('x'));
    expect(undocumentedRoutes(extended, document)).toEqual([
      'GET /api/v1/datasets/{code}/secret',
      'POST /api/v1/stats',
    ]);
  });

  it('catch a query parameter the schema accepts but the document leaves out', () => {
    const route = defineRoute({
      path: '/api/v1/probe/{id}',
      operationId: 'probe_show',
      summary: 'A probe',
      description: 'Only for this test',
      params: z.strictObject({ id: z.string() }),
      query: z.strictObject({ a: z.string().optional(), b: z.string().optional() }),
      answer: z.string(),
      answerName: 'ProbeAnswer',
      maxAge: 0,
      errors: [],
      handle: async () => ({ data: '', version: '' }),
    });
    const complete = buildOpenApi([route]) as Document;
    expect(inputProblems([route], complete)).toEqual([]);
    expect(pathParameterProblems(complete)).toEqual([]);
    const op = complete.paths!['/api/v1/probe/{id}']!.get!;
    const partial: Document = {
      ...complete,
      paths: {
        '/api/v1/probe/{id}': {
          get: {
            ...op,
            parameters: op.parameters!.filter((p) => p.name !== 'b' && p.name !== 'id'),
          },
        },
      },
    };
    expect(inputProblems([route], partial)).toEqual([
      'get /api/v1/probe/{id}: query parameter b not declared',
    ]);
    expect(pathParameterProblems(partial)).toEqual([
      'get /api/v1/probe/{id}: path parameters none declared',
    ]);
  });

  it('catch a $ref that points nowhere', () => {
    const broken = { ...document, paths: { '/x': { get: { $ref: '#/components/schemas/Nope' } } } };
    expect(references(broken as Document).filter((r) => !r.resolves)).toEqual([
      { at: '#/paths/~1x/get', ref: '#/components/schemas/Nope', resolves: false },
    ]);
  });
});
