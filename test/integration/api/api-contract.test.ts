import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { DatasetListSchema } from '../../../functions/src/api/routes/dataset-list.ts';
import {
  createDemandDeps,
  createDisputeDeps,
  createInventoryDeps,
  createSharingDeps,
  createVerifyDeps,
} from '../../../functions/src/adapters/index.ts';
import { loadDemoDirectory } from '../../../functions/src/adapters/identity/demo-directory.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { TestStorage } from '../../support/storage.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { apiOver, call, failure, publishedStorage, success } from './api-under-test.ts';
import type { Answer } from './api-under-test.ts';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'docs', 'api.md');

let storage: TestStorage;
let stateDir: string;
let app: Hono;
let docs: string;
let spec: {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-contract-'));
  const issuer = createLocalIssuer({ stateDir });
  app = apiOver(storage, {
    sharing: createSharingDeps(storage.stores),
    disputes: createDisputeDeps(storage.stores),
    verify: createVerifyDeps(storage.stores),
    demands: createDemandDeps(storage.stores),
    inventory: createInventoryDeps(storage.stores),
    // Usage counting as the served app has it; limits out of the way of the many calls here.
    access: {
      stores: storage.stores,
      limits: { anonymousPerMinute: 100_000, signUpsPerHour: 1000 },
    },
    auth: {
      verifier: issuer.verifier(),
      revoked: storage.stores.revokedTokens,
      signIn: { mode: 'local', issuer, users: (await loadDemoDirectory(DEMO_DATA)).users },
    },
  });
  docs = await readFile(DOCS, 'utf8');
  spec = (await call(app, '/api/v1/openapi.json')).body as typeof spec;
});
afterAll(async () => {
  await storage?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** The routes the app has registered under /api/ for these methods, written as OpenAPI writes paths. */
function registeredRoutes(methods = ['GET']): string[] {
  const paths = app.routes
    .filter((route) => methods.includes(route.method) && route.path.startsWith('/api/'))
    .map((route) => route.path.replace(/:(\w+)/g, '{$1}'));
  return [...new Set(paths)];
}

/** The part of docs/api.md under the heading of one route (`## GET …` or `## POST …`). */
function docsSection(path: string): string {
  const heading = [`## GET ${path}\n`, `## POST ${path}\n`].find((h) => docs.includes(h)) ?? '';
  const start = heading ? docs.indexOf(heading) : -1;
  if (start === -1) return '';
  const end = docs.indexOf('\n## ', start + heading.length);
  return docs.slice(start, end === -1 ? undefined : end);
}

type CurlExample = {
  line: string;
  url: string;
  init: RequestInit;
  status: number;
  /** `-L`: curl follows redirects, so the status is the one at the end. */
  follow: boolean;
};

/** The curl commands of docs/api.md, read as curl reads them, with the status each expects. */
function curlExamples(): CurlExample[] {
  const lines = docs.split('\n');
  const examples: CurlExample[] = [];
  lines.forEach((line, i) => {
    // Lines that compute part of the command in the shell cannot be replayed here.
    if (!line.startsWith('curl ') || line.includes('$')) return;
    const words = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => ({
      text: m[1] ?? m[2] ?? m[3]!,
      bare: m[3] !== undefined,
    }));
    const end = words.findIndex((w) => w.bare && w.text === '|');
    const args = (end === -1 ? words : words.slice(0, end)).map((w) => w.text);
    const url = new URL(args.find((a) => a.startsWith('http://localhost:4321/'))!);
    const headers: Record<string, string> = {};
    let method = 'GET';
    args.forEach((arg, at) => {
      const value = args[at + 1] ?? '';
      if (arg === '--data-urlencode') {
        const [name, ...rest] = value.split('=');
        url.searchParams.append(name!, rest.join('='));
      }
      if (arg === '-X') method = value;
      if (arg === '-H') headers[value.split(':')[0]!] = value.split(':').slice(1).join(':').trim();
    });
    const expected = /^# → (\d{3})/.exec(lines[i + 1] ?? '');
    examples.push({
      line,
      url: `${url.pathname}${url.search}`,
      init: { method, headers },
      status: expected ? Number(expected[1]) : 200,
      follow: args.some((arg) => /^-[a-zA-Z]*L[a-zA-Z]*$/.test(arg)),
    });
  });
  return examples;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every route the app serves', () => {
    expect(spec.openapi).toBe('3.1.0');
    const routes = registeredRoutes(['GET', 'POST']);
    expect(routes).toEqual(
      expect.arrayContaining([
        '/api/v1/datasets',
        '/api/v1/datasets/{code}',
        '/api/v1/agencies',
        '/api/v1/stats',
        '/api/v1/openapi.json',
      ]),
    );
    expect(Object.keys(spec.paths).sort()).toEqual([...routes].sort());
  });

  it('documents every query parameter the datasets route accepts', () => {
    const names = spec.paths['/api/v1/datasets']!.get!.parameters!.map((p) => p.name);
    expect(names).toEqual([
      'q',
      'agency',
      'category',
      'openType',
      'format',
      'updateCycle',
      'sort',
      'limit',
      'cursor',
    ]);
  });

  it('resolves every reference inside itself', () => {
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(5);
    for (const [, id] of refs) expect(spec.components.schemas, id).toHaveProperty(id!);
  });
});

describe('docs/api.md', () => {
  it('has a section for every route the app serves', () => {
    for (const path of registeredRoutes(['GET', 'POST']))
      expect(docsSection(path), path).not.toBe('');
  });

  it('names every parameter of every route in that route’s section', () => {
    for (const [path, item] of Object.entries(spec.paths))
      for (const parameter of Object.values(item).flatMap(
        (operation) => operation.parameters ?? [],
      ))
        expect(docsSection(path), `${path} ${parameter.name}`).toContain(`\`${parameter.name}\``);
  });

  it('shows curl examples that give the status they promise', async () => {
    const examples = curlExamples();
    expect(examples.length).toBeGreaterThan(15);
    for (const example of examples) {
      let answer = await call(app, example.url, example.init);
      const location = answer.headers.get('location');
      if (example.follow && location) answer = await call(app, location, example.init);
      expect(answer.status, example.line).toBe(example.status);
    }
  });
});

describe('the error envelope', () => {
  const cursorOf = async (url: string) => success(await call(app, url), DatasetListSchema).next!;

  /** Every way a request can fail before the catalog is even read, and after. */
  async function badRequests(): Promise<[string, string][]> {
    const cursor = await cursorOf('/api/v1/datasets?limit=2');
    const [payload, check] = cursor.split('.');
    return [
      ['/api/v1/datasets?limit=-1', 'limit'],
      ['/api/v1/datasets?limit=0', 'limit'],
      ['/api/v1/datasets?limit=101', 'limit'],
      ['/api/v1/datasets?limit=1000000000', 'limit'],
      ['/api/v1/datasets?limit=10^9', 'limit'],
      ['/api/v1/datasets?limit=2.5', 'limit'],
      ['/api/v1/datasets?limit=ten', 'limit'],
      ['/api/v1/datasets?limit=10&limit=20', 'limit'],
      ['/api/v1/datasets?category=人口', 'category'],
      ['/api/v1/datasets?category=部门,nothing', 'category'],
      ['/api/v1/datasets?openType=open', 'openType'],
      ['/api/v1/datasets?format=csv', 'format'],
      ['/api/v1/datasets?updateCycle=daily', 'updateCycle'],
      ['/api/v1/datasets?agency=Not_A_Code', 'agency'],
      ['/api/v1/datasets?agency=no-such-agency', 'agency'],
      ['/api/v1/datasets?sort=newest', 'sort'],
      [`/api/v1/datasets?q=${'人'.repeat(201)}`, 'q'],
      ['/api/v1/datasets?q=a&q=b', 'q'],
      ['/api/v1/datasets?cursor=not-a-cursor', 'cursor'],
      [`/api/v1/datasets?limit=2&cursor=${payload}.${'0'.repeat(check!.length)}`, 'cursor'],
      [`/api/v1/datasets?limit=2&sort=code&cursor=${encodeURIComponent(cursor)}`, 'cursor'],
      [`/api/v1/datasets?q=人口&cursor=${encodeURIComponent(cursor)}`, 'cursor'],
      ['/api/v1/datasets?page=2', 'page'],
      ['/api/v1/datasets?page=1&page=2', 'page'],
      ['/api/v1/datasets/103-000004?fields=title', 'fields'],
      ['/api/v1/agencies?limit=5', 'limit'],
      ['/api/v1/stats?x=1', 'x'],
      ['/api/v1/openapi.json?v=2', 'v'],
      ['/api/v1/federation?limit=5', 'limit'],
      ['/api/v1/federation/zhoushan?limit=0', 'limit'],
      ['/api/v1/federation/zhoushan?cursor=not-a-cursor', 'cursor'],
    ];
  }

  function expectEnvelope(answer: Answer, status: number, url: string) {
    expect(answer.status, url).toBe(status);
    const error = failure(answer);
    expect(error.status, url).toBe(status);
    expect(answer.headers.get('content-type'), url).toMatch(/^application\/json/);
    expect(answer.headers.get('cache-control'), url).toBe('no-store');
    expect(answer.headers.get('access-control-allow-origin'), url).toBe('*');
    expect(answer.text, url).not.toMatch(/node_modules|\.ts:\d+|\n\s+at /);
    return error;
  }

  it('answers every bad parameter with a 400 that names it', async () => {
    for (const [url, field] of await badRequests()) {
      const error = expectEnvelope(await call(app, url), 400, url);
      expect(
        error.errors.map((e) => e.field),
        url,
      ).toContain(field);
      expect(error.error, url).toContain(field);
    }
  });

  it('reports every bad parameter of a request at once', async () => {
    const error = failure(await call(app, '/api/v1/datasets?limit=0&sort=x&category=y&z=1'));
    expect(error.errors.map((e) => e.field).sort()).toEqual(['category', 'limit', 'sort', 'z']);
  });

  it('answers routes that do not exist with 404', async () => {
    for (const url of [
      '/api/v1/nothing',
      '/api/v2/datasets',
      '/api/v1/datasets/103/000004',
      '/api',
    ]) {
      const error = expectEnvelope(await call(app, url), 404, url);
      expect(error.error).toContain('no route');
    }
  });

  it('answers unknown, malformed and withheld dataset codes with the same 404', async () => {
    for (const code of ['999-999999', '103%2F999999', 'abc', '101-000001', '101%2F000001']) {
      const url = `/api/v1/datasets/${code}`;
      const error = expectEnvelope(await call(app, url), 404, url);
      expect(error.errors).toEqual([{ code: 'not-found', message: error.error, field: 'code' }]);
    }
  });

  it('answers methods a route does not take with 405 and the methods allowed', async () => {
    // CKAN's actions take POST as CKAN does, and answer the rest in CKAN's own error shape
    // (test/integration/api/ckan/).
    const v1 = registeredRoutes(['GET', 'POST']).filter((p) => p.startsWith('/api/v1/'));
    for (const route of v1) {
      const takes = registeredRoutes(['POST']).includes(route) ? ['POST'] : [];
      if (registeredRoutes(['GET']).includes(route)) takes.unshift('GET', 'HEAD');
      const path = route.replace('{code}', '103-000004').replace('{id}', 'sr_0123456789abcdef');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
        (m) => !takes.includes(m),
      )) {
        const answer = await call(app, path, { method });
        expectEnvelope(answer, 405, `${method} ${path}`);
        expect(answer.headers.get('allow')).toBe([...takes, 'OPTIONS'].join(', '));
      }
    }
  });
});
