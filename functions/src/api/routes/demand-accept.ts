import * as z from 'zod';
import { DEMAND_TEXT_LIMITS, ResponsibilityKindSchema } from '../../core/demands/demand.ts';
import { IsoDateSchema } from '../../core/schemas/common.ts';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/accept`: the provider takes a demand on as a responsibility item. */
export const demandAccept = defineDemandStepRoute({
  event: 'accept',
  summary: 'Accept a demand as a responsibility item (provider)',
  description:
    'The assigned provider commits to a responsibility item (责任清单): a catalog entry to create (create-entry) or a share type to widen (widen-share), due on a day not before today (Asia/Shanghai). Past that day unfulfilled it is overdue. The requester is notified. Needs the provider role of the assigned agency.',
  body: z.strictObject({
    kind: ResponsibilityKindSchema.describe('create-entry or widen-share'),
    dueOn: IsoDateSchema.describe('The last day to fulfil it on time, YYYY-MM-DD'),
    note: z
      .string()
      .trim()
      .max(DEMAND_TEXT_LIMITS.note)
      .optional()
      .describe('What the provider will do, optionally'),
  }),
  toEvent: ({ kind, dueOn, note }) => ({
    type: 'accept',
    kind,
    dueOn,
    ...(note !== undefined && { note }),
  }),
});
