import * as z from 'zod';
import type { DemandEvent, DemandEventType } from '../core/demands/demand-machine.ts';
import { DemandViewSchema } from '../core/demands/demand-views.ts';
import { viewOf } from '../services/demands/read-demands.ts';
import { stepDemand } from '../services/demands/step-demand.ts';
import { defineRoute } from './route.ts';
import type { ApiRoute } from './route.ts';

/** The `{id}` of every demand route. */
export const DemandParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^dm_[a-z0-9]{10,40}$/, 'expected a demand id such as dm_…')
    .describe('The demand id (dm_…)'),
});

/** Every demand route: for signed-in agency and platform staff, never cached. */
export const DEMAND_ROUTE = { cache: 'no-store', maxAge: 0, signIn: true } as const;

/**
 * Declares `POST /api/v1/demands/{id}/{event}`: one person's step in a demand's life,
 * answering the demand after it. A step the state does not allow, or that lost a race with
 * another person's, is a 409.
 */
export function defineDemandStepRoute<B extends z.ZodObject>(spec: {
  event: DemandEventType;
  body: B;
  summary: string;
  description: string;
  toEvent(body: z.output<B>): DemandEvent;
}): ApiRoute {
  return defineRoute({
    method: 'post',
    path: `/api/v1/demands/{id}/${spec.event}`,
    operationId: `demand_${spec.event}`,
    summary: spec.summary,
    description: spec.description,
    params: DemandParamsSchema,
    body: spec.body,
    answer: DemandViewSchema,
    answerName: 'DemandAnswer',
    ...DEMAND_ROUTE,
    errors: [401, 403, 404, 409, 503],
    async handle({ params, body, identity }, context) {
      const demands = context.demands();
      const after = await stepDemand(demands, identity, params.id, spec.toEvent(body));
      const view = viewOf(demands, identity, after);
      return { data: view, version: String(view.revision) };
    },
  });
}
