import * as z from 'zod';
import { IsoDateSchema } from '../../core/schemas/common.ts';
import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/approve`: the provider grants the approved fields until a day. */
export const shareRequestApprove = defineStepRoute({
  event: 'approve',
  summary: 'Approve a share request (provider)',
  description:
    'The providing agency approves an accepted request: the grant covers the listed fields (a subset of those requested) until expiresOn (at most the requested period’s end). Needs the provider role of the providing agency.',
  body: z.strictObject({
    fields: z
      .array(z.string().trim().min(1))
      .min(1)
      .max(200)
      .describe('The 信息项 granted, among those requested'),
    expiresOn: IsoDateSchema.describe('The last day of use, YYYY-MM-DD'),
  }),
  toEvent: ({ fields, expiresOn }) => ({ type: 'approve', fields, expiresOn }),
});
