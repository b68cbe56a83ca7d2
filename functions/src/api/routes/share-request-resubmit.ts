import * as z from 'zod';
import { ShareRequestInputSchema } from '../../core/sharing/share-request.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/resubmit`: the requester sends a returned request again, corrected. */
export const shareRequestResubmit = defineStepRoute({
  event: 'resubmit',
  summary: 'Resubmit a returned share request (consumer)',
  description:
    'The requesting agency’s consumer corrects a returned request (same entry) and submits it again for acceptance.',
  body: z.strictObject({ input: ShareRequestInputSchema }),
  toEvent: ({ input }) => ({ type: 'resubmit', input }),
});
