import * as z from 'zod';
import { DisputeStateSchema } from '../../core/disputes/dispute.ts';
import { DisputeStaffViewSchema } from '../../core/disputes/dispute-views.ts';
import { EntryCodeSchema } from '../../core/schemas/catalog-entry.ts';
import { listDisputes } from '../../services/disputes/read-disputes.ts';
import { DISPUTE_ROUTE } from '../dispute-step.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/disputes`: the provider's inbox, the reviewers' queue, or my agency's reports. */
export const disputeList = defineRoute({
  path: '/api/v1/disputes',
  operationId: 'dispute_list',
  summary: 'List disputes (inbox, queue, mine)',
  description:
    'view=inbox: disputes about the data of the caller’s agency (provider role), by deadline. view=queue: every open dispute, by deadline (reviewers, admins). view=mine: the reports of the caller’s agency, newest first. Each with `actions`, what the caller may do now, and `isOverdue`. Needs signing in.',
  query: z.strictObject({
    view: z.enum(['inbox', 'queue', 'mine']).default('mine').describe('Which list'),
    state: DisputeStateSchema.optional().describe('Only disputes in this state'),
    code: EntryCodeSchema.optional().describe('Only disputes about this entry (103/000002)'),
  }),
  answer: z.object({ results: z.array(DisputeStaffViewSchema) }),
  answerName: 'DisputeListAnswer',
  ...DISPUTE_ROUTE,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    const results = await listDisputes(context.disputes(), identity, query.view, {
      ...(query.state && { state: query.state }),
      ...(query.code && { code: query.code }),
    });
    return { data: { results }, version: '' };
  },
});
