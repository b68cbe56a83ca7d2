import * as z from 'zod';
import { AgencyCodeSchema } from '../../core/schemas/agency.ts';
import { SHARE_TYPES } from '../../core/schemas/vocabulary.ts';
import { FACETS, searchCatalog } from '../../core/search/catalog-search.ts';
import { guard } from '../../services/sharing/guard.ts';
import { defineRoute } from '../route.ts';
import { ShareEntrySchema, toShareEntry } from '../share-views.ts';

const PAGE_SIZE = 20;

/** `GET /api/v1/share-catalog`: the whole share catalog, for signed-in agency staff. */
export const shareCatalogList = defineRoute({
  path: '/api/v1/share-catalog',
  operationId: 'share_catalog_list',
  summary: 'Search the share catalog (agency staff)',
  description:
    'Every published entry, 有条件共享 and 不予共享 included, with its share attributes (共享类型, 共享条件 or 不予共享依据, 共享方式) and 信息项. Needs a signed-in identity of any role; the public catalog (GET /api/v1/datasets) never lists shared-only entries.',
  query: z.strictObject({
    q: z.string().max(200).optional().describe('Full-text search, as in GET /api/v1/datasets'),
    shareType: z
      .array(z.enum(SHARE_TYPES))
      .optional()
      .describe('共享类型; repeat or separate with commas'),
    provider: z
      .array(AgencyCodeSchema)
      .optional()
      .describe('Providing agency codes; repeat or separate with commas'),
    page: z.coerce.number().int().min(1).max(10_000).default(1).describe('Page number, from 1'),
  }),
  answer: z.object({
    total: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    results: z.array(ShareEntrySchema),
  }),
  answerName: 'ShareCatalogListAnswer',
  cache: 'no-store',
  maxAge: 0,
  signIn: true,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    await guard(context.sharing(), identity, 'share-catalog.search', {}, 'share-catalog');
    const { index, digest } = await context.shareCatalog();
    const found = searchCatalog(
      index,
      {
        ...(query.q !== undefined && { q: query.q }),
        filters: Object.fromEntries(FACETS.map((facet) => [facet, []])),
      },
      { limit: index.entries.length || 1 },
    ).items.filter(
      (entry) =>
        (!query.shareType || query.shareType.includes(entry.shareType)) &&
        (!query.provider || query.provider.includes(entry.provider)),
    );
    const start = (query.page - 1) * PAGE_SIZE;
    return {
      data: {
        total: found.length,
        page: query.page,
        pageSize: PAGE_SIZE,
        results: found.slice(start, start + PAGE_SIZE).map((entry) => toShareEntry(entry, index)),
      },
      version: digest,
    };
  },
});
