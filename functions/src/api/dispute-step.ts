import * as z from 'zod';
import { DISPUTE_TEXT_LIMITS } from '../core/disputes/dispute.ts';
import type { DisputeEvent, DisputeEventType } from '../core/disputes/dispute-machine.ts';
import { DisputeStaffViewSchema } from '../core/disputes/dispute-views.ts';
import { showDispute } from '../services/disputes/read-disputes.ts';
import { stepDispute } from '../services/disputes/step-dispute.ts';
import { defineRoute } from './route.ts';
import type { ApiRoute } from './route.ts';

/** The `{id}` of every dispute route. */
export const DisputeParamsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^dp_[a-z0-9]{10,40}$/, 'expected a dispute id such as dp_…')
    .describe('The dispute id (dp_…)'),
});

/**
 * Every dispute route: never cached. None is marked `signIn`, since a report and a status
 * link work without signing in on the same paths; the access policy answers 401 for the rest.
 */
export const DISPUTE_ROUTE = { cache: 'no-store', maxAge: 0 } as const;

/**
 * Declares `POST /api/v1/disputes/{id}/{event}`: one provider's step in a dispute's life. A
 * step the state does not allow, or that lost a race with another person's, is a 409.
 */
export function defineDisputeStepRoute<B extends z.ZodObject>(spec: {
  event: Exclude<DisputeEventType, 'correct'>;
  body: B;
  summary: string;
  description: string;
  toEvent(body: z.output<B>): DisputeEvent;
}): ApiRoute {
  return defineRoute({
    method: 'post',
    path: `/api/v1/disputes/{id}/${spec.event}`,
    operationId: `dispute_${spec.event}`,
    summary: spec.summary,
    description: spec.description,
    params: DisputeParamsSchema,
    body: spec.body,
    answer: DisputeStaffViewSchema,
    answerName: 'DisputeStaffAnswer',
    ...DISPUTE_ROUTE,
    errors: [401, 403, 404, 409, 503],
    async handle({ params, body, identity }, context) {
      const disputes = context.disputes();
      await stepDispute(disputes, identity, params.id, spec.toEvent(body));
      const view = await showDispute(disputes, identity, params.id);
      return { data: view, version: String(view.revision) };
    },
  });
}

/** The body of the steps that need a reason. */
export const ReasonBodySchema = (why: string) =>
  z.strictObject({
    reason: z.string().trim().min(1).max(DISPUTE_TEXT_LIMITS.reason).describe(why),
  });
