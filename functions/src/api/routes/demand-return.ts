import * as z from 'zod';
import { DEMAND_TEXT_LIMITS } from '../../core/demands/demand.ts';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/return`: the assigned provider hands a demand back to the reviewers. */
export const demandReturn = defineDemandStepRoute({
  event: 'return',
  summary: 'Return a demand to the reviewers (provider)',
  description:
    'The assigned provider returns a demand that is not theirs to fulfil, with a reason; it is submitted again, without a provider, and the reviewers are notified to assign it afresh. Needs the provider role of the assigned agency.',
  body: z.strictObject({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(DEMAND_TEXT_LIMITS.reason)
      .describe('Why, for the reviewers'),
  }),
  toEvent: ({ reason }) => ({ type: 'return', reason }),
});
