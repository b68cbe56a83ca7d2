import * as z from 'zod';
import { AgencySummarySchema, agencySummaries } from '../../core/search/catalog-stats.ts';
import { defineRoute } from '../route.ts';

/** The answer of `GET /api/v1/agencies`. */
export const AgencyListSchema = z.object({
  items: z.array(AgencySummarySchema),
  total: z.number().int().nonnegative(),
});

/** `GET /api/v1/agencies`: every agency with its counts of public entries. */
export const agencyList = defineRoute({
  path: '/api/v1/agencies',
  operationId: 'agency_list',
  summary: 'Agencies and their public entries',
  description:
    'Every agency of the catalog, in catalog order, with how many publicly listed entries it provides and how many of those have data.',
  answer: AgencyListSchema,
  answerName: 'AgencyListAnswer',
  maxAge: 60,
  errors: [503],
  async handle(_input, { catalog }) {
    const { snapshot, digest } = await catalog();
    const items = agencySummaries(snapshot);
    return { data: { items, total: items.length }, version: digest };
  },
});
