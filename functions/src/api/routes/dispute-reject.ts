import { defineDisputeStepRoute, ReasonBodySchema } from '../dispute-step.ts';

/** `POST /api/v1/disputes/{id}/reject`: the provider finds the data right, with the reason. */
export const disputeReject = defineDisputeStepRoute({
  event: 'reject',
  summary: 'Reject a disputed-data report after verification (provider)',
  description:
    'The providing agency finds the reported cell correct and says why; final, and the reporter sees the reason on their status page. Needs the provider role of the providing agency.',
  body: ReasonBodySchema('Why the data is right; the reporter sees it'),
  toEvent: ({ reason }) => ({ type: 'reject', reason }),
});
