import * as z from 'zod';
import { TEXT_LIMITS } from '../../core/sharing/share-request.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/return`: the platform returns the request for correction. */
export const shareRequestReturn = defineStepRoute({
  event: 'return',
  summary: 'Return a share request for correction (reviewer)',
  description:
    'The reviewer returns a submitted request with the reason; the requester corrects and resubmits it within 10 working days or it lapses. At most two returns per request. Needs the reviewer role.',
  body: z.strictObject({
    reason: z.string().trim().min(1).max(TEXT_LIMITS.reason).describe('Why; the requester sees it'),
  }),
  toEvent: ({ reason }) => ({ type: 'return', reason }),
});
