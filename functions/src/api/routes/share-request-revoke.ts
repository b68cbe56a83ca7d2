import * as z from 'zod';
import { TEXT_LIMITS } from '../../core/sharing/share-request.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/revoke`: the grant ends at once; its extracts are deleted. */
export const shareRequestRevoke = defineStepRoute({
  event: 'revoke',
  summary: 'Revoke a share grant (provider, reviewer, admin)',
  description:
    'Ends an approved grant at once: further extracts are refused and the extracts already made are deleted, so their links stop working.',
  body: z.strictObject({
    reason: z.string().trim().min(1).max(TEXT_LIMITS.reason).describe('Why; the requester sees it'),
  }),
  toEvent: ({ reason }) => ({ type: 'revoke', reason }),
});
