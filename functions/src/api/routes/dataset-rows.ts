import * as z from 'zod';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import {
  COUNT_MODES,
  DEFAULT_ROW_LIMIT,
  FILTER_OPERATORS,
  MAX_IN_VALUES,
  MAX_OFFSET_WINDOW,
  MAX_Q_LENGTH,
  MAX_ROW_LIMIT,
  ROW_FORMATS,
} from '../../core/rows/row-query-params.ts';
import { TableFieldSchema } from '../../core/schemas/dataset-version.ts';
import type { ApiRoute } from '../route.ts';
import { ROW_MEDIA_TYPES, queryDatasetRows } from '../rows/dataset-rows-query.ts';

const RowValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The answer of `GET /api/v1/datasets/{code}/rows` (format=json). */
export const DatasetRowsSchema = z.object({
  fields: z
    .array(TableFieldSchema.pick({ name: true, type: true }))
    .describe('The columns of the answer, in order, with their Table Schema types'),
  items: z
    .array(z.record(z.string(), RowValueSchema))
    .describe(
      'Rows keyed by column: integers and numbers as JSON numbers (an integer beyond ±2^53 as a string of its digits), booleans as booleans, dates and text as strings, null for empty',
    ),
  total: z
    .object({
      value: z.number().int().nonnegative(),
      exact: z.boolean().describe('false when the value was estimated from a sample'),
    })
    .optional()
    .describe('Rows matching the query over all pages; absent with count=none'),
});

const operators = FILTER_OPERATORS.map((o) => `__${o}`).join(', ');

/** The query string, as OpenAPI documents it; the row engine reads it (row-query-params.ts). */
const RowsQuerySchema = z.strictObject({
  fields: z
    .array(z.string())
    .optional()
    .describe('Columns to return, in order (repeat or separate with commas); all by default'),
  q: z
    .string()
    .max(MAX_Q_LENGTH)
    .optional()
    .describe(
      'Full text: every word must occur in some text column of the row, ignoring case and full/half width',
    ),
  sort: z
    .array(z.string())
    .optional()
    .describe('Columns to sort by, `-` before a name for descending; ties keep row order'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_ROW_LIMIT)
    .default(DEFAULT_ROW_LIMIT)
    .describe(`Rows per page, 1 to ${MAX_ROW_LIMIT}`),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_OFFSET_WINDOW - 1)
    .default(0)
    .describe(
      `Rows to skip, while offset + limit is at most ${MAX_OFFSET_WINDOW}; page further with cursor`,
    ),
  cursor: z.string().max(2000).optional().describe('The `next` of the previous page'),
  count: z
    .enum(COUNT_MODES)
    .default('estimate')
    .describe('How `total` is worked out: exact, estimate (exact when cheap), or none'),
  format: z
    .enum(ROW_FORMATS)
    .default('json')
    .describe('json (the envelope), ndjson, csv, or geojson where the dataset has coordinates'),
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Version number, as listed in the entry’s versions; the latest by default'),
  filters: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      `Every other parameter is a filter on a column: \`column=value\` or \`column__operator=value\` with the operators ${operators}. Values are read by the column's type; an empty value stands for an empty cell; \`__in\` takes up to ${MAX_IN_VALUES} comma-separated values or a JSON array. Filters are combined with AND.`,
    ),
});

/**
 * `GET /api/v1/datasets/{code}/rows`: filtered, sorted, paged rows of one published version.
 * Its query string is open-ended (any column can be a filter, each given once), so the route
 * reads the raw query string itself rather than through a fixed schema: the schema above
 * documents it, and the row engine checks it against the dataset's own columns.
 */
export const datasetRows: ApiRoute = {
  method: 'get',
  cache: 'public',
  path: '/api/v1/datasets/{code}/rows',
  operationId: 'dataset_rows',
  summary: 'Rows of a dataset: filtered, sorted and paged',
  description:
    'Rows of one published open version (the latest by default), typed by its Table Schema, with filters, full text, sort, cursor paging, counts, and NDJSON, CSV or GeoJSON instead of the JSON envelope. Entries the public may not see answer 404, as unknown codes do; an entry without published open data answers 404 saying so.',
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  query: RowsQuerySchema,
  answer: DatasetRowsSchema,
  answerName: 'DatasetRowsAnswer',
  maxAge: 60,
  produces: Object.values(ROW_MEDIA_TYPES),
  errors: [404, 503],
  async run(c, context) {
    const url = new URL(c.req.url);
    checkEncoding(url.search);
    const rows = await queryDatasetRows(context, { code: c.req.param('code')! }, url.searchParams);
    // Versions never change: the version read and the URL say everything the answer holds.
    const version = `rows ${rows.code} ${rows.version}`;
    if (!rows.body) {
      const { fields, items, total } = rows;
      return { data: { fields, items, ...(total && { total }) }, next: rows.next, version };
    }
    const headers: Record<string, string> = {};
    if (rows.next) {
      const params = new URLSearchParams(url.search);
      params.delete('offset');
      params.set('cursor', rows.next);
      headers.Link = `<${url.pathname}?${params.toString()}>; rel="next"`;
    }
    return { body: rows.body.text, contentType: rows.body.contentType, version, headers };
  },
};

/**
 * Refuses a query string whose percent-escapes are malformed or do not spell UTF-8 (lone
 * surrogates among them), which the URL parser would otherwise turn into U+FFFD quietly.
 */
function checkEncoding(search: string): void {
  const problems: Problem[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const split = part.indexOf('=');
    const rawName = split < 0 ? part : part.slice(0, split);
    const name = decode(rawName);
    if (name === undefined || decode(split < 0 ? '' : part.slice(split + 1)) === undefined) {
      const field = name ?? rawName;
      problems.push(
        problem(
          'invalid-field',
          `${field}: malformed percent-encoding; escapes must spell UTF-8 characters (a lone surrogate such as %ED%A0%80 does not)`,
          { field },
        ),
      );
    }
  }
  if (problems.length > 0) throw new DatarunError(problems);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
