import { Hono } from 'hono';
import type { Context } from 'hono';
import { sha256 } from '../../core/publish/canonical-hash.ts';
import { fail, writeJson } from '../envelope.ts';
import type { RouteContext } from '../route.ts';
import { queryDatasetRows } from '../rows/dataset-rows-query.ts';
import { publicOrigin } from '../public-origin.ts';
import { CKAN_ACTIONS } from './ckan-actions.ts';
import type { CkanAction } from './ckan-actions.ts';
import { CkanError, errorBody, toCkanError } from './ckan-errors.ts';
import type { CkanParams } from './ckan-params.ts';

/**
 * CKAN's action API over the public catalog, mounted under `/api`: `/api/3/action/{name}`,
 * and `/api/action/{name}`, where ckanapi posts by default. Actions are read with GET (query
 * string) or POST (a JSON or form body), as CKAN reads actions that change nothing. Every
 * answer is CKAN's envelope `{ help, success, result | error }`; `/api/3` answers
 * `{ "version": 3 }`.
 */

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const ACTION_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];
/** A body larger than any sensible set of read parameters is refused unread. */
const MAX_BODY_BYTES = 65_536;

/** The query string as CKAN's `mixed()` reads it: a repeated name gives a list. */
function mixed(search: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    params[name] = values.length === 1 ? values[0]! : values;
  }
  return params;
}

const badBody = (message: string) => new CkanError('Bad Request', `JSON Error: ${message}`);

/**
 * The parameters of a request: the query string of a GET, the body of a POST (JSON, a form,
 * or a form whose only key is a JSON object, as `curl -d '{…}'` sends it), or the query
 * string of a POST with no body.
 */
async function readParams(c: Context): Promise<CkanParams> {
  const query = mixed(new URL(c.req.url).searchParams);
  if (c.req.method !== 'POST') return query;
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES)
    throw badBody(`the body is over ${MAX_BODY_BYTES} bytes`);
  const body = await c.req.text();
  if (body.length > MAX_BODY_BYTES) throw badBody(`the body is over ${MAX_BODY_BYTES} bytes`);
  if (body.trim() === '') return query;
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let data: unknown;
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body);
    const keys = [...new Set(form.keys())];
    const legacyJson = keys.length === 1 && ['', '1'].includes(form.get(keys[0]!)!);
    if (!legacyJson || !keys[0]!.trim().startsWith('{')) return mixed(form);
    data = parseJson(keys[0]!);
  } else if (type === 'application/json' || type === '') {
    data = parseJson(body);
  } else {
    throw badBody(`cannot read a ${type} body; send application/json`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw badBody(
      `Request data JSON decoded to ${JSON.stringify(data)} but it needs to be a dictionary`,
    );
  return data as CkanParams;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badBody(`Error decoding JSON data: ${(error as Error).message}`);
  }
}

/** A weak validator of an answer: what it was built from, and the whole URL asked. */
function etagOf(version: string, url: string): string {
  return `W/"${sha256(`${version}\n${url}`).slice(0, 32)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** The `help` member of every answer: help_show for the action, on this host. */
const helpUrl = (origin: string, name: string) =>
  `${origin}/api/3/action/help_show?name=${encodeURIComponent(name)}`;

function failure(c: Context, name: string, error: CkanError): Response {
  c.header('Cache-Control', 'no-store');
  const help = helpUrl(publicOrigin(c), name);
  return writeJson(c, { help, success: false, error: errorBody(error) }, error.status);
}

/** Runs an action and writes its envelope; a GET answer carries an ETag and may be a 304. */
async function runAction(
  c: Context,
  action: CkanAction,
  context: Pick<RouteContext, 'catalog' | 'objects'>,
): Promise<Response> {
  const url = new URL(c.req.url);
  try {
    const params = await readParams(c);
    const { result, version } = await action.run(params, {
      origin: publicOrigin(c),
      catalog: context.catalog,
      rows: (target, rowParams) => queryDatasetRows(context, target, rowParams),
    });
    if (c.req.method === 'POST') c.header('Cache-Control', 'no-store');
    else {
      const etag = etagOf(version, url.href);
      c.header('ETag', etag);
      c.header('Cache-Control', 'public, max-age=60');
      if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    }
    const help = helpUrl(publicOrigin(c), action.name);
    return writeJson(c, { help, success: true, result });
  } catch (error) {
    const ckan = toCkanError(error);
    // Our own faults are logged here and never described to the client.
    if (ckan.type === 'Internal Server Error') console.error(error);
    return failure(c, action.name, ckan);
  }
}

function methodNotAllowed(c: Context, name: string): Response {
  c.header('Allow', ACTION_METHODS.join(', '));
  const message = `${c.req.method} is not allowed: actions are read with GET or POST`;
  return failure(c, name, new CkanError('Method Not Allowed', message));
}

function unknownAction(c: Context, name: string): Response {
  const message = `Action name not known: ${name}; this server offers ${CKAN_ACTIONS.map((a) => a.name).join(', ')}`;
  return failure(c, name, new CkanError('Bad Request', message));
}

/** The CKAN-compatible API, to be mounted with `app.route('/api', createCkanApi(context))`. */
export function createCkanApi(context: Pick<RouteContext, 'catalog' | 'objects'>): Hono {
  const app = new Hono();
  const byName = new Map(CKAN_ACTIONS.map((action) => [action.name, action]));
  const dispatch = (c: Context, name: string) => {
    const action = byName.get(name);
    if (!action) return unknownAction(c, name);
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'POST')
      return runAction(c, action, context);
    return methodNotAllowed(c, name);
  };

  app.get('/3', (c) => writeJson(c, { version: 3 }));
  app.all('/3', (c) => {
    c.header('Allow', READ_METHODS.join(', '));
    return fail(c, 405, `${c.req.method} is not allowed on ${c.req.path}; it only reads`);
  });
  for (const action of CKAN_ACTIONS) {
    const path = `/3/action/${action.name}`;
    app.on(['GET', 'POST'], path, (c) => runAction(c, action, context));
    app.all(path, (c) => methodNotAllowed(c, action.name));
  }
  app.all('/3/action/:name', (c) => unknownAction(c, c.req.param('name')));
  app.all('/action/:name', (c) => dispatch(c, c.req.param('name')));
  return app;
}
