import { DemandViewSchema } from '../../core/demands/demand-views.ts';
import { showDemand } from '../../services/demands/read-demands.ts';
import { DEMAND_ROUTE, DemandParamsSchema } from '../demand-step.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/demands/{id}`: one demand, with what the caller may do now. */
export const demandShow = defineRoute({
  path: '/api/v1/demands/{id}',
  operationId: 'demand_show',
  summary: 'One demand or responsibility item',
  description:
    'The demand with its history, provider, responsibility item and fulfilment, `overdue` and `allowed`. For the requesting agency’s consumers, the assigned provider’s staff, reviewers and admins.',
  params: DemandParamsSchema,
  answer: DemandViewSchema,
  answerName: 'DemandAnswer',
  ...DEMAND_ROUTE,
  errors: [401, 403, 404, 503],
  async handle({ params, identity }, context) {
    const view = await showDemand(context.demands(), identity, params.id);
    return { data: view, version: String(view.revision) };
  },
});
