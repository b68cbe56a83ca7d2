import * as z from 'zod';
import { DemandLinkSchema } from '../../core/demands/demand.ts';
import { defineDemandStepRoute } from '../demand-step.ts';

/** `POST /api/v1/demands/{id}/fulfil`: the provider links what fulfilled a responsibility item. */
export const demandFulfil = defineDemandStepRoute({
  event: 'fulfil',
  summary: 'Fulfil a responsibility item (provider)',
  description:
    'The assigned provider links what fulfilled the item: an entry of the share catalog it provides ({ entry }), or a grant it made through a share request ({ grant }); a create-entry item needs an entry. An unknown entry, another agency’s entry, or a grant the provider did not make is a 400 naming `link.entry` or `link.grant`, audited, and nothing changes. The requester is notified. Needs the provider role of the assigned agency.',
  body: z.strictObject({
    link: DemandLinkSchema.describe('{ "entry": "分类码/顺序码" } or { "grant": "gr_…" }'),
  }),
  toEvent: ({ link }) => ({ type: 'fulfil', link }),
});
