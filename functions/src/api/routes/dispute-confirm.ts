import * as z from 'zod';
import { defineDisputeStepRoute } from '../dispute-step.ts';

/** `POST /api/v1/disputes/{id}/confirm`: the provider confirms a cross-check's finding. */
export const disputeConfirm = defineDisputeStepRoute({
  event: 'confirm',
  summary: "Confirm a cross-check's finding as a dispute to verify (provider)",
  description:
    'A candidate dispute found by a cross-check (多元校核) becomes a dispute being verified, due 5 working days after the confirmation. Needs the provider role of the providing agency.',
  body: z.strictObject({}),
  toEvent: () => ({ type: 'confirm' }),
});
