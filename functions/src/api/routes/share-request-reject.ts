import * as z from 'zod';
import { TEXT_LIMITS } from '../../core/sharing/share-request.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/reject`: the provider refuses the request, with the reason. */
export const shareRequestReject = defineStepRoute({
  event: 'reject',
  summary: 'Reject a share request (provider)',
  description:
    'The providing agency rejects an accepted request with the reason. Needs the provider role of the providing agency.',
  body: z.strictObject({
    reason: z.string().trim().min(1).max(TEXT_LIMITS.reason).describe('Why; the requester sees it'),
  }),
  toEvent: ({ reason }) => ({ type: 'reject', reason }),
});
