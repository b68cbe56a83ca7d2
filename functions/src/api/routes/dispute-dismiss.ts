import { defineDisputeStepRoute, ReasonBodySchema } from '../dispute-step.ts';

/** `POST /api/v1/disputes/{id}/dismiss`: the provider dismisses a cross-check's finding, with the reason. */
export const disputeDismiss = defineDisputeStepRoute({
  event: 'dismiss',
  summary: "Dismiss a cross-check's finding (provider)",
  description:
    'A candidate dispute found by a cross-check is dismissed with the reason (for example a total row kept on purpose); final. Needs the provider role of the providing agency.',
  body: ReasonBodySchema('Why the finding is not an error'),
  toEvent: ({ reason }) => ({ type: 'dismiss', reason }),
});
