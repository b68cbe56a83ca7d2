import * as z from 'zod';
import { ShareRequestStateSchema } from '../../core/sharing/share-request.ts';
import { listShareRequests } from '../../services/sharing/read-share-requests.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE, ShareRequestViewSchema } from '../share-request-views.ts';

/** `GET /api/v1/share-requests`: my requests, my inbox, or the reviewer's queue. */
export const shareRequestList = defineRoute({
  path: '/api/v1/share-requests',
  operationId: 'share_request_list',
  summary: 'List share requests (mine, inbox, queue)',
  description:
    'view=mine: the requests of the caller’s agency (consumer), newest first. view=inbox: requests to the caller’s agency as provider, by deadline. view=queue: the reviewer’s queue of open requests of every agency, by deadline.',
  query: z.strictObject({
    view: z.enum(['mine', 'inbox', 'queue']).default('mine').describe('Which list'),
    state: ShareRequestStateSchema.optional().describe('Only requests in this state'),
  }),
  answer: z.object({ results: z.array(ShareRequestViewSchema) }),
  answerName: 'ShareRequestListAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    const results = await listShareRequests(context.sharing(), identity, query.view, query.state);
    return { data: { results }, version: '' };
  },
});
