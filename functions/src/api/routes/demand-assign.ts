import * as z from 'zod';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/assign`: a reviewer names the agency that should provide the data. */
export const demandAssign = defineDemandStepRoute({
  event: 'assign',
  summary: 'Assign a demand to a providing agency (reviewer)',
  description:
    'A platform reviewer assigns a submitted demand to the agency that holds or should hold the data; that agency’s providers are notified. The provider must be an agency of the share catalog: an unknown one is a 400 naming `provider`, audited, and nothing changes. Needs the reviewer role.',
  body: z.strictObject({
    // Checked by the service, not here, so that a refused provider is audited like any refusal.
    provider: z.string().trim().min(1).max(100).describe('The providing agency’s code, e.g. nbs'),
  }),
  toEvent: ({ provider }) => ({ type: 'assign', provider }),
});
