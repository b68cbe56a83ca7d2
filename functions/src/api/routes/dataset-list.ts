import * as z from 'zod';
import { DatarunError, problem } from '../../core/errors.ts';
import { AgencyCodeSchema } from '../../core/schemas/agency.ts';
import {
  CATEGORIES,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  UPDATE_CYCLES,
} from '../../core/schemas/vocabulary.ts';
import { FACETS, SORTS, searchCatalog } from '../../core/search/catalog-search.ts';
import type { CatalogQuery, FacetName } from '../../core/search/catalog-search.ts';
import { decodeCursor, encodeCursor } from '../../core/search/cursor.ts';
import { DatasetSummarySchema, toSummary } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';

/** Page size when `limit` is not given, and the most one page may hold. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });

const facetParam = <T extends z.ZodType>(schema: T, what: string) =>
  z
    .array(schema)
    .optional()
    .describe(`${what}. Repeat the parameter or separate values with commas; any value matches.`);

const LIMIT_PROBLEM = { error: `expected a whole number from 1 to ${MAX_LIMIT}` };

/** The `limit` query parameter of every paged list route. */
export const limitParam = z.coerce
  .number(LIMIT_PROBLEM)
  .int(LIMIT_PROBLEM)
  .min(1, LIMIT_PROBLEM)
  .max(MAX_LIMIT, LIMIT_PROBLEM)
  .default(DEFAULT_LIMIT)
  .describe(`Items per page, 1 to ${MAX_LIMIT}`);

/** The `cursor` query parameter of a paged list route, described for that route. */
export function cursorParam(description: string) {
  return z
    .string()
    .max(2000, { error: 'expected at most 2000 characters' })
    .optional()
    .describe(description);
}

/** The query string of `GET /api/v1/datasets`. */
export const DatasetListQuerySchema = z.strictObject({
  q: z
    .string()
    .max(200, { error: 'expected at most 200 characters' })
    .optional()
    .describe(
      'Full-text search over the Chinese and English title, abstract, keywords and provider name. Chinese is cut into words, so unspaced phrases work (上海市企业登记); every word must match.',
    ),
  agency: facetParam(AgencyCodeSchema, 'Providing agency code, as listed by /api/v1/agencies'),
  category: facetParam(oneOf(CATEGORIES), '信息资源分类 (category)'),
  openType: facetParam(oneOf(OPEN_TYPES), '开放属性 (open type)'),
  format: facetParam(oneOf(RESOURCE_FORMATS), '信息资源格式 (resource format)'),
  updateCycle: facetParam(oneOf(UPDATE_CYCLES), '更新周期 (update cycle)'),
  sort: oneOf(SORTS)
    .optional()
    .describe(
      'Order: relevance (the default with q), modified, issued, title (pinyin) or code; a leading - reverses. Without q the default is -modified.',
    ),
  limit: limitParam,
  cursor: cursorParam(
    'The `next` value of the previous page. It only continues the query it came from: keep q, the filters and sort; limit may change.',
  ),
});

/** One value of a facet with its count. */
export const FacetCountSchema = z.object({
  value: z.string(),
  count: z.number().int().nonnegative(),
});

const FacetCountsSchema = z
  .array(FacetCountSchema)
  .describe(
    'Values with their counts, most first: how many results that value would give with every other filter kept',
  );

/** The answer of `GET /api/v1/datasets`. */
export const DatasetListSchema = z.object({
  items: z.array(DatasetSummarySchema),
  total: z.number().int().nonnegative().describe('Results over all pages'),
  facets: z.object(
    Object.fromEntries(FACETS.map((facet) => [facet, FacetCountsSchema])) as Record<
      FacetName,
      typeof FacetCountsSchema
    >,
  ),
});

/** `GET /api/v1/datasets`: search the public catalog, with facet counts and paging. */
export const datasetList = defineRoute({
  path: '/api/v1/datasets',
  operationId: 'dataset_list',
  summary: 'Search the public catalog',
  description:
    'Full-text search and facet filters over every publicly listed catalog entry, with facet counts and cursor paging.',
  query: DatasetListQuerySchema,
  answer: DatasetListSchema,
  answerName: 'DatasetListAnswer',
  maxAge: 60,
  errors: [503],
  async handle({ query }, { catalog }) {
    const { index, digest } = await catalog();
    const unknown = (query.agency ?? []).filter((code) => !index.agencies.has(code));
    if (unknown.length > 0)
      throw new DatarunError(
        unknown.map((code) =>
          problem('invalid-field', `agency: no agency "${code}"; GET /api/v1/agencies lists them`, {
            field: 'agency',
          }),
        ),
      );
    const search: CatalogQuery = {
      ...(query.q !== undefined && { q: query.q }),
      filters: Object.fromEntries(FACETS.map((facet) => [facet, query[facet] ?? []])),
      ...(query.sort && { sort: query.sort }),
    };
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, search);
    const page = searchCatalog(index, search, { limit: query.limit, ...(after && { after }) });
    return {
      data: {
        items: page.items.map((entry) => toSummary(entry, index)),
        total: page.total,
        facets: page.facets,
      },
      ...(page.next && { next: encodeCursor(search, page.next) }),
      version: digest,
    };
  },
});
