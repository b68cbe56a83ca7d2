import { defineDisputeStepRoute, ReasonBodySchema } from '../dispute-step.ts';

/** `POST /api/v1/disputes/{id}/extend`: the provider extends the deadline once, with the reason. */
export const disputeExtend = defineDisputeStepRoute({
  event: 'extend',
  summary: 'Extend the verification deadline once (provider)',
  description:
    'Moves the deadline to 10 working days from the report (or from the confirmation of a cross-check finding). Allowed once, with a reason, before the deadline passes; afterwards 409. Needs the provider role of the providing agency.',
  body: ReasonBodySchema('Why more time is needed; the reporter sees it'),
  toEvent: ({ reason }) => ({ type: 'extend', reason }),
});
