import * as z from 'zod';
import { defineDisputeStepRoute } from '../dispute-step.ts';

/** `POST /api/v1/disputes/{id}/verify`: the provider takes a report up for verification. */
export const disputeVerify = defineDisputeStepRoute({
  event: 'verify',
  summary: 'Take a disputed-data report up for verification (provider)',
  description:
    'The providing agency starts verifying a reported cell (核实); the deadline of 5 working days from the report keeps running. Needs the provider role of the providing agency.',
  body: z.strictObject({}),
  toEvent: () => ({ type: 'verify' }),
});
