import * as z from 'zod';
import { DemandStateSchema } from '../../core/demands/demand.ts';
import { DemandViewSchema } from '../../core/demands/demand-views.ts';
import { listDemands } from '../../services/demands/read-demands.ts';
import { DEMAND_ROUTE } from '../demand-step.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/demands`: the demands the caller may see, newest first. */
export const demandList = defineRoute({
  path: '/api/v1/demands',
  operationId: 'demand_list',
  summary: 'List demands and responsibility items',
  description:
    'Consumers: the demands their agency recorded. Providers: the demands assigned to their agency (their responsibility items once accepted). Reviewers and admins: every demand. A person with several roles sees the union. Newest first, each with `overdue` and `allowed` (what the caller may do now). Needs signing in.',
  query: z.strictObject({
    state: DemandStateSchema.optional().describe('Only demands in this state'),
  }),
  answer: z.object({ demands: z.array(DemandViewSchema) }),
  answerName: 'DemandListAnswer',
  ...DEMAND_ROUTE,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    const demands = await listDemands(context.demands(), identity, {
      ...(query.state && { state: query.state }),
    });
    return { data: { demands }, version: '' };
  },
});
