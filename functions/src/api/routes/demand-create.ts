import { DemandInputSchema } from '../../core/demands/demand.ts';
import { DemandViewSchema } from '../../core/demands/demand-views.ts';
import { viewOf } from '../../services/demands/read-demands.ts';
import { submitDemand } from '../../services/demands/submit-demand.ts';
import { DEMAND_ROUTE } from '../demand-step.ts';
import { defineRoute } from '../route.ts';

/** `POST /api/v1/demands`: a consumer records data their agency needs (需求清单). */
export const demandCreate = defineRoute({
  method: 'post',
  path: '/api/v1/demands',
  operationId: 'demand_create',
  summary: 'Record a data demand (consumer)',
  description:
    'Records data the caller’s agency needs that the share catalog lacks or shares too narrowly: title, description, the 信息项 wanted, purpose, legal basis and, optionally, the related entry. Stored as submitted; the platform reviewers are notified and assign it to a provider. Needs the consumer role.',
  body: DemandInputSchema,
  answer: DemandViewSchema,
  answerName: 'DemandAnswer',
  status: 201,
  ...DEMAND_ROUTE,
  errors: [401, 403, 409, 503],
  async handle({ body, identity }, context) {
    const demands = context.demands();
    const demand = await submitDemand(demands, identity, body);
    return { data: viewOf(demands, identity, demand), version: String(demand.revision) };
  },
});
