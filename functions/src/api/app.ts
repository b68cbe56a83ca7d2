import { Hono } from 'hono';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type { Stores } from '../adapters/index.ts';
import { sha256 } from '../core/publish/canonical-hash.ts';
import { fail, ok, toHttp, writeJson } from './envelope.ts';
import { buildOpenApi } from './openapi.ts';
import type { ApiRoute, CachePolicy, RouteAnswer, RouteContext } from './route.ts';
import { SnapshotCache, shareCatalogReader } from './snapshot-cache.ts';
import type { SnapshotCacheOptions } from './snapshot-cache.ts';
import { datasetList } from './routes/dataset-list.ts';
import { datasetShow } from './routes/dataset-show.ts';
import { datasetDownload } from './routes/dataset-download.ts';
import { datasetRows } from './routes/dataset-rows.ts';
import { agencyList } from './routes/agency-list.ts';
import { statsShow } from './routes/stats-show.ts';
import { statsQuality } from './routes/stats-quality.ts';
import { openapiShow } from './routes/openapi-show.ts';
import { datasetUsage } from './routes/dataset-usage.ts';
import { keyCreate } from './routes/key-create.ts';
import { keyShow } from './routes/key-show.ts';
import { federationList } from './routes/federation-list.ts';
import { federationShow } from './routes/federation-show.ts';
import { ACCESS_UNAVAILABLE, createAccess } from './access.ts';
import type { AccessDeps } from './access.ts';
import { createCkanApi } from './ckan/ckan-app.ts';
import { DatarunError, problem } from '../core/errors.ts';
import type { SharingDeps } from '../services/sharing/sharing-deps.ts';
import type { CorrectionPublisher } from '../services/disputes/publish-correction.ts';
import type { DisputeDeps } from '../services/disputes/dispute-deps.ts';
import { AUTH_UNAVAILABLE, createRouteAuth } from './auth.ts';
import type { AuthDeps } from './auth.ts';
import { identityMiddleware } from './identity-middleware.ts';
import { SHARING_ROUTES } from './sharing-routes.ts';
import { DISPUTE_ROUTES } from './dispute-routes.ts';
import { VERIFY_ROUTES } from './verify-routes.ts';
import { DEMAND_ROUTES } from './demand-routes.ts';
import { INVENTORY_ROUTES } from './inventory-routes.ts';
import type { VerifyDeps } from '../services/verify/verify-deps.ts';
import type { DemandDeps } from '../services/demands/demand-deps.ts';
import type { InventoryDeps } from '../services/inventory/inventory-deps.ts';

/** Every route of API v1; the OpenAPI document is generated from this list. */
export const API_ROUTES: readonly ApiRoute[] = [
  datasetList,
  datasetShow,
  datasetDownload,
  datasetRows,
  agencyList,
  statsShow,
  statsQuality,
  openapiShow,
  datasetUsage,
  keyCreate,
  keyShow,
  federationList,
  federationShow,
  ...SHARING_ROUTES,
  ...DISPUTE_ROUTES,
  ...VERIFY_ROUTES,
  ...DEMAND_ROUTES,
  ...INVENTORY_ROUTES,
];

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];
/** The order methods are listed in an `Allow` header, whatever order the routes came in. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST'];
const RATE_LIMIT_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
];

export type ApiDeps = {
  /**
   * The API reads the public snapshot through the object store, and harvested catalogs
   * through the federation store (without it, the federation routes answer 503).
   */
  stores: Pick<Stores, 'objects'> & Partial<Pick<Stores, 'federation'>>;
  /** How often the snapshot in memory is checked against storage. */
  snapshot?: SnapshotCacheOptions;
  /** API keys, rate limits and usage counts; without it, every caller is anonymous and unlimited. */
  access?: AccessDeps;
  /** Share requests, grants, notifications and audit; without it the agency routes answer 503. */
  sharing?: Omit<SharingDeps, 'shareCatalog'>;
  /** Token verification and sign-in; without it nobody is signed in (agency routes answer 401). */
  auth?: AuthDeps;
  /**
   * Publishes corrections of disputed data through the publish pipeline (DuckDB included, so
   * it is given only where that may run); without it the correct route answers 503.
   */
  corrections?: CorrectionPublisher;
  /** Disputed-data reports and their verification; without it the dispute routes answer 503. */
  disputes?: Omit<DisputeDeps, 'publicCatalog' | 'shareCatalog'>;
  /** The verification service (查询/核验); without it the verify route answers 503. */
  verify?: Omit<VerifyDeps, 'shareCatalog'>;
  /** Demand and responsibility lists; without it the demand routes answer 503. */
  demands?: Omit<DemandDeps, 'shareCatalog'>;
  /** The information-system inventory; without it the inventory routes answer 503. */
  inventory?: Omit<InventoryDeps, 'shareCatalog'>;
};

/** The service's dependencies, or a 503 naming what this server runs without. */
function needs<T>(deps: T | undefined, missing: string): () => T {
  return () => {
    if (!deps) throw new DatarunError(problem('storage', `this server runs without ${missing}`));
    return deps;
  };
}

/** The API: one Hono app, served by Lambda on AWS and by `datarun start` locally. */
export function createApi(deps: ApiDeps): Hono {
  const cache = new SnapshotCache(deps.stores.objects, deps.snapshot);
  const shareCache = new SnapshotCache(deps.stores.objects, deps.snapshot, 'share');
  let openapi: ReturnType<RouteContext['openapi']> | undefined;
  const access = deps.access && createAccess(deps.access);
  const shareEntries = async () => (await shareCache.current()).index.byCode;
  const shareCatalog = shareCatalogReader(shareCache);
  const sharing: SharingDeps | undefined = deps.sharing && { ...deps.sharing, shareCatalog };
  const disputes: DisputeDeps | undefined = deps.disputes && {
    ...deps.disputes,
    publicCatalog: async () => (await cache.current()).index.byCode,
    shareCatalog: shareEntries,
  };
  const context: RouteContext = {
    verify: needs(
      deps.verify && { ...deps.verify, shareCatalog: shareEntries },
      'the verification service',
    ),
    demands: needs(deps.demands && { ...deps.demands, shareCatalog }, 'demand lists'),
    inventory: needs(
      deps.inventory && { ...deps.inventory, shareCatalog },
      'the information-system inventory',
    ),
    disputes: needs(disputes, 'disputed-data reports'),
    sharing: needs(sharing, 'agency sharing (share requests, audit)'),
    corrections: needs(deps.corrections, 'publishing corrections of disputed data'),
    federation: needs(deps.stores.federation, 'harvested catalogs'),
    auth: deps.auth ? createRouteAuth(deps.auth) : AUTH_UNAVAILABLE,
    record: async (entry) => {
      if (sharing) await sharing.audit.append(entry);
      else console.info(JSON.stringify({ audit: entry }));
    },
    access: access?.routes ?? ACCESS_UNAVAILABLE,
    catalog: () => cache.current(),
    shareCatalog: () => shareCache.current(),
    objects: deps.stores.objects,
    openapi: () => {
      if (!openapi) {
        const document = buildOpenApi(API_ROUTES);
        openapi = { document, version: sha256(document) };
      }
      return openapi;
    },
  };

  const app = new Hono();
  app.use(
    '/api/*',
    cors({
      origin: '*',
      allowMethods: CORS_METHODS,
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'X-API-Key'],
      exposeHeaders: ['ETag', ...RATE_LIMIT_HEADERS],
      maxAge: 86400,
    }),
  );
  app.use('/api/*', async (c, next) => {
    // Catalog text is data: a browser must never sniff a JSON answer into HTML.
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });
  if (access) app.use('/api/*', access.middleware(API_ROUTES));
  if (deps.auth) app.use('/api/*', identityMiddleware(deps.auth));
  const methodsByPath = new Map<string, string[]>();
  for (const route of API_ROUTES) {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(route.method.toUpperCase(), path, async (c) =>
      respond(c, route, await route.run(c, context)),
    );
    const methods = methodsByPath.get(path) ?? [];
    methods.push(...(route.method === 'get' ? ['GET', 'HEAD'] : ['POST']));
    methodsByPath.set(path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allowed = [
      ...methods.sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b)),
      'OPTIONS',
    ].join(', ');
    app.all(path, (c) => {
      c.header('Allow', allowed);
      return fail(c, 405, `${c.req.method} is not allowed on ${c.req.path}; it takes ${allowed}`);
    });
  }
  app.route('/api', createCkanApi(context));
  app.notFound((c) =>
    fail(c, 404, `no route ${c.req.method} ${c.req.path}; /api/v1/openapi.json lists the routes`),
  );
  app.onError((error, c) => toHttp(c, error));
  return app;
}

/**
 * Answers with validators where the answer may be kept: the same version and URL give the
 * same ETag, and a match a 304.
 */
function respond(c: Context, route: ApiRoute, answer: RouteAnswer): Response {
  if ('redirect' in answer) {
    c.header('Cache-Control', cacheControl(answer.cache ?? route.cache, route.maxAge));
    return c.redirect(answer.redirect, 302);
  }
  c.header('Cache-Control', cacheControl(route.cache, route.maxAge));
  if (route.cache !== 'no-store') {
    const url = new URL(c.req.url);
    const etag = `W/"${sha256(`${answer.version}\n${url.pathname}${url.search}`).slice(0, 32)}"`;
    c.header('ETag', etag);
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  }
  const status = ('data' in answer && answer.status) || (route.status ?? 200);
  if ('body' in answer)
    return c.body(answer.body, status, { 'Content-Type': answer.contentType, ...answer.headers });
  return route.document
    ? writeJson(c, answer.data, status)
    : ok(c, answer.data, answer.next, status);
}

function cacheControl(policy: CachePolicy, maxAge: number): string {
  return policy === 'no-store' ? 'no-store' : `${policy}, max-age=${maxAge}`;
}

/** If-None-Match compares weakly: `W/"x"` and `"x"` are the same validator. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
