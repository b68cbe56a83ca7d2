import { DatarunError } from '../errors.ts';
import type { ForeignDataset, ReadResult } from './foreign-dataset.ts';
import { isPresent, objectOf, textOf, unusedFields } from './foreign-values.ts';
import { readJsonRecords, readObjects } from './json-records.ts';
import type { JsonRecords } from './json-records.ts';

/** Package fields this reader carries over, or that only describe CKAN's own bookkeeping. */
const USED = new Set([
  ...['id', 'name', 'title', 'notes', 'url', 'ckan_url', 'organization', 'owner_org', 'tags'],
  ...['groups', 'resources', 'extras', 'private', 'metadata_created', 'metadata_modified'],
  ...['maintainer', 'maintainer_email', 'license_id', 'license_title', 'license_url', 'state'],
  ...['type', 'num_tags', 'num_resources', 'isopen', 'creator_user_id', 'revision_id'],
  ...['relationships_as_object', 'relationships_as_subject'],
]);
const FREQUENCY = ['frequency', 'accrualPeriodicity', 'accrual_periodicity', 'update_frequency'];
const USED_EXTRAS = new Set([...FREQUENCY, 'issued', 'modified', 'spatial_text', 'spatial']);

/**
 * Reads CKAN packages: a `package_search` answer (result.results), a `package_show` answer
 * (result is one package) or a plain list of packages. The platform is the CKAN site, known
 * from the answer's `help` link, a package's `ckan_url`, a resource URL under
 * `/dataset/`, or `file` when it is the API URL itself.
 */
export function readCkan(text: string, file: string): ReadResult {
  const json = readPackages(text, file);
  const site = siteOf(text, file, json);
  const { records, skipped } = readObjects(json, (pkg, at) => readPackage(pkg, at, site));
  const platform = site ? new URL(site).host : (file.split(/[/\\]/).pop() ?? file);
  return { platform, total: json.total, records, skipped };
}

function readPackages(text: string, file: string): JsonRecords {
  if (/^\uFEFF?\s*\[/.test(text)) return readJsonRecords(text, file, []);
  try {
    return readJsonRecords(text, file, ['result', 'results']);
  } catch (error) {
    const one = objectOf(parseOrUndefined(text))?.result;
    if (!(error instanceof DatarunError) || !objectOf(one)?.id) throw error;
    return { records: [{ value: one, index: 0, line: 1, column: 1 }], skipped: [], total: 1 };
  }
}

function readPackage(
  pkg: Record<string, unknown>,
  at: ForeignDataset['at'],
  site: string | undefined,
): ForeignDataset | string {
  const id = textOf(pkg.id) ?? textOf(pkg.name);
  if (!id) return 'no package id';
  const title = textOf(pkg.title) ?? textOf(pkg.name);
  if (!title) return 'no title';
  const name = textOf(pkg.name);
  const extras = extrasOf(pkg.extras);
  const org = objectOf(pkg.organization);
  const orgName = textOf(org?.title) ?? textOf(org?.name);
  const publisherName = orgName ?? textOf(pkg.maintainer) ?? textOf(pkg.author);
  const resources = Array.isArray(pkg.resources) ? pkg.resources.map(objectOf) : [];
  const url = site && name ? `${site}/dataset/${name}` : (textOf(pkg.ckan_url) ?? textOf(pkg.url));
  const email = textOf(pkg.maintainer_email) ?? textOf(pkg.author_email);
  const frequency = FREQUENCY.map((k) => textOf(extras[k])).find(Boolean);
  const spatial = textOf(extras.spatial_text) ?? plainText(extras.spatial);
  const notes = textOf(pkg.notes);
  const licence = textOf(pkg.license_url) ?? textOf(pkg.license_title) ?? textOf(pkg.license_id);
  return {
    at,
    id,
    ...(url !== undefined && { url }),
    title: { zh: title },
    ...(notes !== undefined && { abstract: { zh: notes } }),
    ...(publisherName !== undefined && {
      publisher: {
        name: { zh: publisherName },
        ...(orgName !== undefined && textOf(org?.name) && { id: textOf(org?.name)! }),
      },
    }),
    keywords: labels(pkg.tags, ['display_name', 'name']),
    themes: labels(pkg.groups, ['title', 'display_name', 'name']),
    issued: textOf(extras.issued) ?? utc(pkg.metadata_created),
    modified: textOf(extras.modified) ?? utc(pkg.metadata_modified),
    ...(frequency !== undefined && { updateCycle: frequency }),
    formats: resources.map((r) => textOf(r?.format) ?? textOf(r?.mimetype)).filter(isText),
    ...(typeof pkg.private === 'boolean' && {
      openType: pkg.private ? '不予开放' : '无条件开放',
    }),
    ...((textOf(pkg.maintainer) ?? email) !== undefined && {
      contact: {
        ...(textOf(pkg.maintainer) && { name: textOf(pkg.maintainer) }),
        ...(email && { email }),
      },
    }),
    ...(licence !== undefined && { licence }),
    ...(spatial !== undefined && { spatial }),
    dropped: [
      ...unusedFields(pkg, USED),
      ...(url !== textOf(pkg.url) && textOf(pkg.url) ? ['url'] : []),
      ...(resources.some((r) => isPresent(r?.url)) ? ['resources[].url'] : []),
      ...Object.keys(extras)
        .filter((k) => !USED_EXTRAS.has(k) && isPresent(extras[k]))
        .map((k) => `extras.${k}`),
    ],
  };
}

/** CKAN lists extras as `[{key, value}]`; some sites give an object. */
function extrasOf(extras: unknown): Record<string, unknown> {
  if (!Array.isArray(extras)) return objectOf(extras) ?? {};
  return Object.fromEntries(
    extras.map(objectOf).flatMap((e) => (e && typeof e.key === 'string' ? [[e.key, e.value]] : [])),
  );
}

/** Tag and group names: objects with one of `keys`, or plain strings. */
function labels(list: unknown, keys: string[]): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => textOf(item) ?? keys.map((k) => textOf(objectOf(item)?.[k])).find(Boolean))
    .filter(isText);
}

/** CKAN writes its own timestamps in UTC without saying so. */
function utc(value: unknown): string | undefined {
  const text = textOf(value);
  return text && /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
}

/** A spatial extra that is a place name, not GeoJSON. */
function plainText(value: unknown): string | undefined {
  const text = textOf(value);
  return text && !/^[[{]/.test(text) ? text : undefined;
}

/** The CKAN site's base URL (`https://data.example.org`), if anything says it. */
function siteOf(text: string, file: string, json: JsonRecords): string | undefined {
  const api = /^(https?:\/\/.+?)\/api\/(?:\d+\/)?action\//;
  const help = /"help"\s*:\s*"(https?:[^"]+)"/.exec(text.slice(0, 2000))?.[1];
  for (const candidate of [help, file]) {
    const m = candidate && api.exec(candidate);
    if (m) return m[1];
  }
  for (const { value } of json.records.slice(0, 20)) {
    const pkg = objectOf(value);
    const ckanUrl = textOf(pkg?.ckan_url);
    const fromPage = ckanUrl && /^(https?:\/\/.+?)\/dataset\//.exec(ckanUrl)?.[1];
    if (fromPage) return fromPage;
    for (const r of Array.isArray(pkg?.resources) ? pkg.resources : []) {
      const m = /^(https?:\/\/.+?)\/dataset\//.exec(textOf(objectOf(r)?.url) ?? '');
      if (m) return m[1];
    }
  }
  return undefined;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

function isText(value: string | undefined): value is string {
  return value !== undefined;
}
