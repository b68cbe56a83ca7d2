import type * as z from 'zod';
import type { PersonEvent } from '../core/sharing/share-request-actions.ts';
import type { ShareEvent } from '../core/sharing/share-request-machine.ts';
import { showShareRequest } from '../services/sharing/read-share-requests.ts';
import { stepShareRequest } from '../services/sharing/step-share-request.ts';
import { defineRoute } from './route.ts';
import type { ApiRoute } from './route.ts';
import {
  AGENCY_ROUTE,
  ShareRequestParamsSchema,
  ShareRequestViewSchema,
} from './share-request-views.ts';

/**
 * Declares `POST /api/v1/share-requests/{id}/{event}`: one person's step in a request's life.
 * A step the state does not allow, or that lost a race with another person's, is a 409.
 */
export function defineStepRoute<B extends z.ZodObject>(spec: {
  event: PersonEvent;
  body: B;
  summary: string;
  description: string;
  toEvent(body: z.output<B>): Extract<ShareEvent, { type: PersonEvent }>;
}): ApiRoute {
  return defineRoute({
    method: 'post',
    path: `/api/v1/share-requests/{id}/${spec.event}`,
    operationId: `share_request_${spec.event}`,
    summary: spec.summary,
    description: spec.description,
    params: ShareRequestParamsSchema,
    body: spec.body,
    answer: ShareRequestViewSchema,
    answerName: 'ShareRequestAnswer',
    ...AGENCY_ROUTE,
    errors: [401, 403, 404, 409, 503],
    async handle({ params, body, identity }, context) {
      const sharing = context.sharing();
      await stepShareRequest(sharing, identity, params.id, spec.toEvent(body));
      const view = await showShareRequest(sharing, identity, params.id);
      return { data: view, version: String(view.revision) };
    },
  });
}
