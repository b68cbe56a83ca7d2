import * as z from 'zod';
import { DEMAND_TEXT_LIMITS } from '../../core/demands/demand.ts';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/withdraw`: the requesting agency takes its demand back. */
export const demandWithdraw = defineDemandStepRoute({
  event: 'withdraw',
  summary: 'Withdraw a demand (consumer)',
  description:
    'The requesting agency’s consumer withdraws a demand before a provider accepts it (submitted or assigned). Final. Needs the consumer role of the requesting agency.',
  body: z.strictObject({
    reason: z.string().trim().max(DEMAND_TEXT_LIMITS.reason).optional().describe('Why, optionally'),
  }),
  toEvent: ({ reason }) => ({ type: 'withdraw', ...(reason !== undefined && { reason }) }),
});
