import * as z from 'zod';
import type { FieldType } from '../../core/rows/typed-literal.ts';
import type { DatasetRows } from '../rows/dataset-rows-query.ts';
import type { CkanAction } from './ckan-actions.ts';
import { resourceId } from './ckan-ids.ts';
import type { CkanParams } from './ckan-params.ts';
import type { ResourceTarget } from './ckan-ids.ts';
import { DATASTORE_MAX_LIMIT, translateDatastoreSearch } from './ckan-datastore-params.ts';

/** The column types as CKAN's DataStore (PostgreSQL) names them. */
const CKAN_TYPES: Record<FieldType, string> = {
  string: 'text',
  integer: 'int',
  number: 'numeric',
  date: 'date',
  datetime: 'timestamp',
  boolean: 'bool',
};

const DatastoreSearchResultSchema = z.object({
  resource_id: z.string(),
  fields: z.array(z.object({ id: z.string(), type: z.string() })),
  records: z.array(z.record(z.string(), z.unknown())),
  records_format: z.literal('objects'),
  limit: z.number().int(),
  offset: z.number().int(),
  include_total: z.boolean(),
  total: z.number().int().optional(),
  total_was_estimated: z.boolean().optional(),
  _links: z.object({ start: z.string(), next: z.string() }),
});

/** `datastore_search`: the rows of a version's CSV resource, through datarun's row query. */
export const datastoreSearch: CkanAction = {
  name: 'datastore_search',
  summary: 'Rows of a published CSV resource (CKAN DataStore)',
  description: `Filtered, sorted and paged rows of one version, answered by the same engine as GET /api/v1/datasets/{code}/rows. filters are exact matches (a list matches any of its values); q searches every text column; limit is at most ${DATASTORE_MAX_LIMIT}; offset + limit may not pass 10,000: page further with GET /api/v1/datasets/{code}/rows and its cursors.`,
  params: [
    {
      name: 'resource_id',
      type: 'string',
      required: true,
      description:
        'The CSV resource of a version, as package_show lists it: {name}.v{version}.csv, e.g. 103-000004.v1.csv',
    },
    { name: 'filters', type: 'string', description: 'JSON object: {"column": value or [values]}' },
    { name: 'q', type: 'string', description: 'Text to find in any text column' },
    { name: 'fields', type: 'list', description: 'Columns to return, comma-separated' },
    { name: 'sort', type: 'string', description: 'e.g. "name asc, code desc"' },
    {
      name: 'limit',
      type: 'integer',
      description: `Rows per page, 100 by default, at most ${DATASTORE_MAX_LIMIT}`,
    },
    { name: 'offset', type: 'integer', description: 'Rows to skip' },
    {
      name: 'include_total',
      type: 'boolean',
      description: 'Count the matching rows (default true)',
    },
  ],
  result: DatastoreSearchResultSchema,
  async run(params, context) {
    const { target, params: rowParams } = translateDatastoreSearch(params);
    const rows = await context.rows(target, rowParams);
    return {
      result: toDatastoreResult(params, target, rowParams, rows),
      version: rowsVersion(rows),
    };
  },
};

/**
 * The answer as CKAN writes it; `_links` repeat the request (filters, q, sort…) as a query
 * string with the offset of the first and of the next page.
 */
function toDatastoreResult(
  asked: CkanParams,
  target: ResourceTarget,
  params: URLSearchParams,
  rows: DatasetRows,
) {
  const limit = Number(params.get('limit'));
  const offset = Number(params.get('offset'));
  const id = resourceId(target.code, rows.version, 'csv');
  const link = (at: number) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(asked))
      if (name !== 'offset' && name !== 'id')
        query.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    query.set('resource_id', id);
    query.set('offset', String(at));
    return `/api/3/action/datastore_search?${query}`;
  };
  const includeTotal = params.get('count') !== 'none';
  return {
    resource_id: id,
    fields: rows.fields.map((field) => ({ id: field.name, type: CKAN_TYPES[field.type] })),
    records: rows.items,
    records_format: 'objects' as const,
    limit,
    offset,
    include_total: includeTotal,
    ...(rows.total && { total: rows.total.value, total_was_estimated: !rows.total.exact }),
    _links: { start: link(0), next: link(offset + limit) },
  };
}

/** Versions never change, so the version is all an answer depends on besides its URL. */
const rowsVersion = (rows: DatasetRows) => `${rows.code}@${rows.version}`;
