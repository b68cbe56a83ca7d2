import { CatalogStatsSchema, catalogStats } from '../../core/search/catalog-stats.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/stats`: the headline figures of the public catalog. */
export const statsShow = defineRoute({
  path: '/api/v1/stats',
  operationId: 'stats_show',
  summary: 'Catalog figures',
  description:
    'Entries, agencies, entries with data and 目录挂接率 (linkRate) of the public catalog, with counts per category, open type, format and update cycle (zeros included).',
  answer: CatalogStatsSchema,
  answerName: 'StatsShowAnswer',
  maxAge: 60,
  errors: [503],
  async handle(_input, { catalog }) {
    const { snapshot, digest } = await catalog();
    return { data: catalogStats(snapshot), version: digest };
  },
});
