import { DatarunError, problem } from '../../core/errors.ts';
import type { FederationSource } from '../../core/federation/federated-catalog.ts';
import type { ImportFormat, ReadResult } from '../../core/interop/foreign-dataset.ts';
import { readCkan } from '../../core/interop/read-ckan.ts';
import { readDcat } from '../../core/interop/read-dcat.ts';
import { sniffRdfSyntax } from '../../core/interop/rdf-syntax.ts';

/** How a source is fetched; every field has a default fit for a scheduled harvest. */
export type FetchOptions = {
  /** @default the global fetch */
  fetch?: typeof fetch;
  /** Per request, the body included. @default 30 s */
  timeoutMs?: number;
  /** Per request. @default 512 MiB */
  maxBytes?: number;
  /** Packages per CKAN package_search page. @default 1000, CKAN's usual maximum */
  ckanRows?: number;
};

/** What a source held, read but not yet mapped: the reader it went through and the URL read. */
export type FetchedSource = { from: ImportFormat; url: string; read: ReadResult };

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const DEFAULT_CKAN_ROWS = 1000;

const ACCEPT = {
  jsonld: 'application/ld+json, application/json;q=0.9',
  rdf: 'application/ld+json, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/n-triples;q=0.5, */*;q=0.1',
  json: 'application/json',
} as const;

/** `base` joined with a path, keeping any path `base` has (`https://host/portal` + `api/…`). */
function under(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

/**
 * Fetches and reads one source: a datarun instance's DCAT-AP export, any DCAT document (its
 * syntax from the content type, extension or content), or a CKAN site's package_search, page
 * after page until its count is read. A source that cannot be reached, answers with an HTTP
 * error or cannot be read throws a DatarunError naming the URL.
 */
export async function fetchSource(
  source: FederationSource,
  options: FetchOptions = {},
): Promise<FetchedSource> {
  if (source.kind === 'datarun') {
    const url = under(source.url, 'catalog/dcat.jsonld');
    const { text } = await get(url, ACCEPT.jsonld, source.url, options);
    return {
      from: 'dcat',
      url,
      read: await readDcat(text, url, { syntax: 'jsonld', baseIri: url }),
    };
  }
  if (source.kind === 'dcat') {
    const { text, contentType } = await get(source.url, ACCEPT.rdf, source.url, options);
    const syntax = sniffRdfSyntax(source.url, text, contentType);
    return {
      from: 'dcat',
      url: source.url,
      read: await readDcat(text, source.url, { syntax, baseIri: source.url }),
    };
  }
  return { from: 'ckan', url: source.url, read: await readCkanPages(source, options) };
}

/**
 * Reads package_search page by page and merges the pages into one result, record positions
 * counted over the whole. Stops once `result.count` records are read, or at an empty page
 * (the count of a live site may shrink while it is paged).
 */
async function readCkanPages(source: FederationSource, options: FetchOptions): Promise<ReadResult> {
  const rows = options.ckanRows ?? DEFAULT_CKAN_ROWS;
  const merged: ReadResult = { platform: '', total: 0, records: [], skipped: [] };
  for (let start = 0; ;) {
    const url = under(source.url, `api/3/action/package_search?rows=${rows}&start=${start}`);
    const { text } = await get(url, ACCEPT.json, source.url, options);
    const count = ckanCount(text, url);
    const page = readCkan(text, url);
    const offset = merged.total;
    merged.platform ||= page.platform;
    merged.records.push(
      ...page.records.map((record) => ({
        ...record,
        at: { ...record.at, index: record.at.index + offset },
      })),
    );
    merged.skipped.push(...page.skipped.map((skip) => ({ ...skip, index: skip.index + offset })));
    merged.total += page.total;
    start += page.total;
    if (page.total === 0 || start >= count) return merged;
  }
}

/** `result.count` of a package_search answer; anything else is not an answer CKAN gives. */
function ckanCount(text: string, url: string): number {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (error) {
    throw new DatarunError(
      problem('json-syntax', `not JSON: ${(error as Error).message}`, { file: url }),
    );
  }
  const result = (answer as { success?: unknown; result?: { count?: unknown } } | null)?.result;
  if (typeof result?.count !== 'number')
    throw new DatarunError(
      problem('json-syntax', 'not a CKAN package_search answer: no result.count', {
        file: url,
        field: 'result.count',
      }),
    );
  return result.count;
}

/**
 * One GET with a deadline over the whole exchange and a cap on the body, decoded as UTF-8.
 * `site` names the source in messages about reaching it.
 */
async function get(
  url: string,
  accept: string,
  site: string,
  options: FetchOptions,
): Promise<{ text: string; contentType?: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const failed = (error: unknown) =>
    new DatarunError(
      problem(
        'unreachable',
        `${site} unreachable (${controller.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : reasonOf(error)})`,
      ),
    );
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, {
        headers: { Accept: accept, 'User-Agent': 'datarun-harvester' },
        signal: controller.signal,
        redirect: 'follow',
      });
    } catch (error) {
      throw failed(error);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DatarunError(
        problem(
          'unreachable',
          `${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        ),
      );
    }
    const tooLarge = () =>
      new DatarunError(
        problem('unreachable', `${url} is larger than ${Math.round(maxBytes / 1048576)} MiB`),
      );
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    try {
      for await (const chunk of response.body ?? []) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) {
          controller.abort();
          throw tooLarge();
        }
        chunks.push(chunk);
      }
    } catch (error) {
      throw error instanceof DatarunError ? error : failed(error);
    }
    const contentType = response.headers.get('content-type') ?? undefined;
    return { text: decode(Buffer.concat(chunks), url), ...(contentType && { contentType }) };
  } finally {
    clearTimeout(timer);
  }
}

function decode(bytes: Uint8Array, url: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatarunError(problem('encoding', 'not UTF-8 text', { file: url }));
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

/** Why fetch failed, in a few words: undici hides the system error in `cause`. */
function reasonOf(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (cause instanceof AggregateError && cause.errors.length > 0) return reasonOf(cause.errors[0]);
  return cause instanceof Error ? cause.message : String(cause);
}
