import * as z from 'zod';
import {
  DisputeStaffViewSchema,
  DisputeStatusViewSchema,
} from '../../core/disputes/dispute-views.ts';
import { disputeStatus, showDispute } from '../../services/disputes/read-disputes.ts';
import { DISPUTE_ROUTE, DisputeParamsSchema } from '../dispute-step.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/disputes/{id}`: the reporter's status (with `token`), or the staff view. */
export const disputeShow = defineRoute({
  path: '/api/v1/disputes/{id}',
  operationId: 'dispute_show',
  summary: 'One dispute: the reporter’s status link, or the staff view',
  description:
    'With `token` (from the status link the report answered): the reporter’s status view, without signing in: the report, the cell, the state, the deadline and the steps, never a contact or a staff member’s name. A wrong token answers 404, as an unknown id does. Without `token`: the full dispute for its provider, reviewers and the reporting agency, with `actions`; needs signing in.',
  params: DisputeParamsSchema,
  query: z.strictObject({
    token: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The secret of the reporter’s status link'),
  }),
  answer: z.union([DisputeStatusViewSchema, DisputeStaffViewSchema]),
  answerName: 'DisputeAnswer',
  ...DISPUTE_ROUTE,
  errors: [401, 403, 404, 503],
  async handle({ params, query, identity }, context) {
    const disputes = context.disputes();
    if (query.token !== undefined) {
      const view = await disputeStatus(disputes, params.id, query.token);
      return { data: view, version: '' };
    }
    const view = await showDispute(disputes, identity, params.id);
    return { data: view, version: String(view.revision) };
  },
});
