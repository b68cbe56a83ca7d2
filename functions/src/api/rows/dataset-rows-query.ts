import { DatarunError, problem } from '../../core/errors.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import { distributionKey, schemaKey } from '../../core/publish/object-keys.ts';
import { coordinateColumns, geojsonBody } from '../../core/rows/geojson.ts';
import { csvBody, ndjsonBody, rowFields, rowItems } from '../../core/rows/row-output.ts';
import type { RowField, RowItem } from '../../core/rows/row-output.ts';
import { runRowQuery } from '../../core/rows/row-query.ts';
import type { RowTotal } from '../../core/rows/row-query.ts';
import { parseRowQuery, readVersion } from '../../core/rows/row-query-params.ts';
import type { RowFormat } from '../../core/rows/row-query-params.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import { loadRowTable } from '../../services/rows/load-row-table.ts';
import type { RowTableRef } from '../../services/rows/load-row-table.ts';
import { RowTableCache } from '../../services/rows/row-table-cache.ts';
import { codeOf } from '../dataset-views.ts';
import type { LoadedCatalog } from '../snapshot-cache.ts';

/** What a row query reads: the public catalog, and the open zone where the versions are. */
export type RowsContext = {
  catalog(): Promise<LoadedCatalog>;
  objects: Pick<ObjectStore, 'head' | 'getText' | 'getStream'>;
};

/** One page of rows of one version, typed, and written in the format asked for. */
export type DatasetRows = {
  code: string;
  version: number;
  fields: RowField[];
  items: RowItem[];
  total?: RowTotal;
  /** The cursor of the next page; absent on the last one. */
  next?: string;
  format: RowFormat;
  /** The page as NDJSON, CSV or GeoJSON, when `format` asks for one of them. */
  body?: { text: string; contentType: string };
};

/** The media type of each format other than the JSON envelope. */
export const ROW_MEDIA_TYPES: Record<Exclude<RowFormat, 'json'>, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** One table cache per object store, so every app (and test) over its own storage has its own. */
const caches = new WeakMap<object, RowTableCache>();

function tablesOf(objects: RowsContext['objects']): RowTableCache {
  let cache = caches.get(objects);
  if (!cache) {
    cache = new RowTableCache({
      load: (ref) => loadRowTable(objects, ref),
      csvBytes: async (ref) => (await objects.head('open', ref.csvKey))?.bytes,
    });
    caches.set(objects, cache);
  }
  return cache;
}

/** The tables held for a store and the bytes they take, for benchmarks and operators. */
export function rowCacheUsage(objects: RowsContext['objects']): { tables: number; bytes: number } {
  return caches.get(objects)?.usage() ?? { tables: 0, bytes: 0 };
}

/**
 * Runs a row query on a public dataset: `GET /api/v1/datasets/{code}/rows`, and CKAN's
 * `datastore_search` once translated. `params` are the row query's parameters exactly as v1
 * takes them (filters, fields, q, sort, limit, offset, cursor, count, format, version);
 * `target.version`, when given, chooses the version instead of a `version` parameter. Bad
 * input throws a DatarunError naming the parameter (400); unknown, withheld and data-less
 * entries a 404 one.
 */
export async function queryDatasetRows(
  context: RowsContext,
  target: { code: string; version?: number },
  params: URLSearchParams,
): Promise<DatasetRows> {
  const asked = readVersion(params);
  if (target.version !== undefined && asked !== undefined && asked !== target.version)
    throw new DatarunError(
      problem(
        'invalid-field',
        `version: ${asked} differs from the version ${target.version} asked for`,
        {
          field: 'version',
        },
      ),
    );
  const { index } = await context.catalog();
  const entry = index.byCode.get(codeOf(target.code));
  // One answer for codes that do not exist and entries the public may not see, as
  // GET /api/v1/datasets/{code} gives, so the catalog does not reveal what it withholds.
  if (!entry)
    throw new DatarunError(
      problem('not-found', `no public dataset ${JSON.stringify(target.code)}`, { field: 'code' }),
    );
  const ref = versionRef(entry, target.version ?? asked);
  const table = await tablesOf(context.objects).table(ref);
  const fields = table.columns.map((column) => ({ name: column.name, type: column.type }));
  const query = parseRowQuery(params, fields);
  const scope = { code: entry.code, version: ref.version };
  const page = runRowQuery(table, query, scope);
  const items = rowItems(table, page.rows, query.fields);
  const result: DatasetRows = {
    code: entry.code,
    version: ref.version,
    fields: rowFields(table, query.fields),
    items,
    ...(page.total && { total: page.total }),
    ...(page.next && { next: page.next }),
    format: query.format,
  };
  if (query.format === 'ndjson')
    result.body = { text: ndjsonBody(items), contentType: ROW_MEDIA_TYPES.ndjson };
  else if (query.format === 'csv')
    result.body = {
      text: csvBody(table, page.rows, query.fields),
      contentType: ROW_MEDIA_TYPES.csv,
    };
  else if (query.format === 'geojson')
    result.body = {
      text: geojsonBody(table, page.rows, query.fields, coordinateColumns(fields)!),
      contentType: ROW_MEDIA_TYPES.geojson,
    };
  return result;
}

/** Where the rows of the wanted version (the latest by default) are, or the 404 saying why not. */
function versionRef(entry: SnapshotEntry, wanted: number | undefined): RowTableRef {
  const latest = entry.latest;
  if (!latest || entry.versions.length === 0) {
    const message =
      entry.hasData && entry.openType === '有条件开放'
        ? `${entry.code} is opened on condition (有条件开放): its rows are given on request, not queried here`
        : `${entry.code} has no published open data yet: there are no rows to query`;
    throw new DatarunError(problem('not-found', message, { field: 'code' }));
  }
  const version = wanted ?? latest.version;
  const listed = entry.versions.find((v) => v.version === version);
  if (!listed)
    throw new DatarunError(
      problem(
        'not-found',
        `${entry.code} has no version ${version}; its versions are ${entry.versions.map((v) => v.version).join(', ')}`,
        { field: 'version' },
      ),
    );
  const isLatest = version === latest.version;
  const csvBytes = isLatest
    ? latest.distributions.find((d) => d.format === 'csv')?.bytes
    : undefined;
  return {
    code: entry.code,
    version,
    csvKey: distributionKey('open', entry.code, version, 'csv'),
    schemaKey: schemaKey('open', entry.code, version),
    ...(isLatest && { schema: latest.schema }),
    rowCount: listed.rowCount,
    ...(csvBytes !== undefined && { csvBytes }),
  };
}
