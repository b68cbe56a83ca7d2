import * as z from 'zod';
import { TEXT_LIMITS } from '../../core/sharing/share-request.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/withdraw`: the requester withdraws the request before a decision. */
export const shareRequestWithdraw = defineStepRoute({
  event: 'withdraw',
  summary: 'Withdraw a share request (consumer)',
  description:
    'The requesting agency’s consumer withdraws a submitted, returned or accepted request.',
  body: z.strictObject({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(TEXT_LIMITS.reason)
      .optional()
      .describe('Why, if you wish to say'),
  }),
  toEvent: ({ reason }) => ({ type: 'withdraw', ...(reason && { reason }) }),
});
