import * as z from 'zod';

import { defineStepRoute } from '../share-request-step.ts';

/** `POST /api/v1/share-requests/{id}/accept`: the platform takes the request into the process (统一受理). */
export const shareRequestAccept = defineStepRoute({
  event: 'accept',
  summary: 'Accept a share request (reviewer)',
  description:
    '统一受理: the platform reviewer accepts a submitted request; the providing agency then has its decision deadline (10 working days by default). Needs the reviewer role.',
  body: z.strictObject({}),
  toEvent: () => ({ type: 'accept' }),
});
