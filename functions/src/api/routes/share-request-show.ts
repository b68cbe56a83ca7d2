import { showShareRequest } from '../../services/sharing/read-share-requests.ts';
import { defineRoute } from '../route.ts';
import {
  AGENCY_ROUTE,
  ShareRequestParamsSchema,
  ShareRequestViewSchema,
} from '../share-request-views.ts';

/** `GET /api/v1/share-requests/{id}`: one request, with its history and grant. */
export const shareRequestShow = defineRoute({
  path: '/api/v1/share-requests/{id}',
  operationId: 'share_request_show',
  summary: 'One share request',
  description:
    'The request with its history, deadline, overdue steps and grant. For the requesting agency’s consumers, the providing agency’s providers, reviewers and admins.',
  params: ShareRequestParamsSchema,
  answer: ShareRequestViewSchema,
  answerName: 'ShareRequestAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 404, 503],
  async handle({ params, identity }, context) {
    const request = await showShareRequest(context.sharing(), identity, params.id);
    return { data: request, version: String(request.revision) };
  },
});
