import * as z from 'zod';
import { DEMAND_TEXT_LIMITS } from '../../core/demands/demand.ts';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/decline`: a reviewer turns a submitted demand down, saying why. */
export const demandDecline = defineDemandStepRoute({
  event: 'decline',
  summary: 'Decline a demand (reviewer)',
  description:
    'A platform reviewer turns a submitted demand down with a reason the requester sees, e.g. that the data is already shared under another entry. Final. Needs the reviewer role.',
  body: z.strictObject({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(DEMAND_TEXT_LIMITS.reason)
      .describe('Why, for the requester'),
  }),
  toEvent: ({ reason }) => ({ type: 'decline', reason }),
});
